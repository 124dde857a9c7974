// Before ink: see forward.test.tsx (undici must be the global dispatcher first).
import 'undici';
import { render, cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { arrivalsFrom, parsePublicUrl, Tunnel, tunnelView } from '../../src/tunnel/index.js';
import { App } from '../../src/tui/components/App.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { mono } from './helpers.js';

let srv: TestServer | undefined;
afterEach(async () => {
  cleanup();
  await srv?.close();
  srv = undefined;
});

describe('tui with a public URL', () => {
  it('shows the public URL and the probe state in the header, and a tunnel change on the status line', async () => {
    srv = await startServer();
    const tunnel = new Tunnel(parsePublicUrl(srv.url), { awaitArrival: arrivalsFrom(srv.server) });
    await tunnel.start(srv.server.port);
    const session = { server: srv.server, store: srv.store, secrets: {}, urls: [srv.url], quit: vi.fn(), tunnel: tunnelView(tunnel) };
    const { lastFrame } = render(<App session={session} paint={mono} />);
    await vi.waitFor(() => expect(lastFrame()).toContain(`public ${srv!.url} (probe ok)`));
    // The empty list points at the public callback URLs, not loopback routes.
    expect(lastFrame()).toContain(`No captures yet. Paste into your gateway:`);
    expect(lastFrame()).toContain(`SMSC.ru: ${srv.url}/smsc?charset=utf-8&fmt=3&md5=<your-secret>`);
    // The facts an engine restart gives (tunnel.test / standins.test cover the engines themselves).
    tunnel.emit('down', { detail: 'cloudflared exited with code 1', restarting: true });
    await vi.waitFor(() => expect(lastFrame()).toContain('public (tunnel DOWN)'));
    expect(lastFrame()).toContain('tunnel down: cloudflared exited with code 1; restarting');
    // Back with a new URL: its passing probe keeps the "paste it again" on the status line.
    tunnel.emit('up', { publicUrl: 'https://new-name.trycloudflare.com', changed: true, previous: srv.url });
    tunnel.emit('probe', { reachable: true, kind: 'ok', status: 200, detail: 'a probe through https://new-name.trycloudflare.com reached this listener in 9 ms', publicUrl: 'https://new-name.trycloudflare.com' });
    await vi.waitFor(() => expect(lastFrame()).toContain('new public URL https://new-name.trycloudflare.com (probe ok): paste it'));
    await tunnel.stop();
  });
});

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pasteLines, tunnelJson, tunnelLine } from '../../src/output/tunnel-lines.js';
import { callbackUrls } from '../../src/output/paste.js';
import { providers } from '../../src/providers/registry.js';
import { arrivalsFrom, lastUrlFile, onTunnelState, parsePublicUrl, rememberPublicUrl, Tunnel, urlChangedWarning, type TunnelState } from '../../src/tunnel/index.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

describe('--public-url: same facts, no engine', () => {
  it('announces up, then the probe result, in the NDJSON tunnel shape', async () => {
    srv = await startServer();
    const tunnel = new Tunnel(parsePublicUrl(`${srv.url}/`), { awaitArrival: arrivalsFrom(srv.server) });
    const states: TunnelState[] = [];
    onTunnelState(tunnel, (s) => states.push(s));
    expect(await tunnel.start(srv.server.port)).toBe(srv.url);
    expect(tunnel.pid).toBeUndefined();
    expect(states.map(tunnelJson)).toEqual([
      { type: 'tunnel', engine: 'url', publicUrl: srv.url, state: 'up', reachable: null, detail: `url gives ${srv.url}` },
      { type: 'tunnel', engine: 'url', publicUrl: srv.url, state: 'up', reachable: true, detail: expect.stringMatching(/^a probe through .* reached this listener in \d+ ms$/) },
    ]);
    expect(tunnelLine(states[0]!)).toBe(`tunnel url up: ${srv.url}`);
    expect(tunnelLine(states[1]!)).toMatch(/^tunnel url works: a probe through/);
    expect(tunnelLine({ engine: 'cloudflared', publicUrl: 'https://a.trycloudflare.com', state: 'down', reachable: null, detail: 'cloudflared exited with code 1; restarting' })).toBe('tunnel cloudflared down: cloudflared exited with code 1; restarting');
    expect(srv.store.count()).toBe(0);
    await tunnel.stop();
  });

  it('remembers the last public URL beside the store for the URL-changed warning', () => {
    const tmp = tempDir();
    try {
      const file = lastUrlFile(join(tmp.dir, 'captures.db'));
      expect(file).toBe(join(tmp.dir, 'last-public-url'));
      expect(rememberPublicUrl(file, 'https://a.trycloudflare.com')).toBeNull();
      const previous = rememberPublicUrl(file, 'https://b.trycloudflare.com');
      expect(previous).toBe('https://a.trycloudflare.com');
      expect(urlChangedWarning(previous, 'https://b.trycloudflare.com')).toMatch(/^the public URL changed since the last run/);
    } finally {
      tmp.cleanup();
    }
  });

  it('draws the paste-this block with provider names', () => {
    const lines = pasteLines(callbackUrls('https://hooks.example.com'));
    expect(lines[0]).toBe('paste into your gateway (callback URL):');
    expect(lines[1]).toMatch(/^ {2}SMSC\.ru +https:\/\/hooks\.example\.com\/smsc\?charset=utf-8&fmt=3&md5=<your-secret>$/);
    // A title, then a URL line and a note line per provider.
    expect(lines).toHaveLength(1 + 2 * providers.length);
  });
});

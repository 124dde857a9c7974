import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runListen, type ListenOptions } from '../../src/commands/listen.js';
import { headerValue } from '../../src/core/raw-request.js';
import { listSamples, loadSample } from '../../src/core/samples.js';
import { memoryIo } from '../helpers/io.js';
import { tempDir } from '../helpers/tmp.js';
import { FakeStdin, FakeStdout } from './terminal.js';
import { unclaimedPort } from '../helpers/ports.js';

// ink (loaded by listen when it draws) writes frames only at exit when it thinks it runs in CI;
// this file stands in for a real terminal, so it must see every frame. Nothing here loaded ink yet.
process.env.CI = '0';
process.env.CONTINUOUS_INTEGRATION = '0';

let closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of closers.reverse()) await c();
  closers = [];
});

/** A plain node:http app on a given port (0: any), answering 200 OK. */
async function appOn(port: number): Promise<{ url: string; port: number; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('OK'));
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const bound = (server.address() as { port: number }).port;
  const app = {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  closers.push(() => app.close().catch(() => undefined));
  return app;
}

const smscDelivered = loadSample(listSamples('smsc').find((s) => s.name === 'delivered')!);

async function post(url: string): Promise<number> {
  const res = await request(`${url}${smscDelivered.url}`, { method: 'POST', body: smscDelivered.body, headers: { 'content-type': headerValue(smscDelivered.headers, 'content-type')! } });
  await res.body.dump();
  return res.statusCode;
}

function options(port: number, target: string, more: Partial<ListenOptions> = {}): ListenOptions {
  const tmp = tempDir('wk-listen-tui-');
  closers.push(tmp.cleanup);
  return { host: '127.0.0.1', port, storePath: join(tmp.dir, 'captures.db'), maxBody: 1024 * 1024, json: false, secrets: {}, forward: { target, pathMode: 'keep', timeoutMs: 2000 }, ...more };
}

// eslint-disable-next-line no-control-regex
const plainText = (s: string): string => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

/** `listen --forward-to <target>` in-process on a fake terminal; the helpers read its frames and type keys. */
async function startTuiListen(port: number, target: string) {
  const io = memoryIo();
  const stdout = Object.assign(new FakeStdout(130, 30), { isTTY: true });
  const stdin = new FakeStdin();
  const done = runListen(options(port, target, { tui: true }), { ...io, stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream });
  closers.push(async () => {
    stdin.write('q');
    await done;
  });
  // The latest whole frame (ink writes each one in full, after erasing the last).
  const screen = (): string => plainText(stdout.frames.findLast((f) => f.includes('webhook-kit listening')) ?? '');
  const rows = (): string[] => screen().split('\n').filter((l) => / smsc +status /.test(l));
  const key = async (k: string): Promise<void> => {
    stdin.write(k);
    // One key per read, as typed.
    await new Promise((r) => setImmediate(r));
  };
  // The first frame waits for the TUI's modules to load.
  await vi.waitFor(() => expect(screen()).toContain(`listening on http://127.0.0.1:${port}  → ${target}`), { timeout: 10_000 });
  return { io, done, screen, rows, key };
}

describe('listen --forward-to in the TUI', () => {
  it('keeps the health lines off stderr while drawing, and shows them on the status line and header', async () => {
    let app = await appOn(0);
    const port = await unclaimedPort();
    const { io, done, screen, rows, key } = await startTuiListen(port, app.url);
    await vi.waitFor(() => expect(screen()).toContain(`→ ${app.url} (app up)`));
    expect(await post(`http://127.0.0.1:${port}`)).toBe(200);
    await vi.waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]).toMatch(/delivered \* 200 ✓ /);

    // The app goes away and comes back: the frame says so, stderr does not.
    await app.close();
    expect(await post(`http://127.0.0.1:${port}`)).toBe(502);
    await vi.waitFor(() => expect(screen()).toContain(`→ ${app.url} (app DOWN)`));
    expect(screen()).toContain(`your app at ${app.url} is not reachable: connection refused at 127.0.0.1:${app.port}`);
    await vi.waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows()[1]).toMatch(/delivered \* ✗ unreachable /);
    app = await appOn(app.port);
    await vi.waitFor(() => expect(screen()).toContain(`your app at ${app.url} is back`), { timeout: 5000 });
    expect(screen()).toContain(`→ ${app.url} (app up)`);

    await key('q');
    expect(await done).toBe(0);
    // Only what was said before the TUI opened.
    expect(io.err()).toBe(`forwarding to ${app.url} (received path and query appended)\n`);
  });

  it('lists a replay sent with r beside its original, and once only when it was sent to this listener', async () => {
    const app = await appOn(0);
    const port = await unclaimedPort();
    const { screen, rows, key } = await startTuiListen(port, app.url);
    expect(await post(`http://127.0.0.1:${port}`)).toBe(200);
    await vi.waitFor(() => expect(rows()).toHaveLength(1));

    // r to another URL: the replay is stored by replay's code and listed, linked to its original.
    await key('r');
    await vi.waitFor(() => expect(screen()).toMatch(/replay (\w+) to URL:/));
    const originalId = /replay (\w+) to URL:/.exec(screen())![1]!;
    for (const ch of `${app.url}/hook`) await key(ch);
    await key('\r');
    await vi.waitFor(() => expect(screen()).toMatch(new RegExp(`replay ${originalId} → ${app.url}/hook: 200, stored as \\w+ · SMSC.ru would count this as received`)));
    await vi.waitFor(() => expect(rows()).toHaveLength(2));
    const replayId = /stored as (\w+)/.exec(screen())![1]!;
    // Sent, not received: this session's count stays at 1.
    expect(screen()).toContain('this session 1 (smsc 1)');
    expect(rows()[1]).toMatch(/^> .*\/hook .*delivered \* 200 ✓ /);
    await key('d');
    await vi.waitFor(() => expect(screen()).toContain('[decoded]'));
    expect(screen()).toContain('replay target 200: ✓ SMSC.ru would count this as received');
    await key('\t');
    await key('\t');
    await vi.waitFor(() => expect(screen()).toContain('[headers]'));
    expect(screen()).toContain(`from replay at `);
    expect(screen()).toContain(`(replay of ${originalId})`);
    await key('d');
    await vi.waitFor(() => expect(screen()).not.toContain('[headers]'));

    // r to this listener: its own capture event lists the replay; it is not listed twice.
    await key('g');
    await vi.waitFor(() => expect(screen()).toContain('follow off'));
    await key('r');
    await vi.waitFor(() => expect(screen()).toContain(`replay ${originalId} to URL: ${app.url}/hook_`));
    await key('\x15');
    for (const ch of `http://127.0.0.1:${port}`) await key(ch);
    await key('\r');
    await vi.waitFor(() => expect(screen()).toMatch(new RegExp(`replay ${originalId} → http://127.0.0.1:${port}: 200 · SMSC.ru would count this as received`)));
    await vi.waitFor(() => expect(screen()).toContain('this session 2 (smsc 2)'));
    expect(screen()).not.toContain('stored as');
    expect(rows()).toHaveLength(3);
    expect(rows().filter((r) => r.includes(replayId))).toHaveLength(0);
  });

  it('without the TUI, says on stderr when the app goes away and when it is back, as before', async () => {
    let app = await appOn(0);
    const port = await unclaimedPort();
    const io = memoryIo();
    const done = runListen(options(port, app.url, { tui: false, count: 2 }), io);
    await vi.waitFor(() => expect(io.err()).toContain(`forwarding to ${app.url}`));
    await app.close();
    expect(await post(`http://127.0.0.1:${port}`)).toBe(502);
    await vi.waitFor(() =>
      expect(io.err()).toContain(`\nyour app at ${app.url} is not reachable: connection refused at 127.0.0.1:${app.port}: is your app running?; captures are still stored and answered 502\n`),
    );
    app = await appOn(app.port);
    await vi.waitFor(() => expect(io.err()).toContain(`\nyour app at ${app.url} is back\n`), { timeout: 5000 });
    expect(await post(`http://127.0.0.1:${port}`)).toBe(200);
    expect(await done).toBe(0);
  });
});

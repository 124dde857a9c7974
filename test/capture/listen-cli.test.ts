import { writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startListen, startPlainListen, type ListenChild } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

let child: ListenChild | undefined;
let tmp = tempDir();
afterEach(() => {
  child?.child.kill('SIGKILL');
  child = undefined;
  tmp.cleanup();
  tmp = tempDir();
});

describe('webhook-kit listen', () => {
  it('prints a ready line, then one NDJSON capture per request, and exits 0 after --count', async () => {
    const store = join(tmp.dir, 'c.db');
    child = await startListen(['--store', store, '--count', '2']);
    expect(child.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(child.store).toBe(store);
    const r1 = await request(`${child.url}/hook?a=1&charset=utf-8`, { method: 'POST', body: 'x=%D0%94%D0%B0', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await r1.body.dump();
    const r2 = await request(`${child.url}/other`, { method: 'GET' });
    await r2.body.dump();
    const caps = await child.captures(2);
    expect(await child.exit).toBe(0);
    expect(caps[0]).toMatchObject({
      type: 'capture',
      method: 'POST',
      path: '/hook',
      query: { a: '1', charset: 'utf-8' },
      contentType: 'application/x-www-form-urlencoded',
      charset: 'utf-8',
      size: 14,
      truncated: false,
      parseError: null,
      fields: { x: 'Да' },
      provider: null,
      signature: { state: 'unchecked' },
      answer: { status: 200 },
    });
    expect(caps[0]!.id).toMatch(/^[2-9a-z]{6}$/);
    expect(caps[0]!.headers).toContainEqual(['content-type', 'application/x-www-form-urlencoded']);
    expect(new Date(caps[0]!.receivedAt as string).getTime()).toBeGreaterThan(0);
    expect(caps[1]).toMatchObject({ method: 'GET', path: '/other', fields: null, size: 0 });
  });

  it('exits 1 with a clear line when --count is not reached before --timeout', async () => {
    const res = await runCli(['listen', '--port', '0', '--store', join(tmp.dir, 'c.db'), '--count', '3', '--timeout', '0.5', '--json']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/timed out after 0.5s: got 0 of 3 captures/);
  });

  it('names a busy port and suggests --port 0', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as { port: number }).port;
    const res = await runCli(['listen', '--port', String(port), '--store', join(tmp.dir, 'c.db')]);
    blocker.close();
    expect(res.code).toBe(3);
    expect(res.stderr.trim().split('\n').pop()).toBe(`webhook-kit: port ${port} on 127.0.0.1 is in use; pass --port 0 for a free port or stop the other listener`);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints plain lines when stdout is not a terminal', async () => {
    const listen = await startPlainListen(['--port', '0', '--store', join(tmp.dir, 'c.db'), '--count', '1']);
    expect(listen.stderr()).not.toMatch(/\x1b\[/); // NO_COLOR: no colour codes
    const res = await request(`${listen.url}/plain`, { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain' } });
    await res.body.dump();
    expect(await listen.exit).toBe(0);
    const out = listen.stdout();
    expect(out.trim()).toMatch(/^\d\d:\d\d:\d\d\.\d{3}  [2-9a-z]{6}  POST \/plain  5 B  text\/plain  → 200  hello$/);
  });

  it('reports unknown commands and flags in one line with exit 2', async () => {
    const a = await runCli(['lisen']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/^webhook-kit: unknown command 'lisen'/);
    const b = await runCli(['listen', '--prot', '1']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/unknown option '--prot'/);
    const c = await runCli(['listen', '--port', 'abc']);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/expected a port/);
  });

  it('refuses flags that would do nothing with or without --forward-to, in one line', async () => {
    const respond = await runCli(['listen', '--port', '0', '--forward-to', 'http://127.0.0.1:1', '--respond-delay', '100']);
    expect([respond.code, respond.stderr]).toEqual([2, "webhook-kit: option '--respond-delay <ms>' cannot be used with option '--forward-to <url>' (see --help)\n"]);
    const mode = await runCli(['listen', '--port', '0', '--forward-path-mode', 'replace']);
    expect([mode.code, mode.stderr]).toEqual([2, 'webhook-kit: --forward-path-mode only applies with --forward-to <url>; add --forward-to or drop --forward-path-mode\n']);
  });

  it('relays many callbacks at once without a warning on stderr (one abort listener per waiting relay)', async () => {
    // The app answers nobody until 12 relays wait on it: listen then holds 12 at once, past
    // Node's default of 10 listeners on its stop signal (server.ts stopRelays).
    const held: ServerResponse[] = [];
    const app = createHttpServer((req, res) => {
      req.resume();
      req.on('end', () => {
        held.push(res);
        if (held.length === 12) for (const r of held) r.end('OK');
      });
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = app.address() as AddressInfo;
      child = await startListen(['--store', join(tmp.dir, 'c.db'), '--count', '12', '--forward-to', `http://127.0.0.1:${port}`]);
      const answers = await Promise.all(
        Array.from({ length: 12 }, async (_, i) => {
          const r = await request(`${child!.url}/smsc`, { method: 'POST', body: `id=${i}&phone=79991234567&status=1&err=0`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
          return `${r.statusCode} ${await r.body.text()}`;
        }),
      );
      expect(answers).toEqual(Array(12).fill('200 OK'));
      expect(await child.exit).toBe(0);
      expect(child.stderr()).not.toMatch(/Warning|MaxListeners/);
    } finally {
      app.closeAllConnections();
      app.close();
    }
  });

  it('says what to do when the store cannot be created', async () => {
    const file = join(tmp.dir, 'a-file');
    writeFileSync(file, 'not a folder');
    const res = await runCli(['listen', '--port', '0', '--store', join(file, 'c.db')]);
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/^webhook-kit: cannot open the store \S+a-file\/c\.db: [^\n]+; pass --store <file> in a writable folder or set WEBHOOK_KIT_HOME\n$/);
  });
});


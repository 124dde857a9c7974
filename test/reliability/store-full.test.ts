import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CaptureServer } from '../../src/capture/server.js';
import { Store } from '../../src/capture/store.js';
import { runCli, startListen, type ListenChild } from '../helpers/cli.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';

let srv: TestServer | undefined;
let listen: ListenChild | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  await srv?.close();
  srv = undefined;
  listen?.child.kill('SIGKILL');
  listen = undefined;
  cleanups.splice(0).forEach((c) => c());
});

async function post(url: string, body: Buffer | string): Promise<number> {
  const res = await request(url, { method: 'POST', body, headers: { 'content-type': 'text/plain' } });
  await res.body.dump();
  return res.statusCode;
}

/** Every 2xx body must be in the store: the one promise that matters when the disk is full. */
function expectAckedStored(store: Store, acked: readonly string[]): void {
  const stored = new Set([...store.iterate()].map((r) => r.body.toString()));
  expect(acked.filter((b) => !stored.has(b))).toEqual([]);
}

const isOneLine = (s: string): boolean => s.length > 0 && !s.includes('\n');

describe('store full or failing', () => {
  it('answers 500 (never 2xx), says why once, keeps running and recovers when space returns', async () => {
    srv = await startServer();
    const problems: Error[] = [];
    const recovered: string[] = [];
    srv.server.on('problem', (e: Error) => problems.push(e));
    srv.server.on('recovered', (m: string) => recovered.push(m));
    srv.store.limitSize(1); // no page can be added (SQLite keeps the current size as the cap)
    const bodies = Array.from({ length: 30 }, (_, i) => `${i}:${'x'.repeat(20_000)}`);
    const statuses = await Promise.all(bodies.map((b) => post(`${srv!.url}/full`, b)));
    expect(statuses.filter((s) => s === 500).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 500 || s === 200)).toBe(true);
    expectAckedStored(srv.store, bodies.filter((_, i) => statuses[i] === 200));
    // One line for the whole streak, naming the cause and the way out.
    expect(problems).toHaveLength(1);
    expect(isOneLine(problems[0]!.message)).toBe(true);
    expect(problems[0]!.message).toMatch(/is full \(SQLITE_FULL.*answered 500 and not stored.*free disk space/);

    srv.store.limitSize(1024 ** 3);
    const after = `after:${'y'.repeat(20_000)}`;
    expect(await post(`${srv.url}/full`, after)).toBe(200);
    expectAckedStored(srv.store, [after]);
    expect(recovered).toHaveLength(1);
    expect(recovered[0]).toMatch(/writes again; \d+ requests? (was|were) answered 500 and not stored meanwhile/);
    expect(problems).toHaveLength(1);
  });

  it('answers 500 when the disk fails mid-write, and recovers when it works again', async () => {
    srv = await startServer();
    const problems: Error[] = [];
    srv.server.on('problem', (e: Error) => problems.push(e));
    const real = srv.store.insertBatch.bind(srv.store);
    srv.store.insertBatch = () => {
      throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' });
    };
    expect(await Promise.all([post(`${srv.url}/io`, 'a=1'), post(`${srv.url}/io`, 'a=2')])).toEqual([500, 500]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/failed to write \(SQLITE_IOERR_WRITE: disk I\/O error\).*check the disk/);
    srv.store.insertBatch = real;
    expect(await post(`${srv.url}/io`, 'a=3')).toBe(200);
    expectAckedStored(srv.store, ['a=3']);
  });

  it('answers 500 on a store it cannot write, and says to check permissions', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const file = join(tmp.dir, 'ro.db');
    Store.open(file).close();
    const store = Store.open(file, { readonly: true });
    const server = new CaptureServer({ store, host: '127.0.0.1', port: 0, maxBody: 1024 });
    const url = await server.listen();
    cleanups.push(() => store.close());
    try {
      const problems: Error[] = [];
      server.on('problem', (e: Error) => problems.push(e));
      expect(await post(`${url}/ro`, 'a=1')).toBe(500);
      expect(await post(`${url}/ro`, 'a=2')).toBe(500); // still running, still honest
      expect(problems).toHaveLength(1);
      expect(problems[0]!.message).toMatch(/is not writable \(SQLITE_READONLY.*check the file's permissions or pass --store/);
    } finally {
      await server.close(100);
    }
  });

  it('listen --max-store-size: 500s and one stderr line when full, 2xx again after `clear`', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const store = join(tmp.dir, 'small.db');
    listen = await startListen(['--store', store, '--max-store-size', '64k']);
    const acked: string[] = [];
    let status = 200;
    for (let i = 0; i < 40 && status !== 500; i++) {
      const body = `${i}:${'z'.repeat(8000)}`;
      status = await post(`${listen.url}/small`, body);
      if (status === 200) acked.push(body);
    }
    expect(status).toBe(500);
    expect(await post(`${listen.url}/small`, `more:${'z'.repeat(8000)}`)).toBe(500);
    await vi.waitFor(() => expect(listen!.stderr()).toMatch(/is full/));
    const full = listen.stderr().split('\n').filter((l) => /is full/.test(l));
    expect(full).toHaveLength(1);
    expect(full[0]).toMatch(/^webhook-kit: the store .* is full .*free disk space, raise --max-store-size, pass --retention rotate to keep the newest, or run `webhook-kit clear`$/);

    const reader = Store.open(store);
    expectAckedStored(reader, acked);
    reader.close();
    const cleared = await runCli(['clear', '--yes', '--store', store]);
    expect(cleared.code).toBe(0);
    const again = `again:${'z'.repeat(8000)}`;
    expect(await post(`${listen.url}/small`, again)).toBe(200);
    await vi.waitFor(() => expect(listen!.stderr()).toMatch(/the store writes again; \d+ requests? (was|were) answered 500/));
    listen.child.kill('SIGTERM');
    expect(await listen.exit).toBe(0);
    const after = Store.open(store);
    expectAckedStored(after, [again]);
    expect(after.integrity()).toBe('ok');
    after.close();

    // Started on a store larger than its --max-store-size already: told before the first callback.
    listen = await startListen(['--store', store, '--max-store-size', '4k']);
    await vi.waitFor(() => expect(listen!.stderr()).toContain(`warning: the store ${store} is already larger than --max-store-size, so it will not grow: once the room inside it is used, callbacks are answered 500 and not stored; raise --max-store-size, pass --retention rotate to keep the newest, or run \`webhook-kit clear\``));
  });
});

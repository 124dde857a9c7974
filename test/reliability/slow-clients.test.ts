import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../../src/capture/store.js';
import { startListen, type ListenChild } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { closeOf, parseAnswer } from './helpers/raw-http.js';

const SLOWLORIS = 200;
/** The endless body stops here at the latest (the listener should cut it at 16 x --max-body). */
const ENDLESS_CAP = 256 * 1024 * 1024;

let listen: ListenChild | undefined;
let tmp = tempDir();
const sockets: Socket[] = [];
afterEach(() => {
  sockets.splice(0).forEach((s) => s.destroy());
  listen?.child.kill('SIGKILL');
  listen = undefined;
  tmp.cleanup();
  tmp = tempDir();
});

/** A raw client connection, torn down after each test; `got` collects what the listener sends. */
function rawClient(port: number): { sock: Socket; got: Buffer[]; connected: Promise<unknown> } {
  const sock = connect(port, '127.0.0.1');
  sockets.push(sock);
  sock.on('error', () => undefined);
  const got: Buffer[] = [];
  sock.on('data', (d: Buffer) => got.push(d));
  return { sock, got, connected: once(sock, 'connect') };
}

/** A connection that sends its headers a line every 300 ms and never finishes them. */
async function slowloris(port: number, i: number): Promise<{ closed: Promise<Buffer> }> {
  const { sock, got, connected } = rawClient(port);
  const closed = closeOf(sock).then(() => Buffer.concat(got));
  await connected;
  sock.write(`POST /slow/${i} HTTP/1.1\r\nHost: x\r\n`);
  const timer = setInterval(() => sock.writable && sock.write(`X-Drip-${i}: a\r\n`), 300);
  void closed.then(() => clearInterval(timer));
  return { closed };
}

/** A client that streams a chunked body as fast as the listener reads it, until it is cut off. */
async function endlessBody(port: number): Promise<{ done: Promise<{ sent: number; answer: Buffer }> }> {
  const { sock, got, connected } = rawClient(port);
  await connected;
  sock.write('POST /endless HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n');
  const chunk = Buffer.concat([Buffer.from(`${(64 * 1024).toString(16)}\r\n`), Buffer.alloc(64 * 1024, 'e'), Buffer.from('\r\n')]);
  let sent = 0;
  const closed = closeOf(sock);
  const pump = (): void => {
    while (sent < ENDLESS_CAP && !sock.destroyed) {
      sent += chunk.length;
      if (!sock.write(chunk)) return void sock.once('drain', pump);
    }
  };
  pump();
  return { done: closed.then(() => ({ sent, answer: Buffer.concat(got) })) };
}

describe('slow and abusive clients', () => {
  it('200 slowloris connections and an endless body do not stop a normal request', async () => {
    const store = join(tmp.dir, 'c.db');
    // --request-timeout 3 also caps the header wait at 3 s (it is 10 s by default).
    listen = await startListen(['--store', store, '--request-timeout', '3']);
    const port = Number(new URL(listen.url).port);
    const lorises = await Promise.all(Array.from({ length: SLOWLORIS }, (_, i) => slowloris(port, i)));
    const endless = await endlessBody(port);

    const res = await request(`${listen.url}/normal`, { method: 'POST', body: 'id=1&status=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(200);
    expect(await res.body.text()).toBe('OK');
    // The NDJSON line comes right after the answer; the endless body's may come first.
    const normal = await vi.waitFor(() => {
      const line = listen!.lines.find((c) => c.type === 'capture' && c.path === '/normal');
      if (!line) throw new Error('no capture line for /normal yet');
      return line;
    });
    expect(normal).toMatchObject({ method: 'POST', size: 13, truncated: false, answer: { status: 200 } });

    // The endless body is cut at 16 x --max-body: answered 413 and stored truncated.
    const { sent, answer } = await endless.done;
    expect(sent).toBeLessThan(ENDLESS_CAP);
    expect(parseAnswer(answer)?.status).toBe(413);
    // Every slowloris connection is dropped once the header wait runs out, told why.
    const answers = await Promise.all(lorises.map((l) => l.closed));
    for (const a of answers) {
      expect(parseAnswer(a)?.status).toBe(408);
      expect(a.toString()).toContain('nothing was stored');
    }
    expect(listen.stderr()).toMatch(/answered 408 to 127\.0\.0\.1:\d+: request not complete in time; nothing was stored/);
    // ...and a line said so, not one per connection (at most one per reason every 10 s).
    expect(listen.stderr().split('\n').filter((l) => l.includes('answered 408')).length).toBeLessThan(10);

    listen.child.kill('SIGTERM');
    expect(await listen.exit).toBe(0);
    const s = Store.open(store);
    const endlessCapture = s.list().find((r) => r.url === '/endless')!;
    expect(endlessCapture.truncated).toBe(true);
    expect(endlessCapture.body.length).toBe(1024 * 1024);
    expect(s.list().filter((r) => r.url.startsWith('/slow'))).toEqual([]);
    s.close();
  });

  it('a body sent a byte at a time is cut at --request-timeout and what arrived is stored', async () => {
    const store = join(tmp.dir, 'c.db');
    listen = await startListen(['--store', store, '--request-timeout', '2']);
    const { sock, got, connected } = rawClient(Number(new URL(listen.url).port));
    await connected;
    sock.write('POST /drip HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n');
    const drip = setInterval(() => sock.writable && sock.write('d'), 100);
    await closeOf(sock);
    clearInterval(drip);
    const answer = parseAnswer(Buffer.concat(got));
    expect(answer?.status).toBe(408);
    expect(answer?.body.toString()).toContain('what arrived is stored');
    const [capture] = await listen.captures(1);
    expect(capture).toMatchObject({ path: '/drip', truncated: true, size: 1000000, answer: null });
  });
});

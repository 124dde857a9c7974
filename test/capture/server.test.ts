import { connect } from 'node:net';
import { once } from 'node:events';
import iconv from 'iconv-lite';
import { request } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureJson } from '../../src/output/ndjson.js';
import { captureLine } from '../../src/output/capture-line.js';
import { plain } from '../../src/output/paint.js';
import { startServer, type TestServer } from '../helpers/server.js';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

async function post(url: string, body: Buffer | string, headers: Record<string, string> = {}) {
  const res = await request(url, { method: 'POST', body, headers });
  const text = await res.body.text();
  return { status: res.statusCode, text };
}

describe('capture server', () => {
  it('stores raw bytes exactly, whatever they are', async () => {
    srv = await startServer();
    const bodies: Array<[string, Buffer]> = [
      ['application/octet-stream', Buffer.from([0, 1, 2, 255, 254, 0x1b, 0x9b, 13, 10])],
      ['application/x-www-form-urlencoded', Buffer.from('mes=' + [...iconv.encode('Привет мир', 'windows-1251')].map((b) => '%' + b.toString(16).toUpperCase()).join(''))],
      ['application/x-www-form-urlencoded; charset=koi8-r', Buffer.concat([Buffer.from('mes='), iconv.encode('Привет', 'koi8-r')])],
      ['application/json', Buffer.from(JSON.stringify({ text: 'hi 😀 привет' }))],
      ['text/xml', Buffer.from('<?xml version="1.0" encoding="utf-8"?><r><a x="1">b</a></r>')],
    ];
    for (const [type, body] of bodies) {
      const captured = srv.nextCapture();
      const res = await post(`${srv.url}/x?y=1`, body, { 'content-type': type });
      expect(res.status).toBe(200);
      const view = await captured;
      const stored = srv.store.get(view.record.id);
      expect(stored.body.equals(body)).toBe(true);
      expect(stored.url).toBe('/x?y=1');
      expect(stored.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1]).toBe(type);
    }
  });

  it('decodes windows-1251 and koi8-r forms into readable fields', async () => {
    srv = await startServer();
    const cp1251 = Buffer.from('mes=' + [...iconv.encode('Привет мир', 'windows-1251')].map((b) => '%' + b.toString(16)).join(''));
    let captured = srv.nextCapture();
    await post(srv.url, cp1251, { 'content-type': 'application/x-www-form-urlencoded' });
    let json = captureJson(await captured);
    expect(json.charset).toBe('windows-1251');
    expect(json.fields).toEqual({ mes: 'Привет мир' });

    captured = srv.nextCapture();
    await post(`${srv.url}/h?charset=koi8-r`, Buffer.concat([Buffer.from('mes='), iconv.encode('Привет', 'koi8-r')]), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    json = captureJson(await captured);
    expect(json.charset).toBe('koi8-r');
    expect(json.fields).toEqual({ mes: 'Привет' });
    expect(json.query).toEqual({ charset: 'koi8-r' });
  });

  it('stores an oversized body truncated, answers 413 and keeps serving', async () => {
    srv = await startServer({ maxBody: 1000 });
    const big = Buffer.alloc(5000, 'a');
    const captured = srv.nextCapture();
    const res = await post(srv.url, big, { 'content-type': 'text/plain' });
    expect(res.status).toBe(413);
    const view = await captured;
    expect(view.record.truncated).toBe(true);
    expect(view.record.size).toBe(5000);
    expect(srv.store.get(view.record.id).body.equals(big.subarray(0, 1000))).toBe(true);
    expect(captureJson(view)).toMatchObject({ truncated: true, size: 5000 });
    expect((await post(srv.url, 'ok=1')).status).toBe(200);
  });

  it('keeps malformed JSON and a wrong declared charset as parse errors', async () => {
    srv = await startServer();
    let captured = srv.nextCapture();
    expect((await post(srv.url, '{"a":', { 'content-type': 'application/json' })).status).toBe(200);
    let json = captureJson(await captured);
    expect(json.parseError).toMatch(/malformed JSON/);
    expect(json.fields).toBeNull();

    captured = srv.nextCapture();
    await post(srv.url, iconv.encode('{"t":"привет"}', 'windows-1251'), { 'content-type': 'application/json; charset=utf-8' });
    json = captureJson(await captured);
    expect(json.parseError).toMatch(/not valid UTF-8/);
    expect(json.charset).toBe('windows-1251');
    expect(json.fields).toEqual({ t: 'привет' });
  });

  it('stores terminal escapes exactly and shows them inert', async () => {
    srv = await startServer();
    const hostile = Buffer.from('text=\x1b[2J\x1b]0;owned\x07\x1b]52;c;ZXZpbA==\x07\u202eabc\x9b31m', 'utf8');
    const captured = srv.nextCapture();
    await post(srv.url, hostile, { 'content-type': 'text/plain' });
    const view = await captured;
    expect(srv.store.get(view.record.id).body.equals(hostile)).toBe(true);
    const line = captureLine(view, plain);
    expect(line).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    expect(line).toContain('\\x1b[2J');
  });

  it('drops a slow client after the request timeout, keeps what it sent, and serves others', async () => {
    srv = await startServer({ requestTimeoutMs: 300, headersTimeoutMs: 300 });
    const { port } = new URL(srv.url);
    const sock = connect(Number(port), '127.0.0.1');
    await once(sock, 'connect');
    sock.write('POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc');
    sock.resume(); // read the 408 so the close is seen
    const closed = once(sock, 'close');
    expect((await post(srv.url, 'fast=1')).status).toBe(200);
    await closed;
    await vi.waitFor(() => expect(srv!.store.list().find((r) => r.url === '/slow')).toBeDefined());
    const slow = srv.store.list().find((r) => r.url === '/slow')!;
    expect(slow.body.toString()).toBe('abc');
    expect(slow.truncated).toBe(true);
    expect(slow.size).toBe(100);
  });

  it('stores every one of many concurrent requests under its own id', async () => {
    srv = await startServer();
    const n = 200;
    const results = await Promise.all(Array.from({ length: n }, (_, i) => post(`${srv!.url}/c`, `i=${i}`)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const rows = srv.store.list();
    expect(rows).toHaveLength(n);
    expect(new Set(rows.map((r) => r.id)).size).toBe(n);
    expect(new Set(rows.map((r) => r.body.toString())).size).toBe(n);
  });

  it('answers 500, never 2xx, when the store cannot write', async () => {
    srv = await startServer();
    srv.store.limitSize(1); // the store is full: no page can be added
    const problem = once(srv.server, 'problem');
    const res = await post(srv.url, Buffer.alloc(20000, 'x'), { 'content-type': 'text/plain' });
    expect(res.status).toBe(500);
    const [err] = (await problem) as [Error];
    expect(err.message).toMatch(/not stored/);
  });
});

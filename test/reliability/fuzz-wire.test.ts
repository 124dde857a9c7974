import { once } from 'node:events';
import fc from 'fast-check';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/capture/server.js';
import type { CaptureRecord } from '../../src/capture/store.js';
import type { CaptureView } from '../../src/capture/view.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { SECRETS, expectViewable, isPolluted, prototypeSnapshot } from './helpers/capture-checks.js';
import { heapAfterGc } from './helpers/memory.js';
import { rawExchange, rawRequest } from './helpers/raw-http.js';
import { BOMBS } from './helpers/bombs.js';

// With fuzz-bodies.test.ts (4,000) this makes the 5,000+ generated requests.
const RUNS = 1200;

let srv: TestServer;
let heapBefore = 0;
const prototypesBefore = prototypeSnapshot();
let announced: CaptureRecord[] = [];
let sent = 0;
/** Outcomes seen, to prove the generator reached both sides: stored requests and refused ones. */
const outcomes = { stored: 0, refused: 0 };

beforeAll(async () => {
  srv = await startServer({ secrets: SECRETS });
  srv.server.on('capture', (v: CaptureView) => announced.push(v.record));
  heapBefore = heapAfterGc();
});
afterAll(() => srv.close());

/** A request line and headers as raw bytes: what undici refuses to send. */
interface WireCase {
  method: string;
  target: Buffer;
  /** A few arbitrary headers, or thousands of tiny ones, or one huge value (kept short so a failure prints readably). */
  headers: Array<[string, string]> | { many: number } | { huge: number };
  framing: 'length' | 'chunked' | 'bad-chunked' | 'length-and-chunked';
  body: Buffer;
}

const latin1 = (bytes: number[]): string => Buffer.from(bytes).toString('latin1');
// What HTTP/1.1 allows in a target and in a header value (obs-text included), without edge spaces.
const isValidTarget = (t: Buffer): boolean => t.length > 0 && t.every((b) => b > 0x20 && b < 0x7f);
const isValidValue = (v: string): boolean => /^[\x21-\x7e\x80-\xff]([\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?$|^$/.test(v);

const wireCase: fc.Arbitrary<WireCase> = fc.record({
  method: fc.constantFrom('POST', 'POST', 'PUT', 'GET', 'FOO', 'P\u00d8ST'),
  target: fc.oneof(
    fc.stringMatching(/^\/[\x21-\x7e]{0,60}$/).map((s) => Buffer.from(s, 'latin1')),
    fc.uint8Array({ minLength: 1, maxLength: 80 }).map((a) => Buffer.concat([Buffer.from('/'), Buffer.from(a.filter((b) => b !== 0x0d && b !== 0x0a))])),
  ),
  headers: fc.oneof(
    fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,15}$/), fc.uint8Array({ maxLength: 40 }).map((a) => latin1([...a].filter((b) => b !== 0x0d && b !== 0x0a)))), { maxLength: 10 }),
    // Thousands of headers (within, then past, the 16 KiB header limit).
    fc.record({ many: fc.integer({ min: 500, max: 4000 }) }),
    // One huge value, under and over the limit.
    fc.record({ huge: fc.integer({ min: 1000, max: 24_000 }) }),
  ),
  framing: fc.constantFrom('length', 'length', 'chunked', 'bad-chunked', 'length-and-chunked'),
  body: fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a)),
});

function headersOf(c: WireCase): Array<[string, string]> {
  if (Array.isArray(c.headers)) return c.headers;
  if ('many' in c.headers) return Array.from({ length: c.headers.many }, (_, i): [string, string] => ['h', String(i % 10)]);
  return [['x-big', 'v'.repeat(c.headers.huge)]];
}

function encode(c: WireCase, marker: string): Buffer {
  const framing: Array<[string, string]> =
    c.framing === 'length' ? [['Content-Length', String(c.body.length)]]
    : c.framing === 'length-and-chunked' ? [['Content-Length', String(c.body.length)], ['Transfer-Encoding', 'chunked']]
    : [['Transfer-Encoding', 'chunked']];
  const body =
    c.framing === 'length' ? c.body
    : c.framing === 'bad-chunked' ? Buffer.concat([Buffer.from(`${(c.body.length + 7).toString(16)}zz\r\n`), c.body, Buffer.from('\r\n0\r\n\r\n')])
    : Buffer.concat([Buffer.from(`${c.body.length.toString(16)}\r\n`), c.body, Buffer.from('\r\n0\r\n\r\n')]);
  return rawRequest(c.method, c.target, [['X-Fuzz-Id', marker], ['Host', 'fuzz'], ...headersOf(c), ...framing, ['Connection', 'close']], body);
}

/** Whether Node's parser must accept this request as sent (else it may refuse it, saying so). */
function isValidHttp(c: WireCase): boolean {
  const headers = headersOf(c);
  const headBytes = c.target.length + headers.reduce((n, [k, v]) => n + k.length + v.length + 4, 0) + 120;
  return ['POST', 'PUT', 'GET'].includes(c.method) && isValidTarget(c.target) && headers.every(([, v]) => isValidValue(v)) &&
    headBytes < LIMITS.maxHeaderSize && (c.framing === 'length' || c.framing === 'chunked');
}

/**
 * One raw exchange. An answer is either Node's refusal saying nothing was stored (and then
 * nothing was), or the request is stored; a valid request is stored exactly as sent.
 */
async function exchange(c: WireCase): Promise<void> {
  const marker = String(++sent);
  announced = [];
  const answer = await rawExchange(srv.server.port, encode(c, marker));
  expect(answer, 'every request gets an answer').not.toBeNull();
  const text = answer!.body.toString('latin1');
  if (text.includes('nothing was stored')) {
    expect([400, 408, 431]).toContain(answer!.status);
    expect(isValidHttp(c), `a valid request was refused: ${text}`).toBe(false);
    expect(announced).toEqual([]);
    outcomes.refused++;
    return;
  }
  if (text.includes('what arrived is stored') && announced.length === 0) await once(srv.server, 'capture');
  expect(announced).toHaveLength(1);
  outcomes.stored++;
  const stored = srv.store.get(announced[0]!.id);
  if (isValidHttp(c)) {
    expect(answer!.status).toBeLessThan(500);
    expect(stored.method).toBe(c.method);
    expect(stored.url).toBe(c.target.toString('latin1'));
    const headers = headersOf(c);
    expect(stored.headers.slice(2, 2 + headers.length)).toEqual(headers);
    expect(stored.body.equals(c.method === 'GET' && c.framing === 'length' && c.body.length === 0 ? Buffer.alloc(0) : c.body)).toBe(true);
  }
  expectViewable(stored);
}

describe('fuzz: hostile requests on the wire', () => {
  it('invalid bytes in paths and headers, thousands of headers, huge values, bad chunked framing', async () => {
    await fc.assert(fc.asyncProperty(wireCase, exchange), { numRuns: RUNS });
  });

  it.each(BOMBS.map((b) => [b.name, b] as const))('survives %s: stored raw, decoded without throwing', async (_name, bomb) => {
    announced = [];
    const res = await request(`${srv.url}${bomb.path}`, { method: 'POST', body: bomb.body, headers: bomb.type ? { 'content-type': bomb.type } : {} });
    await res.body.dump();
    expect(res.statusCode).toBeLessThan(500);
    expect(announced).toHaveLength(1);
    const stored = srv.store.get(announced[0]!.id);
    expect(stored.body.equals(bomb.body)).toBe(true);
    expectViewable(stored);
  });

  it('kept answering, polluted no prototype, and kept memory bounded', async () => {
    expect(sent).toBeGreaterThanOrEqual(RUNS);
    expect(outcomes.stored).toBeGreaterThan(RUNS / 10);
    expect(outcomes.refused).toBeGreaterThan(RUNS / 10);
    expect(prototypeSnapshot()).toBe(prototypesBefore);
    expect(isPolluted()).toBe(false);
    const res = await request(`${srv.url}/after`, { method: 'POST', body: 'still=here' });
    await res.body.dump();
    expect(res.statusCode).toBe(200);
    expect(heapAfterGc() - heapBefore).toBeLessThan(32);
  });
});

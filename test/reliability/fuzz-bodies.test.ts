import fc from 'fast-check';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../../src/capture/store.js';
import type { CaptureView } from '../../src/capture/view.js';
import { headerValue as findHeader } from '../../src/core/raw-request.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { SECRETS, expectViewable, headersNamed, isPolluted, prototypeSnapshot } from './helpers/capture-checks.js';
import { contentType, formBody, headerName, headerValue, invalidUtf8, jsonBody, target, xmlBody } from './helpers/hostile-input.js';
import { heapAfterGc } from './helpers/memory.js';

// 4,000 generated requests here; fuzz-wire.test.ts sends the rest of the 5,000+.
const RUNS = { bytes: 1000, form: 1200, json: 900, xml: 900 };

const CLIENT_MANAGED = /^(host|connection|content-length|transfer-encoding|keep-alive|upgrade|expect|te|trailer|proxy-connection|x-fuzz-id)$/i;

let srv: TestServer;
let client: Client;
let sent = 0;
let heapBefore = 0;
const prototypesBefore = prototypeSnapshot();
const seen = new Map<string, CaptureRecord>();

beforeAll(async () => {
  srv = await startServer({ secrets: SECRETS });
  srv.server.on('capture', (v: CaptureView) => {
    const id = findHeader(v.record.headers, 'x-fuzz-id');
    if (id) seen.set(id, v.record);
  });
  client = new Client(srv.url, { pipelining: 1 });
  heapBefore = heapAfterGc();
});

afterAll(async () => {
  await client.close();
  await srv.close();
});

interface FuzzRequest {
  method: string;
  path: string;
  type: string | undefined;
  headers: Array<[string, string]>;
  body: Buffer;
}

/** Sends one request; it must be answered, stored byte for byte, and viewable. */
async function roundTrip(r: FuzzRequest): Promise<void> {
  const id = String(++sent);
  const headers: Array<[string, string]> = [...r.headers.filter(([k]) => !CLIENT_MANAGED.test(k)), ...(r.type === undefined ? [] : [['Content-Type', r.type] as [string, string]])];
  const body = r.method === 'GET' ? Buffer.alloc(0) : r.body;
  const res = await client.request({ method: r.method as 'POST', path: r.path, headers: [['x-fuzz-id', id], ...headers].flat(), body: body.length ? body : undefined });
  await res.body.dump();
  expect(res.statusCode).toBeLessThan(500);
  const record = seen.get(id);
  seen.delete(id);
  expect(record, `request ${id} was answered ${res.statusCode} but not announced as stored`).toBeDefined();
  const stored = srv.store.get(record!.id);
  expect(stored.method).toBe(r.method);
  expect(stored.url).toBe(r.path);
  expect(stored.body.equals(body)).toBe(true);
  const names = new Set(headers.map(([k]) => k.toLowerCase()));
  expect(headersNamed(stored.headers, names)).toEqual(headers.map(([k, v]) => [k.toLowerCase(), v]));
  expectViewable(stored);
}

const method = fc.constantFrom('POST', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'GET');
const headers = fc.array(fc.tuple(headerName, headerValue), { maxLength: 8 });
const requestWith = (body: fc.Arbitrary<Buffer>, type: fc.Arbitrary<string | undefined>): fc.Arbitrary<FuzzRequest> =>
  fc.record({ method, path: target, type, headers, body });

describe('fuzz: hostile bodies against a real capture server', () => {
  it('random bytes and invalid UTF-8 under any Content-Type and charset', async () => {
    const body = fc.oneof(fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)), invalidUtf8);
    await fc.assert(fc.asyncProperty(requestWith(body, contentType), roundTrip), { numRuns: RUNS.bytes });
  });

  it('forms with prototype keys, bracket keys, bad percent-encoding, escapes and bidi', async () => {
    const type = fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=windows-1251', undefined, 'text/plain');
    await fc.assert(fc.asyncProperty(requestWith(formBody, type), roundTrip), { numRuns: RUNS.form });
  });

  it('JSON: prototype keys, nesting past the limit, cut-short documents', async () => {
    const type = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', undefined);
    await fc.assert(fc.asyncProperty(requestWith(jsonBody, type), roundTrip), { numRuns: RUNS.json });
  });

  it('XML: deep nesting, entity declarations, prototype tags', async () => {
    const type = fc.constantFrom('text/xml', 'application/xml; charset=utf-8', undefined);
    await fc.assert(fc.asyncProperty(requestWith(xmlBody, type), roundTrip), { numRuns: RUNS.xml });
  });

  it('kept answering, polluted no prototype, and kept memory bounded', async () => {
    expect(sent).toBeGreaterThanOrEqual(RUNS.bytes + RUNS.form + RUNS.json + RUNS.xml);
    expect(prototypeSnapshot()).toBe(prototypesBefore);
    expect(isPolluted()).toBe(false);
    await roundTrip({ method: 'POST', path: '/after', type: 'text/plain', headers: [], body: Buffer.from('still here') });
    // Everything sent is in SQLite, not in memory: the heap must not have grown with it.
    expect(heapAfterGc() - heapBefore).toBeLessThan(32);
  });
});

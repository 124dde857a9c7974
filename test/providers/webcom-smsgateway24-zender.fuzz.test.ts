import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseBody } from '../../src/core/body.js';
import { buildForm } from '../../src/core/form.js';
import type { RawRequest } from '../../src/core/raw-request.js';
import { listSamples, loadSample } from '../../src/core/samples.js';
import type { DecodedEvent, Provider } from '../../src/core/types.js';
import { smsgateway24 } from '../../src/providers/smsgateway24/index.js';
import { webcom } from '../../src/providers/webcom/index.js';
import { zender } from '../../src/providers/zender/index.js';

const RUNS = { numRuns: 300 };
const CONTENT_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'text/xml', 'text/plain', ''];
const request = (body: Buffer, contentType: string, url = '/hook?secret=s&token=t'): RawRequest => ({
  method: 'POST',
  url,
  headers: contentType ? [['Content-Type', contentType]] : [],
  body,
});

/** Everything a provider does with an incoming request; none of it may throw. */
function exercise(p: Provider, req: RawRequest, answer: Buffer = Buffer.from('OK')): void {
  const body = parseBody(req);
  const score = p.detect(req, body);
  expect(score).toBeGreaterThanOrEqual(0);
  expect(score).toBeLessThanOrEqual(1);
  const decoded = p.decode(req, body);
  expect(decoded.provider).toBe(p.id);
  expect(Array.isArray(decoded.events) && Array.isArray(decoded.problems)).toBe(true);
  p.verify(req, body, 's');
  p.answer(req, body, decoded);
  p.judge({ status: 200, headers: [], body: answer }, req, decoded);
  p.narrow?.(req, decoded.events.flatMap((e) => (e.messageId ? [e.messageId] : [])).slice(1));
}

const PROVIDERS = [webcom, smsgateway24, zender];

describe.each(PROVIDERS.map((p) => [p.id, p] as const))('%s never throws', (_id, p) => {
  it('on any bytes under any Content-Type', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...CONTENT_TYPES), fc.uint8Array({ maxLength: 60 }), (bytes, ct, ans) =>
        exercise(p, request(Buffer.from(bytes), ct), Buffer.from(ans)),
      ),
      RUNS,
    );
  });

  it('on any JSON', () => {
    fc.assert(fc.property(fc.json(), (json) => exercise(p, request(Buffer.from(json), 'application/json'), Buffer.from(json))), RUNS);
  });

  it('on any form', () => {
    const pairs = fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 12 });
    fc.assert(fc.property(pairs, (kv) => exercise(p, request(buildForm(kv, 'utf-8'), 'application/x-www-form-urlencoded'))), RUNS);
  });
});

describe('shape-aware fuzzing never throws', () => {
  const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string(), fc.integer());
  it('webcom: arrays of almost-items, as JSON', () => {
    const item = fc.record({ id_sms: value, time: value, state: value }, { requiredKeys: [] });
    fc.assert(fc.property(fc.array(item, { maxLength: 6 }), (items) => exercise(webcom, request(Buffer.from(JSON.stringify(items)), 'application/json'))), RUNS);
  });

  it('smsgateway24: records with documented keys of any type', () => {
    const keys = ['sms_id', 'status_id', 'sendto', 'senttime', 'address', 'body', 'date', 'type', 'img_url', 'sim'];
    const rec = fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 8 });
    fc.assert(fc.property(rec, (r) => exercise(smsgateway24, request(Buffer.from(JSON.stringify(r)), 'application/json'))), RUNS);
  });

  it('zender: any type with any data[...] fields', () => {
    const types = fc.constantFrom('sms', 'whatsapp', 'ussd', 'notification', 'x');
    const data = fc.array(fc.tuple(fc.constantFrom('id', 'rid', 'sim', 'phone', 'message', 'title', 'content', 'package', 'code', '__proto__', ''), fc.string()));
    fc.assert(
      fc.property(types, data, (type, d) => {
        const pairs: Array<[string, string]> = [['secret', 's'], ['type', type], ...d.map(([k, v]): [string, string] => [`data[${k}]`, v])];
        exercise(zender, request(buildForm(pairs, 'utf-8'), 'application/x-www-form-urlencoded'));
      }),
      RUNS,
    );
  });
});

describe('hostile text decodes as data, intact', () => {
  // Clear screen, OSC 52 clipboard write, and a right-to-left override.
  const HOSTILE = 'a\u001b[2Jb\u001b]52;c;cm0gLXJmIH4=\u0007c\u202eevil';
  const fixture = (id: string, name: string): RawRequest => loadSample(listSamples(id).find((r) => r.name === name)!);
  const roundTrip = (p: Provider, name: string, set: Record<string, string>): DecodedEvent => {
    const out = p.encode(fixture(p.id, name), 'http://127.0.0.1/hook', { set });
    return p.decode(out, parseBody(out)).events[0]!;
  };

  it.each([
    ['webcom JSON state', () => roundTrip(webcom, 'delivered', { status: HOSTILE }).status?.code],
    ['webcom XML state', () => roundTrip(webcom, 'delivered-xml', { status: HOSTILE }).status?.code],
    ['smsgateway24 body', () => roundTrip(smsgateway24, 'incoming', { text: HOSTILE }).text],
    ['zender message', () => roundTrip(zender, 'incoming', { text: HOSTILE }).text],
    ['zender notification content', () => roundTrip(zender, 'notification', { title: HOSTILE, content: HOSTILE }).text],
  ])('%s', (_n, read) => {
    expect(read()).toContain(HOSTILE);
  });
});

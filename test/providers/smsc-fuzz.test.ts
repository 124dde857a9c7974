import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseBody } from '../../src/core/body.js';
import { buildForm } from '../../src/core/form.js';
import type { RawRequest } from '../../src/core/raw-request.js';
import { smsc } from '../../src/providers/smsc/index.js';

const RUNS = { numRuns: 300 };
const CONTENT_TYPES = ['', 'application/x-www-form-urlencoded', 'application/json', 'application/xml', 'text/plain; charset=koi8-r'];
const NAMES = ['id', 'phone', 'status', 'err', 'mes', 'to', 'waitcall', 'ts', 'time', 'md5', 'sha1', 'crc32', 'charset', 'fmt', '__proto__', 'data[id]'];

/** decode, detect and verify on any request: a Decoded, a 0..1 score and a check, never a throw. */
function exercise(req: RawRequest): void {
  const body = parseBody(req);
  const decoded = smsc.decode(req, body);
  expect(decoded.provider).toBe('smsc');
  expect(Array.isArray(decoded.problems)).toBe(true);
  const score = smsc.detect(req, body);
  expect(score).toBeGreaterThanOrEqual(0);
  expect(score).toBeLessThanOrEqual(1);
  expect(['valid', 'invalid', 'absent']).toContain(smsc.verify(req, body, 'my_secret-1').state);
}

describe('smsc decoder never throws', () => {
  it('on any bytes under any Content-Type', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.constantFrom(...CONTENT_TYPES), (bytes, ct) => {
        exercise({ method: 'POST', url: '/smsc', headers: ct ? [['Content-Type', ct]] : [], body: Buffer.from(bytes) });
      }),
      RUNS,
    );
  });

  it('on any form pairs in any charset, with SMSC field names mixed in', () => {
    const key = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 12 }));
    const pairs = fc.array(fc.tuple(key, fc.string({ unit: 'grapheme', maxLength: 24 })), { maxLength: 12 });
    fc.assert(
      fc.property(pairs, fc.constantFrom('utf-8', 'windows-1251', 'koi8-r'), (list, charset) => {
        const body = buildForm(list, charset);
        exercise({ method: 'POST', url: `/smsc?charset=${charset}`, headers: [['Content-Type', 'application/x-www-form-urlencoded']], body });
      }),
      RUNS,
    );
  });

  it('on any JSON object of SMSC-like fields', () => {
    const value = fc.oneof(fc.string({ maxLength: 16 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }));
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...NAMES), value), (obj) => {
        exercise({ method: 'POST', url: '/smsc', headers: [['Content-Type', 'application/json']], body: Buffer.from(JSON.stringify(obj)) });
      }),
      RUNS,
    );
  });
});

import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseBody } from '../../src/core/body.js';
import { buildForm, parseForm } from '../../src/core/form.js';
import type { RawRequest } from '../../src/core/raw-request.js';

const req = (body: Buffer, contentType?: string, url = '/'): RawRequest => ({
  method: 'POST',
  url,
  headers: contentType === undefined ? [] : [['Content-Type', contentType]],
  body,
});

const contentTypes = fc.constantFrom(
  undefined,
  'application/json',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=koi8-r',
  'text/xml',
  'text/plain; charset=utf-8',
  'application/json; charset=nonsense',
  'multipart/form-data; boundary=x',
);

describe('parseBody', () => {
  it('never throws and never changes the raw bytes, whatever comes in', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), contentTypes, fc.constantFrom('/', '/?charset=utf-8', '/?charset=%zz'), (bytes, type, url) => {
        const body = Buffer.from(bytes);
        const copy = Buffer.from(body);
        const parsed = parseBody(req(body, type, url));
        expect(body.equals(copy)).toBe(true);
        expect(['empty', 'form', 'json', 'xml', 'text', 'binary']).toContain(parsed.kind);
        if (parsed.parseError !== null) expect(parsed.parseError).not.toContain('\n');
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips any form pairs through any supported charset', () => {
    const text = fc.string({ unit: fc.constantFrom(...'abcXYZ 019-_.~&=+%?/привет'.split('')), maxLength: 20 });
    fc.assert(
      fc.property(fc.array(fc.tuple(text.filter((k) => k.length > 0), text), { maxLength: 8 }), fc.constantFrom('utf-8', 'windows-1251', 'koi8-r'), (pairs, charset) => {
        const encoded = buildForm(pairs, charset);
        expect(parseForm(encoded, charset).pairs).toEqual(pairs);
      }),
      { numRuns: 300 },
    );
  });

  it('falls back from UTF-8 to windows-1251 for undeclared bytes', () => {
    const form = Buffer.concat([Buffer.from('mes='), iconv.encode('Привет', 'windows-1251')]);
    const parsed = parseBody(req(form, 'application/x-www-form-urlencoded'));
    expect(parsed.charset).toBe('windows-1251');
    expect(parsed.fields).toEqual({ mes: 'Привет' });
    expect(parsed.parseError).toBeNull();
  });

  it('honours charset= in the query and in a form field, as SMSC.ru sends it', () => {
    const koi = Buffer.concat([Buffer.from('mes='), iconv.encode('Привет', 'koi8-r'), Buffer.from('&charset=koi8-r')]);
    expect(parseBody(req(koi, 'application/x-www-form-urlencoded')).fields).toEqual({ mes: 'Привет', charset: 'koi8-r' });
    const q = parseBody(req(Buffer.concat([Buffer.from('mes='), iconv.encode('Да', 'koi8-r')]), undefined, '/h?charset=koi8-r'));
    expect(q.fields).toEqual({ mes: 'Да' });
  });

  it('parses PHP bracket keys without letting __proto__ through', () => {
    const parsed = parseBody(req(Buffer.from('type=sms&data%5Bid%5D=2&__proto__%5Bx%5D=1&constructor%5Bprototype%5D%5By%5D=2'), 'application/x-www-form-urlencoded'));
    expect((parsed.fields as { data: { id: string } }).data.id).toBe('2');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(({} as Record<string, unknown>).y).toBeUndefined();
  });

  it('refuses to expand XML entity bombs', () => {
    const lol = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]><l>&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;</l>';
    const parsed = parseBody(req(Buffer.from(lol), 'text/xml'));
    expect(JSON.stringify(parsed.fields ?? '').length).toBeLessThan(20000);
  });

  it('marks binary bodies instead of decoding them', () => {
    const parsed = parseBody(req(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13])));
    expect(parsed.kind).toBe('binary');
    expect(parsed.parseError).toMatch(/binary body \(8 bytes\)/);
  });
});

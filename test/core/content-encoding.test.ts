import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseBody } from '../../src/core/body.js';
import { contentDecoded, MAX_INFLATED } from '../../src/core/content-encoding.js';
import type { RawRequest } from '../../src/core/raw-request.js';
import { inspect } from '../../src/providers/inspect.js';

const FORM = 'id=123&phone=79991234567&status=1&err=0&time=1700000000&md5=737004fbf5959c6e1c7d1a1427d8a4e3';
const req = (body: Buffer, encoding?: string, url = '/smsc'): RawRequest => ({
  method: 'POST',
  url,
  headers: [['Content-Type', 'application/x-www-form-urlencoded'], ...(encoding === undefined ? [] : ([['Content-Encoding', encoding]] as Array<[string, string]>))],
  body,
});

describe('Content-Encoding is undone for reading, bounded', () => {
  it('gzip, x-gzip, deflate (zlib or raw), br and stacked codings', () => {
    const plain = Buffer.from(FORM);
    for (const [enc, body] of [
      ['gzip', gzipSync(plain)],
      ['X-Gzip', gzipSync(plain)],
      ['deflate', deflateSync(plain)],
      ['deflate', deflateRawSync(plain)],
      ['br', brotliCompressSync(plain)],
      ['gzip, br', brotliCompressSync(gzipSync(plain))],
    ] as const) {
      const d = contentDecoded(req(body, enc));
      expect(d.problem, enc).toBeNull();
      expect(d.body.toString(), enc).toBe(FORM);
    }
    expect(contentDecoded(req(plain, 'identity'))).toEqual({ body: plain, encoding: null, problem: null });
  });

  it('a gzip SMSC.ru callback decodes and its signature verifies; the raw bytes are untouched', () => {
    const gz = gzipSync(Buffer.from(FORM));
    const r = req(gz, 'gzip');
    const i = inspect(r, { secrets: { smsc: 'my_secret-1' } });
    expect(i.body.fields).toMatchObject({ id: '123', status: '1' });
    expect(i.body.contentEncoding).toBe('gzip');
    expect(i.decoded?.problems).toEqual([]);
    expect(i.decoded?.events[0]?.status?.label).toBe('Delivered');
    expect(i.signature.state).toBe('valid');
    expect(r.body.equals(gz)).toBe(true);
  });

  it('a gzip bomb stops at the cap and is shown as received', () => {
    const bomb = gzipSync(Buffer.alloc(MAX_INFLATED * 4));
    expect(bomb.length).toBeLessThan(200_000);
    const b = parseBody(req(bomb, 'gzip'));
    expect(b.parseError).toMatch(/^gzip body inflates past 8 MiB: shown as received; binary body/);
    expect(b.kind).toBe('binary');
    expect(b.inflated ?? null).toBeNull();
  });

  it('corrupt or unknown codings say so in one line; a truncated stream shows what arrived', () => {
    expect(parseBody(req(Buffer.from(FORM), 'gzip')).parseError).toMatch(/^gzip body cannot be inflated \(incorrect header check\): shown as received/);
    expect(parseBody(req(Buffer.from(FORM), 'compress')).parseError).toMatch(/^Content-Encoding "compress" not decoded/);
    const gz = gzipSync(Buffer.from(FORM.repeat(50)));
    const cut = gz.subarray(0, gz.length - 20);
    const b = parseBody(req(cut, 'gzip'), { truncatedFrom: gz.length });
    expect(b.text?.startsWith(FORM)).toBe(true);
    expect(b.parseError).toBe(`body truncated: ${cut.length} of ${gz.length} bytes stored`);
  });
});

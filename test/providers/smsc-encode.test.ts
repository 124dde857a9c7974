import { describe, it, expect } from 'vitest';
import { parseBody } from '../../src/core/body.js';
import type { RawRequest } from '../../src/core/raw-request.js';
import { listSamples, loadExpectation, loadSample } from '../../src/core/samples.js';
import { smsc } from '../../src/providers/smsc/index.js';

const SECRET = 'my_secret-1';
const sample = (name: string): RawRequest => loadSample(listSamples('smsc').find((r) => r.name === name)!);
const bodyText = (req: RawRequest) => req.body.toString('latin1');
const contentType = (req: RawRequest) => req.headers.find(([k]) => k === 'Content-Type')?.[1];
const check = (req: RawRequest, secret = SECRET) => smsc.verify(req, parseBody(req), secret);

describe.each(listSamples('smsc').map((ref) => [ref.name, ref] as const))('encode round trip: %s', (_name, ref) => {
  const original = loadSample(ref);
  const { secret } = loadExpectation(ref) as { secret: string };

  it('re-signs to the same bytes and the same Content-Type', () => {
    const out = smsc.encode(original, 'http://127.0.0.1:8080/smsc/handler.php', { secret });
    expect(out.body.equals(original.body)).toBe(true);
    expect(out).toMatchObject({ method: 'POST', url: 'http://127.0.0.1:8080/smsc/handler.php' });
    expect(out.headers).toEqual([['Content-Type', contentType(original)]]);
  });

  it('is byte-identical without a secret too (the hash is kept)', () => {
    expect(smsc.encode(original, 'http://127.0.0.1/x', {}).body.equals(original.body)).toBe(true);
  });
});

describe('encode with a handler URL', () => {
  it('splits `!` (GET query) from `?` (echoed into the body) and replaces md5=SECRET by the hash', () => {
    const out = smsc.encode(sample('delivered'), 'http://localhost:9000/handler.php!g1=a&g2=b?p1=x&p2=y&md5=my_secret-1', {});
    expect(out.url).toBe('http://localhost:9000/handler.php?g1=a&g2=b');
    expect(bodyText(out)).toBe('id=123&phone=79991234567&status=1&err=0&time=1700000000&type=0&p1=x&p2=y&md5=737004fbf5959c6e1c7d1a1427d8a4e3');
    expect(bodyText(out)).not.toContain(SECRET);
  });

  it('places the hash where the URL names it and echoes charset and fmt', () => {
    const out = smsc.encode(sample('incoming'), 'http://h/p!?sha1=my_secret-1&charset=koi8-r&p=1', {});
    expect(out.url).toBe('http://h/p');
    // printf '%s' '79991234567:Привет мир:79990000000:my_secret-1' | iconv -f utf-8 -t koi8-r | sha1sum
    expect(bodyText(out)).toBe(
      'id=555&phone=79991234567&mes=%F0%D2%C9%D7%C5%D4+%CD%C9%D2&to=79990000000&sent=1700000000&time=1700000005' +
        '&sha1=25e5bb9872f345a6f512327f982b5a8afc1845ee&charset=koi8-r&p=1',
    );
    expect(check(out).state).toBe('valid');
  });

  it('a URL without `!` but with md5= is handler syntax; its other params go to the body', () => {
    const out = smsc.encode(sample('waitcall'), 'http://h/p?charset=utf-8&md5=my_secret-1', {});
    expect(out.url).toBe('http://h/p');
    expect(bodyText(out)).toBe('phone=79991234567&waitcall=74950000000&ts=1700000000&charset=utf-8&md5=a58416fe325946cd4d1d6f18f14d0694');
  });

  it('fmt=3 gives JSON (numbers for numeric fields), fmt=2 gives XML', () => {
    const json = smsc.encode(sample('delivered'), 'http://h/p?md5=my_secret-1&fmt=3', {});
    expect(contentType(json)).toBe('application/json');
    expect(bodyText(json)).toBe('{"id":123,"phone":"79991234567","status":1,"err":0,"time":1700000000,"type":0,"md5":"737004fbf5959c6e1c7d1a1427d8a4e3","fmt":"3"}');
    const xml = smsc.encode(sample('incoming'), 'http://h/p?charset=utf-8&fmt=2&md5=my_secret-1', {});
    expect(contentType(xml)).toBe('application/xml');
    expect(xml.body.toString('utf8')).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<data><id>555</id><phone>79991234567</phone><mes>Привет мир</mes>' +
        '<to>79990000000</to><sent>1700000000</sent><time>1700000005</time><charset>utf-8</charset><fmt>2</fmt>' +
        '<md5>c548ba371f8285cc68e3ea8d04179569</md5></data>',
    );
    for (const out of [json, xml]) expect(smsc.decode(out, parseBody(out)).problems).toEqual([]);
    expect(check(xml).state).toBe('valid');
  });

  it('a plain target keeps its query string as is', () => {
    const out = smsc.encode(sample('delivered'), 'http://h/p?x=1&y=2', {});
    expect(out.url).toBe('http://h/p?x=1&y=2');
    expect(out.body.equals(sample('delivered').body)).toBe(true);
  });

  it('rejects an unknown charset and a URL secret slot left empty', () => {
    expect(() => smsc.encode(sample('delivered'), 'http://h/p?md5=x&charset=ebcdic-nope', {})).toThrow(/unknown charset/);
    expect(() => smsc.encode(sample('delivered'), 'http://h/p!?md5=', {})).toThrow(/no secret/);
  });
});

describe('encode with overrides and options', () => {
  it('overrides by wire or normalised name in place, appends new fields (--add) before the hash, re-signs', () => {
    const out = smsc.encode(sample('delivered'), 'http://h/p', { secret: SECRET, set: { messageId: '124', status: '20', err: '13' }, add: { cost: '1.5' } });
    // printf '%s' '124:79991234567:20:my_secret-1' | md5sum
    expect(bodyText(out)).toBe('id=124&phone=79991234567&status=20&err=13&time=1700000000&type=0&cost=1.5&md5=0bebb79de90b028e533d7f1e16bc236c');
  });

  it('refuses --set of a field the sample lacks, suggesting the nearest name (issue #19)', () => {
    expect(() => smsc.encode(sample('delivered'), 'http://h/p', { set: { stauts: '3' } })).toThrow(
      'this SMSC.ru status report has no field "stauts"; did you mean status? fields: id, phone, status, err, time, type, md5; to add it, pass --add stauts=<value>',
    );
  });

  it('overrides incoming text and recodes it in the sample charset', () => {
    const out = smsc.encode(sample('incoming-utf8'), 'http://h/p', { secret: SECRET, set: { text: 'Привет мир!' } });
    expect(bodyText(out)).toContain('mes=%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82+%D0%BC%D0%B8%D1%80%21&');
    expect(smsc.decode(out, parseBody(out)).events[0]?.text).toBe('Привет мир!');
    expect(check(out).state).toBe('valid');
  });

  it('maps `to` to waitcall for a call confirmation', () => {
    const out = smsc.encode(sample('waitcall'), 'http://h/p', { secret: SECRET, set: { to: '74951111111' } });
    expect(bodyText(out)).toContain('waitcall=74951111111&');
  });

  it('adds the signature last (md5 by default) and switches algorithm with opts.sign', () => {
    const unsigned = { ...sample('delivered'), body: Buffer.from('id=123&phone=79991234567&status=1') };
    expect(bodyText(smsc.encode(unsigned, 'http://h/p', { secret: SECRET }))).toBe('id=123&phone=79991234567&status=1&md5=737004fbf5959c6e1c7d1a1427d8a4e3');
    expect(bodyText(smsc.encode(sample('delivered'), 'http://h/p', { secret: SECRET, sign: 'crc32' }))).toBe(
      'id=123&phone=79991234567&status=1&err=0&time=1700000000&type=0&crc32=3710091774',
    );
    expect(() => smsc.encode(unsigned, 'http://h/p', { sign: 'sha1' })).toThrow(/needs a secret/);
  });

  it('keeps a user-set hash verbatim so endpoints can be tested with a bad one', () => {
    const out = smsc.encode(sample('delivered'), 'http://h/p', { secret: SECRET, set: { md5: 'deadbeef' } });
    expect(bodyText(out)).toMatch(/&md5=deadbeef$/);
    expect(check(out).state).toBe('invalid');
  });

  it('takes the charset from the target over the sample and updates an echoed charset', () => {
    const out = smsc.encode(sample('incoming-koi8r'), 'http://h/p?charset=utf-8', { secret: SECRET });
    expect(bodyText(out)).toContain('&charset=utf-8&md5=c548ba371f8285cc68e3ea8d04179569');
    expect(smsc.decode(out, parseBody(out)).events[0]?.text).toBe('Привет мир');
  });
});

import { describe, it, expect } from 'vitest';
import { parseBody } from '../../src/core/body.js';
import { KitError } from '../../src/core/errors.js';
import type { RawRequest } from '../../src/core/raw-request.js';
import { listSamples, loadSample } from '../../src/core/samples.js';
import { zender } from '../../src/providers/zender/index.js';

const FORM = 'application/x-www-form-urlencoded';
const req = (body: string, url = '/zender/hook', contentType = FORM): RawRequest => ({
  method: 'POST',
  url,
  headers: [['Content-Type', contentType]],
  body: Buffer.from(body),
});
const sample = (name: string): RawRequest => loadSample(listSamples('zender').find((r) => r.name === name)!);
const decode = (r: RawRequest) => zender.decode(r, parseBody(r));
const verify = (r: RawRequest, secret: string) => zender.verify(r, parseBody(r), secret);

// docs/providers.md#zender-calls: the example, exact bytes as http_build_query produces them.
const DOC_BYTES =
  'secret=MY_SECRET&type=sms&data%5Bid%5D=2&data%5Brid%5D=10593&data%5Bsim%5D=1&data%5Bdevice%5D=00000000-0000-0000-d57d-f30cb6a89289&data%5Bphone%5D=%2B639760713666&data%5Bmessage%5D=Hello+World%21&data%5Btimestamp%5D=1645684231';

describe('zender decode', () => {
  it('the incoming sample is the documented bytes', () => {
    expect(sample('incoming').body.toString('latin1')).toBe(DOC_BYTES);
  });

  it('coerces id, rid, sim and timestamp', () => {
    expect(decode(sample('incoming')).events).toEqual([
      {
        kind: 'incoming',
        messageId: '2',
        phone: '+639760713666',
        time: '1645684231',
        text: 'Hello World!',
        channel: 'sms',
        unknown: { rid: 10593, sim: 1, device: '00000000-0000-0000-d57d-f30cb6a89289' },
      },
    ]);
  });

  it('accepts the same shape as JSON (docs/providers.md#zender-c2)', () => {
    const d = decode(req('{"secret":"s","type":"ussd","data":{"id":7,"sim":1,"code":"*143#","response":"ok","timestamp":1}}', '/z', 'application/json'));
    expect(d.events[0]).toMatchObject({ kind: 'ussd', messageId: '7', to: '*143#', text: 'ok', unknown: { sim: 1 } });
  });

  it('never copies the secret into the event', () => {
    expect(JSON.stringify(decode(sample('incoming')))).not.toContain('MY_SECRET');
  });

  it.each([
    ['secret=s&type=mms&data%5Bid%5D=1', 'unknown type "mms": Zender sends sms, whatsapp, ussd or notifications (the docs write notification)'],
    ['secret=s&data%5Bid%5D=1', 'type missing'],
    ['secret=s&type=sms&data=%7B%22id%22%3A1%7D', 'data[...] fields missing (a JSON string in `data` is not what Zender sends)'],
  ])('reports %s as a problem', (body, problem) => {
    expect(decode(req(body)).problems[0]).toBe(problem);
  });

  it('reports missing and non-integer fields, keeping the value', () => {
    const d = decode(req('type=sms&data%5Bid%5D=x&data%5Bsim%5D=one&data%5Bmessage%5D=hi'));
    expect(d.problems).toEqual(['data[phone] missing', 'data[id] is not an integer', 'data[sim] is not an integer']);
    expect(d.events[0]).toMatchObject({ messageId: 'x', phone: null, unknown: { sim: 'one' } });
  });
});

describe('zender detect', () => {
  const score = (r: RawRequest) => zender.detect(r, parseBody(r));
  it('claims the form, with or without secret, and the JSON variant', () => {
    expect(score(sample('whatsapp'))).toBeGreaterThanOrEqual(0.9);
    expect(score(req('type=notification&data%5Bid%5D=1'))).toBeGreaterThanOrEqual(0.5);
    expect(score(req('{"type":"sms","data":{"id":"1"}}', '/z', 'application/json'))).toBeGreaterThanOrEqual(0.5);
  });
  it.each([
    ['SMSC.ru status', 'id=123&phone=79991234567&status=1&err=0&type=0', FORM],
    ['SMSC.ru incoming', 'phone=79991234567&mes=hi&to=79990000000', FORM],
    ['Webcom Mobi', '[{"id_sms":1,"state":"send"}]', 'application/json'],
    ['SMSGateway24 incoming', '{"address":"+1","body":"hi","type":"text"}', 'application/json'],
  ])('does not claim %s', (_n, body, ct) => expect(score(req(body, '/hook', ct))).toBe(0));
});

describe('zender secret', () => {
  const never = (check: object, ...values: string[]) => {
    for (const v of values) expect(JSON.stringify(check)).not.toContain(v);
  };

  it('is valid on a constant-time match, masked in the result', () => {
    const check = verify(sample('incoming'), 'MY_SECRET');
    expect(check).toMatchObject({ state: 'valid', algorithm: 'shared-secret' });
    expect(check.received).toMatch(/^<secret sha256:[0-9a-f]{8}>$/);
    never(check, 'MY_SECRET');
  });

  it.each([
    ['whitespace', 'MY_SECRET ', 'whitespace around the secret differs (a pasted trailing space or newline)'],
    ['case', 'my_secret', 'the secrets differ only in letter case'],
    ['length', 'MY_SECRET_2', 'different length: received 9 characters, expected 11'],
    ['characters', 'MY_SECRXT', 'same length, different characters: a different or rotated secret'],
  ])('is invalid when the %s differs, with a diagnosis and no secret shown', (_n, configured, diagnosis) => {
    const check = verify(sample('incoming'), configured);
    expect(check.state).toBe('invalid');
    expect(check.diagnoses[0]).toBe(diagnosis);
    never(check, 'MY_SECRET', configured.trim());
  });

  it('is absent without the field, and names a secret sent in the query instead', () => {
    const check = verify(req('type=sms&data%5Bid%5D=1', '/zender/hook?secret=Top-Secret-42'), 'Top-Secret-42');
    expect(check).toMatchObject({ state: 'absent', received: null });
    expect(check.diagnoses[0]).toMatch(/in the URL query, but Zender sends it in the body/);
    never(check, 'Top-Secret-42');
  });

  it('says when the body carries the secret twice', () => {
    const check = verify(req('secret=a&secret=b&type=sms'), 'b');
    expect(check.state).toBe('invalid');
    expect(check.diagnoses).toContain('the body carries "secret" 2 times; the first was compared');
  });
});

describe('zender encode', () => {
  it('replaces the secret and lands --set overrides in http_build_query bytes', () => {
    const out = zender.encode(sample('incoming'), 'http://127.0.0.1:8080/hook', { secret: 'n3w secret', set: { text: 'Привет & bye', sim: '2' } });
    expect(out.headers).toEqual([['Content-Type', FORM]]);
    expect(out.body.toString('latin1')).toBe(
      DOC_BYTES.replace('MY_SECRET', 'n3w+secret')
        .replace('data%5Bsim%5D=1', 'data%5Bsim%5D=2')
        .replace('Hello+World%21', '%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82+%26+bye'),
    );
  });

  it('maps normalised names per type and appends new data fields', () => {
    const out = zender.encode(sample('whatsapp'), 'http://x/', { set: { to: '+1', 'data[phone]': '+2' }, add: { attachment: 'u', extra: 'e' } });
    expect(decode(req(out.body.toString('latin1'))).events[0]).toMatchObject({ to: '+1', phone: '+2', attachment: 'u', unknown: { extra: 'e' } });
    expect(() => zender.encode(sample('ussd'), 'http://x/', { set: { phone: '1' } })).toThrow(KitError);
  });

  it('takes the dotted names `show` prints (data.title) and refuses a typo with the nearest name (issue #19)', () => {
    const out = zender.encode(sample('notification'), 'http://x/', { set: { 'data.title': 'X' } });
    expect(out.body.toString()).toContain('data%5Btitle%5D=X&');
    expect(out.body.toString()).not.toContain('data.title');
    expect(() => zender.encode(sample('notification'), 'http://x/', { set: { 'data.titel': 'X' } })).toThrow(/no field "data\.titel"; did you mean data\.title\?/);
  });

  it('adds a secret field first when the sample has none, and sends a JSON sample as the form', () => {
    const json = req('{"type":"sms","data":{"id":2,"phone":"+1","message":"a b","gone":null}}', '/z', 'application/json');
    const out = zender.encode(json, 'http://x/', { secret: 's' });
    expect(out.headers).toEqual([['Content-Type', FORM]]);
    expect(out.body.toString()).toBe('secret=s&type=sms&data%5Bid%5D=2&data%5Bphone%5D=%2B1&data%5Bmessage%5D=a+b');
  });
});

describe('zender as its sender posts (docs/providers.md#zender-real)', () => {
  const notification = (type: string) =>
    req(`secret=s&type=${type}&data%5Bid%5D=9&data%5Bpackage%5D=com.whatsapp&data%5Btitle%5D=Ann&data%5Bcontent%5D=hi&data%5Btimestamp%5D=1`);

  it.each(['notifications', 'notification'])('decodes type=%s as a notification, without a problem', (type) => {
    const d = decode(notification(type));
    expect(d.problems).toEqual([]);
    expect(d.events).toEqual([{ kind: 'notification', messageId: '9', phone: null, time: '1', text: 'Ann: hi', channel: 'com.whatsapp' }]);
    expect(zender.detect(notification(type), parseBody(notification(type)))).toBe(0.95);
  });

  it('the notification fixture is what the sender posts; the docs spelling has its own', () => {
    expect(sample('notification').body.toString()).toContain('&type=notifications&');
    expect(sample('notification-docs').body.toString()).toContain('&type=notification&');
  });

  it.each([
    ['0', null],
    ['', null],
    ['https%3A%2F%2Fz.example%2Fa.jpg', 'https://z.example/a.jpg'],
  ])('reads data[attachment]=%s as %s, never as unknown', (wire, expected) => {
    const d = decode(req(`secret=s&type=whatsapp&data%5Bid%5D=1&data%5Bphone%5D=%2B1&data%5Bmessage%5D=m&data%5Battachment%5D=${wire}`));
    expect(d.events[0]!.attachment).toBe(expected);
    expect(d.events[0]!.unknown).toBeUndefined();
  });

  it('a whatsapp without the field has no attachment key', () => {
    expect(decode(req('secret=s&type=whatsapp&data%5Bid%5D=1&data%5Bphone%5D=%2B1&data%5Bmessage%5D=m')).events[0]).not.toHaveProperty('attachment');
  });

  it.each([301, 302, 303, 307, 308])('does not accept a %i: the payload would not reach the registered URL', (status) => {
    const r = sample('incoming');
    const v = zender.judge({ status, headers: [['location', '/next']], body: Buffer.alloc(0) }, r, decode(r));
    expect(v).toMatchObject({ accepted: false, redirectExplained: true });
    expect(v.reason).toContain(status < 307 ? 'a GET without the form' : 'post the same form again');
  });
});

describe('zender answer and retries', () => {
  it('answers 200 OK and accepts any answer, saying it is ignored', () => {
    const r = sample('incoming');
    const a = zender.answer(r, parseBody(r), decode(r));
    expect([a.status, a.body.toString()]).toEqual([200, 'OK']);
    const v = zender.judge({ status: 500, headers: [], body: Buffer.alloc(0) }, r, decode(r));
    expect(v).toEqual({ accepted: true, reason: 'answered 500 with an empty body; Zender ignores the answer and never retries', unacknowledged: [] });
    expect(zender.retry).toMatchObject({ attempts: 1, intervalsMs: [], timeoutMs: 60_000, waitsForever: true, documented: true });
  });
});

import { describe, it, expect } from 'vitest';
import { parseBody } from '../../src/core/body.js';
import { KitError } from '../../src/core/errors.js';
import type { RawRequest } from '../../src/core/raw-request.js';
import { listSamples, loadSample } from '../../src/core/samples.js';
import { smsgateway24 } from '../../src/providers/smsgateway24/index.js';

const req = (body: string, url = '/sg24/status', contentType = 'application/json'): RawRequest => ({
  method: 'POST',
  url,
  headers: [['Content-Type', contentType]],
  body: Buffer.from(body),
});
const sample = (name: string): RawRequest => loadSample(listSamples('smsgateway24').find((r) => r.name === name)!);
const decode = (r: RawRequest) => smsgateway24.decode(r, parseBody(r));
const verify = (r: RawRequest, secret: string) => smsgateway24.verify(r, parseBody(r), secret);

describe('smsgateway24 statuses', () => {
  it('has exactly the docs/providers.md#smsgateway24-statuses table', () => {
    const table = Object.fromEntries([...smsgateway24.statuses].map(([code, s]) => [code, [s.outcome, s.final]]));
    expect(table).toEqual({
      '1': ['pending', false],
      '3': ['pending', false],
      '2': ['pending', false],
      '5': ['unknown', false],
      '6': ['sent', false],
      '7': ['delivered', true],
      '8': ['failed', true],
      '9': ['failed', true],
      '10': ['failed', true],
      '11': ['failed', true],
      '12': ['failed', true],
      '100': ['failed', true],
      '101': ['failed', true],
    });
  });

  it.each([...smsgateway24.statuses.keys()])('decodes status_id %s through the wire, as a JSON number', (code) => {
    const r = smsgateway24.encode(sample('delivered'), 'http://x/', { set: { status: code } });
    expect(r.body.toString()).toContain(`"status_id":${code},`);
    expect(decode(r).events[0]!.status).toEqual({ code, ...smsgateway24.statuses.get(code) });
  });

  it('keeps an unknown status_id', () => {
    expect(decode(req('{"sms_id":1,"status_id":42}')).events[0]!.status).toMatchObject({ code: '42', outcome: 'unknown' });
  });
});

describe('smsgateway24 decode', () => {
  it('reads current and legacy incoming alike', () => {
    const [current, legacy] = [decode(sample('incoming')), decode(sample('incoming-legacy'))];
    expect(current.events[0]).toMatchObject({ kind: 'incoming', phone: '+4917642031983', text: 'Hello', unknown: { channel_id: 0 } });
    expect(legacy.events[0]).toMatchObject({ kind: 'incoming', phone: '4917642031983', text: 'Hello', unknown: { sim: 0 } });
  });

  it('reads a legacy status with sim and an ISO time', () => {
    const d = decode(req('{"sms_id":5,"status_id":8,"sendto":"+49 157 52982212","senttime":"2024-12-12T14:38:01Z","sim":1}'));
    expect(d.events[0]).toMatchObject({ messageId: '5', phone: '+49 157 52982212', time: '2024-12-12T14:38:01Z', unknown: { sim: 1 } });
  });

  it('accepts a form body cheaply', () => {
    const d = decode(req('sms_id=9&status_id=7&sendto=%2B491', '/sg24', 'application/x-www-form-urlencoded'));
    expect(d.events[0]).toMatchObject({ messageId: '9', phone: '+491', status: { code: '7', outcome: 'delivered' } });
  });

  it('does not crash on the vendor blog example: unknown shape is a problem', () => {
    const blog = '{"event":"message.delivered","message_id":"abc","phone":"+491","status":"delivered","timestamp":"2024-01-01T00:00:00Z"}';
    const d = decode(req(blog));
    expect(d.events).toEqual([]);
    expect(d.problems[0]).toMatch(/^not an SMSGateway24 webhook: .*got fields event, message_id/);
    expect(smsgateway24.detect(req(blog), parseBody(req(blog)))).toBe(0);
  });

  it('reports missing fields', () => {
    expect(decode(req('{"status_id":null}')).problems).toEqual(['status_id missing', 'sms_id missing']);
    expect(decode(req('{"body":"hi"}')).problems).toEqual(['address missing']);
    expect(decode(req('{"address":"1","body":"","type":"img"}')).problems).toEqual(['img_url missing for an image message']);
  });
});

describe('smsgateway24 detect', () => {
  const score = (r: RawRequest) => smsgateway24.detect(r, parseBody(r));
  it.each([
    ['SMSC.ru status', 'id=123&phone=79991234567&status=1&err=0', 'application/x-www-form-urlencoded'],
    ['SMSC.ru incoming', 'phone=79991234567&mes=hi&to=79990000000', 'application/x-www-form-urlencoded'],
    ['SMSC.ru call', 'phone=79991234567&waitcall=74950000000&ts=1', 'application/x-www-form-urlencoded'],
    ['Webcom Mobi', '[{"id_sms":1,"state":"send"}]', 'application/json'],
    ['Zender', 'secret=s&type=sms&data%5Bid%5D=2', 'application/x-www-form-urlencoded'],
  ])('does not claim %s', (_n, body, ct) => expect(score(req(body, '/hook', ct))).toBe(0));
});

describe('smsgateway24 encode', () => {
  it('--legacy turns the current incoming into the legacy doc shape', () => {
    const out = smsgateway24.encode(sample('incoming'), 'http://x/', { legacy: true });
    expect(out.body.toString()).toBe(sample('incoming-legacy').body.toString());
  });

  it('--legacy renames channel_id to sim in place on a status', () => {
    const out = smsgateway24.encode(sample('delivered'), 'http://x/', { legacy: true });
    expect(out.body.toString()).toContain('"senttime":"2024-12-12 14:38:01","sim":0,"device_id":260}');
  });

  it('lands --set overrides by normalised and wire names in the bytes', () => {
    const out = smsgateway24.encode(sample('incoming'), 'http://x/', { set: { text: 'Hi there', phone: '+111', device_id: '7' } });
    expect(out.body.toString()).toBe(
      '{"address":"+111","date":"2024-12-12 14:38:01","date_sent":"2024-12-12 14:37:59","body":"Hi there","internal_id":812,"channel_id":0,"sms_id":998877,"device_id":7,"device_name":"Pixel 6","type":"text"}',
    );
    expect(() => smsgateway24.encode(sample('delivered'), 'http://x/', { set: { text: 'x' } })).toThrow(KitError);
  });
});

describe('smsgateway24 token, answer and retries', () => {
  const token = 'sg24-demo-token';
  it('is valid when the URL token matches, absent without one, invalid otherwise', () => {
    expect(verify(sample('delivered'), token)).toMatchObject({ state: 'valid', assumed: true });
    expect(verify(req('{}', `/sg24?secret=${token}`), token).state).toBe('valid');
    expect(verify(sample('failed'), token)).toMatchObject({ state: 'absent', received: null });
    const bad = verify(req('{}', '/sg24?token=SG24-DEMO-TOKEN'), token);
    expect(bad).toMatchObject({ state: 'invalid', diagnoses: ['the secrets differ only in letter case'] });
    expect(JSON.stringify(bad)).not.toMatch(/sg24-demo-token/i);
  });

  it('hints when the token was put in the body', () => {
    expect(verify(req(`{"token":"${token}","sms_id":1,"status_id":7}`), token).diagnoses[0]).toMatch(/in the body/);
  });

  it('answers 200 OK, accepts any 2xx and sends once', () => {
    const r = sample('delivered');
    const a = smsgateway24.answer(r, parseBody(r), decode(r));
    expect([a.status, a.body.toString()]).toEqual([200, 'OK']);
    expect(smsgateway24.judge({ status: 204, headers: [], body: Buffer.alloc(0) }, r, decode(r)).accepted).toBe(true);
    const v = smsgateway24.judge({ status: 500, headers: [], body: Buffer.from('boom') }, r, decode(r));
    expect(v).toEqual({ accepted: false, reason: 'answered 500 "boom"; SMSGateway24 expects any 2xx (assumed, docs/providers.md#smsgateway24-c4)', unacknowledged: [] });
    expect(smsgateway24.retry).toMatchObject({ attempts: 1, intervalsMs: [], documented: false, perMessage: false });
  });
});

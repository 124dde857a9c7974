import { describe, it, expect } from 'vitest';
import { parseBody } from '../../src/core/body.js';
import { KitError } from '../../src/core/errors.js';
import type { RawRequest, RawResponse } from '../../src/core/raw-request.js';
import { listSamples, loadSample } from '../../src/core/samples.js';
import { webcom } from '../../src/providers/webcom/index.js';
import { WEBCOM_RETRY_INTERVAL_MS } from '../../src/providers/webcom/ack.js';

const req = (body: string, contentType = 'application/json'): RawRequest => ({
  method: 'POST',
  url: '/webcom/status',
  headers: [['Content-Type', contentType]],
  body: Buffer.from(body),
});
const sample = (name: string): RawRequest => loadSample(listSamples('webcom').find((r) => r.name === name)!);
const decode = (r: RawRequest) => webcom.decode(r, parseBody(r));
const res = (body: string, status = 200): RawResponse => ({ status, headers: [], body: Buffer.from(body) });
const judge = (r: RawRequest, answer: RawResponse) => webcom.judge(answer, r, decode(r));

const BATCH = sample('batch');
const XML = sample('delivered-xml');

describe('webcom statuses', () => {
  it('has exactly the docs/providers.md#webcom-states table', () => {
    const table = Object.fromEntries([...webcom.statuses].map(([code, s]) => [code, [s.outcome, s.final]]));
    expect(table).toEqual({
      send: ['sent', false],
      deliver: ['delivered', true],
      read: ['read', true],
      not_deliver: ['failed', true],
      expired: ['expired', true],
      partly_deliver: ['unknown', true],
    });
  });

  it.each([...webcom.statuses.keys()])('decodes state %s through the wire', (code) => {
    const r = webcom.encode(sample('delivered'), 'http://x/hook', { set: { state: code } });
    expect(decode(r).events[0]!.status).toEqual({ code, ...webcom.statuses.get(code) });
  });

  it('keeps an unknown state as unknown, never dropped', () => {
    const d = decode(req('[{"id_sms":1,"time":"","state":"bounced"}]'));
    expect(d.events[0]!.status).toMatchObject({ code: 'bounced', label: 'unknown', outcome: 'unknown', final: false });
  });
});

describe('webcom decode', () => {
  it('yields one event per item of a batch, ids as strings', () => {
    const d = decode(BATCH);
    expect(d.events.map((e) => [e.messageId, e.status?.code, e.time])).toEqual([
      ['3234', 'deliver', '2011-01-01 12:57:46'],
      ['3235', 'send', null],
      ['3236', 'not_deliver', '2011-01-01 12:58:02'],
    ]);
  });

  it('keeps unknown item fields', () => {
    const d = decode(req('[{"id_sms":1,"time":"","state":"send","route":"viber"}]'));
    expect(d.events[0]!.unknown).toEqual({ route: 'viber' });
  });

  it('sniffs a JSON body sent with a form Content-Type (docs/providers.md#webcom-c2)', () => {
    const d = decode(req('[{"id_sms":5,"time":"","state":"send"}]', 'application/x-www-form-urlencoded'));
    expect(d.events[0]!.messageId).toBe('5');
  });

  it.each([
    ['[1,{"time":""}]', ['item 1 is not an object', 'item 2: id_sms missing', 'item 2: state missing']],
    ['{"id_sms":1,"state":"send"}', ['JSON body is not an array: Webcom Mobi sends a list of {id_sms,time,state}']],
    ['[]', ['no statuses in the batch']],
    ['<other/>', ['XML body has no <response> root']],
  ])('reports %s as problems, never a throw', (body, problems) => {
    expect(decode(req(body, 'text/plain')).problems).toEqual(problems);
  });

  it('says when a numeric id lost precision', () => {
    expect(decode(req('[{"id_sms":123456789012345678901,"time":"","state":"send"}]')).problems[0]).toMatch(/past 2\^53/);
  });

  it('reports malformed JSON and XML', () => {
    expect(decode(req('[{"id_sms":')).problems[0]).toMatch(/malformed JSON/);
    expect(decode(req('<response><state>', 'text/xml')).problems[0]).toMatch(/malformed XML/);
  });
});

describe('webcom detect', () => {
  const score = (r: RawRequest) => webcom.detect(r, parseBody(r));
  it('claims its JSON and XML shapes', () => {
    expect(score(BATCH)).toBeGreaterThanOrEqual(0.9);
    expect(score(XML)).toBeGreaterThanOrEqual(0.9);
  });
  it.each([
    ['SMSC.ru status', 'id=123&phone=79991234567&status=1&err=0', 'application/x-www-form-urlencoded'],
    ['SMSC.ru incoming', 'phone=79991234567&mes=hi&to=79990000000', 'application/x-www-form-urlencoded'],
    ['SMSC.ru fmt=3', '{"id":123,"phone":"79991234567","status":1}', 'application/json'],
    ['SMSGateway24', '{"sms_id":1,"status_id":7}', 'application/json'],
    ['Zender', 'secret=s&type=sms&data%5Bid%5D=2', 'application/x-www-form-urlencoded'],
  ])('does not claim %s', (_n, body, ct) => expect(score(req(body, ct))).toBe(0));
});

describe('webcom answer and judge', () => {
  it('echoes every id_sms in the JSON type received', () => {
    const a = webcom.answer(BATCH, parseBody(BATCH), decode(BATCH));
    expect(a.headers).toEqual([['Content-Type', 'application/json']]);
    expect(a.body.toString()).toBe('[{"id_sms":3234},{"id_sms":"3235"},{"id_sms":3236}]');
  });

  it('echoes an id_sms past 2^53 digit for digit (JSON.parse would round it)', () => {
    const big = req('[{"id_sms":9007199254740993,"time":1,"state":2}, {"id_sms" : 12 }]', 'application/json');
    expect(webcom.answer(big, parseBody(big), decode(big)).body.toString()).toBe('[{"id_sms":9007199254740993},{"id_sms":12}]');
  });

  it('answers the XML variant with the documented XML', () => {
    const a = webcom.answer(XML, parseBody(XML), decode(XML));
    expect(a.headers).toEqual([['Content-Type', 'text/xml']]);
    expect(a.body.toString()).toBe(
      '<?xml version="1.0" encoding="utf-8" ?>\n<response>\n     <id_sms>3234</id_sms>\n     <id_sms>3235</id_sms>\n     <id_sms>3236</id_sms>\n</response>',
    );
    expect(judge(XML, a).accepted).toBe(true);
  });

  it('accepts a full echo, comparing ids as strings', () => {
    expect(judge(BATCH, res('[{"id_sms":"3234"},{"id_sms":3235},{"id_sms":3236}]'))).toMatchObject({ accepted: true, unacknowledged: [] });
  });

  it('rejects a plain OK and says what Webcom Mobi expects', () => {
    const r = sample('delivered');
    expect(judge(r, res('OK'))).toEqual({
      accepted: false,
      reason: 'answered 200 "OK" but Webcom Mobi expects the id_sms echo [{"id_sms":3234}]',
      unacknowledged: ['3234'],
    });
  });

  it('lists only the missing ids of a partial echo', () => {
    const v = judge(BATCH, res('[{"id_sms":3234}]'));
    expect(v).toMatchObject({ accepted: false, unacknowledged: ['3235', '3236'] });
    expect(v.reason).toContain('echoing 1 of 3 id_sms');
  });

  it('counts nothing as acknowledged on a non-2xx or unreadable answer', () => {
    const full = '[{"id_sms":3234},{"id_sms":3235},{"id_sms":3236}]';
    expect(judge(BATCH, res(full, 500)).unacknowledged).toEqual(['3234', '3235', '3236']);
    expect(judge(BATCH, res('[{"id_sms":3234')).unacknowledged).toEqual(['3234', '3235', '3236']);
    expect(judge(BATCH, res('<response><id_sms>3234</id_sms></response>')).unacknowledged).toEqual(['3235', '3236']);
  });

  it('re-sends only unacknowledged ids, 5 attempts, interval from one constant', () => {
    expect(webcom.retry).toMatchObject({ attempts: 5, perMessage: true, intervalsMs: [WEBCOM_RETRY_INTERVAL_MS] });
  });
});

describe('webcom narrow', () => {
  it('keeps only the given items, with their types and field order', () => {
    const n = webcom.narrow!({ ...BATCH, headers: [...BATCH.headers, ['Content-Length', '999']] }, ['3235', '3236']);
    expect(n.body.toString()).toBe('[{"id_sms":"3235","time":"","state":"send"},{"id_sms":3236,"time":"2011-01-01 12:58:02","state":"not_deliver"}]');
    expect(n.headers).toEqual(BATCH.headers);
  });

  it('narrows the XML variant', () => {
    const body = webcom.narrow!(XML, ['3236']).body.toString();
    expect(decode(req(body, 'text/xml')).events.map((e) => e.messageId)).toEqual(['3236']);
    expect(body).toContain('<state id_sms="3236" time="2011-01-01 12:57:46" viber="not_deliver">not_deliver</state>');
  });
});

describe('webcom encode', () => {
  it('applies an override to every item, keeping each JSON type', () => {
    const out = webcom.encode(BATCH, 'http://127.0.0.1:3000/hook?x=1', { set: { status: 'read', messageId: '77' } });
    expect(out.url).toBe('http://127.0.0.1:3000/hook?x=1');
    expect(out.body.toString()).toBe(
      '[{"id_sms":77,"time":"2011-01-01 12:57:46","state":"read"},{"id_sms":"77","time":"","state":"read"},{"id_sms":77,"time":"2011-01-01 12:58:02","state":"read"}]',
    );
  });

  it('overrides XML attributes and the state text', () => {
    const out = webcom.encode(XML, 'http://x/', { set: { state: 'expired' }, add: { viber: 'a"<b' } });
    const events = decode(req(out.body.toString(), 'text/xml')).events;
    expect(events.map((e) => e.status?.code)).toEqual(['expired', 'expired', 'expired']);
    expect(events[0]!.unknown).toEqual({ sms: 'deliver', viber: 'a"<b' });
  });

  it('edits one item of a batch by the index `show` prints, and refuses an index past the batch (issue #19)', () => {
    const items = JSON.parse(webcom.encode(BATCH, 'http://x/', { set: { '1.state': 'expired' } }).body.toString()) as Array<{ state: string }>;
    expect(items.map((i) => i.state)).toEqual(['deliver', 'expired', 'not_deliver']);
    expect(() => webcom.encode(BATCH, 'http://x/', { set: { '7.state': 'x' } })).toThrow('the batch has 3 items (0 to 2)');
    expect(() => webcom.encode(BATCH, 'http://x/', { set: { staet: 'x' } })).toThrow(/no field "staet"; did you mean state\?/);
  });

  it('refuses a normalised name Webcom Mobi has no field for', () => {
    expect(() => webcom.encode(BATCH, 'http://x/', { set: { text: 'hi' } })).toThrow(KitError);
  });

  it('never signs: verify reports the signature absent', () => {
    expect(webcom.verify(BATCH, parseBody(BATCH), 'anything')).toMatchObject({
      state: 'absent',
      detail: 'Webcom Mobi does not sign callbacks',
    });
  });
});

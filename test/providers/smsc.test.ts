import { describe, it, expect } from 'vitest';
import { parseBody } from '../../src/core/body.js';
import type { RawRequest } from '../../src/core/raw-request.js';
import { listSamples, loadExpectation, loadSample } from '../../src/core/samples.js';
import type { Outcome } from '../../src/core/types.js';
import { inspect } from '../../src/providers/inspect.js';
import { ERRORS as SMSC_ERRORS } from '../../src/providers/smsc/statuses.js';
import { smsc } from '../../src/providers/smsc/index.js';

const SECRET = 'my_secret-1';

function post(body: string | Buffer, contentType = 'application/x-www-form-urlencoded', url = '/hook'): RawRequest {
  return { method: 'POST', url, headers: [['Content-Type', contentType]], body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1') };
}
const decode = (req: RawRequest) => smsc.decode(req, parseBody(req));
const detect = (req: RawRequest) => smsc.detect(req, parseBody(req));

describe('smsc status and error tables', () => {
  // Every row of docs/providers.md#smsc-statuses, with our outcome mapping.
  const rows: Array<[string, string, boolean, Outcome]> = [
    ['-3', 'Message not found', true, 'failed'],
    ['-2', 'Stopped', false, 'pending'],
    ['-1', 'Waiting to be sent', false, 'pending'],
    ['0', 'Transferred to operator', false, 'sent'],
    ['1', 'Delivered', true, 'delivered'],
    ['2', 'Read', true, 'read'],
    ['3', 'Expired', true, 'expired'],
    ['4', 'Link clicked', true, 'delivered'],
    ['6', 'Rejected as spam', true, 'failed'],
    ['20', 'Impossible to deliver', true, 'failed'],
    ['22', 'Invalid number', true, 'failed'],
    ['23', 'Prohibited', true, 'failed'],
    ['24', 'Insufficient funds', true, 'failed'],
    ['25', 'Unavailable number', true, 'failed'],
  ];

  it.each(rows)('status %s decodes as %s', (code, label, final, outcome) => {
    const [event] = decode(post(`id=1&phone=79991234567&status=${code}&err=0`)).events;
    expect(event?.status).toMatchObject({ code, label, final, outcome });
  });

  it('has exactly the documented status and err codes', () => {
    expect([...smsc.statuses.keys()].sort()).toEqual(rows.map((r) => r[0]).sort());
    const errs = [0, 1, 6, 11, 12, 13, 21, 200, 219, 220, ...Array.from({ length: 19 }, (_, i) => 237 + i)].map(String);
    expect([...SMSC_ERRORS.keys()]).toEqual(errs);
    expect(SMSC_ERRORS.get('0')).toMatch(/^No error/);
  });

  it('keeps an unknown status or err code, labelled unknown', () => {
    const d = decode(post('id=1&phone=79991234567&status=77&err=999'));
    expect(d.events[0]).toMatchObject({ status: { code: '77', label: 'unknown', outcome: 'unknown', final: false }, error: { code: '999' } });
    expect(d.events[0]?.error?.meaning).toContain('not in SMSC.ru');
  });
});

describe.each(listSamples('smsc').map((ref) => [ref.name, ref] as const))('sample %s', (_name, ref) => {
  const expectation = loadExpectation(ref) as { secret?: string; signature?: string; events: object[]; problems?: string[] };
  const req = loadSample(ref);

  it('is routed to smsc, decodes as expected and verifies', () => {
    const secret = expectation.secret;
    const result = inspect(req, { secrets: secret ? { smsc: secret } : {} });
    expect(result.provider?.id).toBe('smsc');
    // A sample of a sender's mistake (incoming-double-encoded) names the problems it must show.
    expect(result.decoded?.problems).toEqual(expectation.problems ?? []);
    expect(result.decoded?.events).toMatchObject(expectation.events);
    if (expectation.signature) expect(result.signature.state).toBe(expectation.signature);
  });

  it('is detected from its fields alone (no /smsc route)', () => {
    expect(detect({ ...req, url: '/hook' })).toBeGreaterThanOrEqual(0.9);
  });
});

describe('smsc decode', () => {
  it('decodes the cp1251 and koi8-r incoming samples to the same Cyrillic text', () => {
    const texts = ['incoming', 'incoming-koi8r', 'incoming-utf8'].map((name) => {
      const ref = listSamples('smsc').find((r) => r.name === name)!;
      return decode(loadSample(ref)).events[0]?.text;
    });
    expect(texts).toEqual(['Привет мир', 'Привет мир', 'Привет мир']);
  });

  it('reads koi8-r declared in the handler-URL query', () => {
    const mes = '%F0%D2%C9%D7%C5%D4+%CD%C9%D2'; // "Привет мир" in koi8-r
    const d = decode(post(`phone=79991234567&mes=${mes}&to=79990000000`, undefined, '/smsc?charset=koi8-r'));
    expect(d.events[0]).toMatchObject({ kind: 'incoming', text: 'Привет мир', phone: '79991234567', to: '79990000000' });
  });

  it('accepts fmt=3 JSON with numeric strings and fmt=2 XML with any root', () => {
    const json = decode(post('{"id":"7","phone":"79991234567","status":"-1","err":"0","ts":"1700000000"}', 'application/json'));
    expect(json.events[0]).toMatchObject({ messageId: '7', status: { code: '-1', outcome: 'pending' }, time: '1700000000' });
    const xml = decode(post('<result><id>8</id><phone>79991234567</phone><status>22</status><err>249</err></result>', 'text/xml'));
    expect(xml.events[0]).toMatchObject({ messageId: '8', status: { label: 'Invalid number' }, error: { meaning: 'Invalid number format' } });
    expect(xml.problems).toEqual([]);
  });

  it('decodes waitcall and reports missing required fields without throwing', () => {
    expect(decode(post('phone=79991234567&waitcall=74950000000')).problems).toEqual(['ts missing']);
    expect(decode(post('id=5&status=1')).problems).toEqual(['phone missing']);
    expect(decode(post('mes=hi&phone=&x=1'))).toMatchObject({ problems: ['phone is empty', 'to missing'], events: [{ kind: 'incoming', text: 'hi' }] });
  });

  it('keeps unknown fields, ignores transport fields and HLR/optional ones', () => {
    const d = decode(post('id=1&phone=2&status=1&cost=1.5&imsi=250&my_order=42&charset=utf-8&fmt=0&md5=x&__proto__=p'));
    expect(d.events[0]?.unknown).toEqual({ my_order: '42', ['__proto__']: 'p' });
    expect(Object.getPrototypeOf(d.events[0]?.unknown)).toBe(Object.prototype);
  });

  it('uses the first of duplicated fields and says so', () => {
    const d = decode(post('id=1&phone=2&status=1&status=3'));
    expect(d.events[0]?.status?.code).toBe('1');
    expect(d.problems).toEqual(['status appears more than once (first value used)']);
  });

  it('lists problems for bodies it cannot read', () => {
    expect(decode(post('')).problems).toEqual(['empty body']);
    expect(decode(post('[{"id_sms":1}]', 'application/json')).problems).toContain('JSON body is an array, not an SMSC.ru object');
    expect(decode(post('{"id":', 'application/json')).events).toEqual([]);
  });
});

describe('smsc detect', () => {
  it('scores full, partial and foreign shapes', () => {
    expect(detect(post('id=1&phone=79991234567&status=1&md5=ab'))).toBeCloseTo(0.95);
    expect(detect(post('phone=79991234567&status=1'))).toBeLessThan(0.5);
    expect(detect(post('phone=79991234567&status=1'))).toBeGreaterThan(0);
    expect(detect(post('mes=hi'))).toBeLessThan(0.5);
    expect(detect(post('waitcall=7495&phone=7999'))).toBeLessThan(0.5);
    expect(detect(post('status=ok'))).toBe(0);
    expect(detect(post('hello world', 'text/plain'))).toBe(0);
  });

  it('does not claim Webcom, Zender or SMSGateway24 bodies', () => {
    const foreign = [
      post('[{"id_sms":3234,"time":"2011-01-01 12:57:46","state":"deliver"}]', 'application/json'),
      post('<?xml version="1.0"?><response><state id_sms="3234" time="t" sms="deliver">deliver</state></response>', 'text/xml'),
      post('secret=S&type=sms&data%5Bid%5D=2&data%5Bphone%5D=%2B639760713666&data%5Bmessage%5D=Hi'),
      post('{"secret":"S","type":"sms","data":{"id":2,"phone":"+63","message":"Hi"}}', 'application/json'),
      post('{"sms_id":22074938,"status_id":7,"status_message":"SMS has been Delivered","sendto":"+49"}', 'application/json'),
      post('{"address":"+49176","date":"2024-12-12 14:38:01","body":"Hello","sms_id":998877}', 'application/json'),
    ];
    for (const req of foreign) expect(detect(req)).toBe(0);
  });
});

describe('smsc answer, judge and retry', () => {
  const req = post('id=1&phone=2&status=1');
  const decoded = decode(req);

  it('answers 200 OK as text/plain', () => {
    const res = smsc.answer(req, parseBody(req), decoded);
    expect(res).toEqual({ status: 200, headers: [['Content-Type', 'text/plain; charset=utf-8']], body: Buffer.from('OK') });
  });

  it('accepts any 2xx and explains anything else', () => {
    const verdict = (status: number) => smsc.judge({ status, headers: [], body: Buffer.alloc(0) }, req, decoded);
    expect(verdict(204)).toMatchObject({ accepted: true, unacknowledged: [] });
    expect(verdict(500)).toMatchObject({ accepted: false });
    expect(verdict(500).reason).toContain('not 2xx');
    expect(verdict(302).reason).toContain('redirect');
    expect(verdict(404).reason).toContain('rejected');
  });

  it('retries 3 times at 1, 5, 15 minutes, labelled as an assumption', () => {
    expect(smsc.retry).toMatchObject({ attempts: 4, intervalsMs: [60_000, 300_000, 900_000], timeoutMs: 10_000, documented: false, perMessage: false });
    expect(smsc.retry.note).toMatch(/assum/);
    expect(smsc.routes).toEqual(['smsc']);
  });
});

it('every sample names the fixture secret it was signed with', () => {
  for (const ref of listSamples('smsc')) expect(loadExpectation(ref)).toMatchObject({ provider: 'smsc', secret: SECRET });
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseBody } from '../../src/core/body.js';
import type { RawRequest } from '../../src/core/raw-request.js';
import { listSamples, loadSample } from '../../src/core/samples.js';
import { inspect } from '../../src/providers/inspect.js';
import { identifyProvider } from '../../src/providers/registry.js';
import { smsc } from '../../src/providers/smsc/index.js';

// What real SMSC.ru handlers rely on (docs/providers.md#smsc-real, #smsc-c16).
const SECRET = 'my_secret-1';
const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const get = (url: string): RawRequest => ({ method: 'GET', url, headers: [], body: Buffer.alloc(0) });
const post = (body: string, url = '/hook'): RawRequest => ({ method: 'POST', url, headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: Buffer.from(body, 'latin1') });
const decode = (r: RawRequest) => smsc.decode(r, parseBody(r));
const verify = (r: RawRequest) => smsc.verify(r, parseBody(r), SECRET);

describe('smsc status callbacks carry type and flag', () => {
  it('every status sample carries type, as SMSC.ru sends it, and decodes it as the channel', () => {
    for (const ref of listSamples('smsc')) {
      const req = loadSample(ref);
      const [event] = decode(req).events;
      if (event?.kind !== 'status') continue;
      expect(event.channel, ref.name).toMatch(/^(sms|e-mail)$/);
      expect(event.unknown, ref.name).not.toHaveProperty('type');
    }
  });

  it.each([
    ['type=0', 'sms'],
    ['type=4', 'hlr'],
    ['type=8', 'e-mail'],
    ['type=10', 'viber'],
    ['type=99', 'type 99'],
    ['type=99&flag=40', 'e-mail'],
    ['flag=8', 'e-mail'],
    ['flag=3', null],
  ])('%s is the channel %s; flag is known, never unknown', (extra, channel) => {
    const [event] = decode(post(`id=1&phone=79991234567&status=1&${extra}`)).events;
    expect(event?.channel ?? null).toBe(channel);
    expect(event?.unknown).toEqual({});
  });

  it('status 6 (an e-mail rejected as spam) is in the table: the spam sample decodes without a problem', () => {
    const result = inspect(loadSample(listSamples('smsc').find((r) => r.name === 'spam')!), { secrets: { smsc: SECRET } });
    expect(result.decoded?.problems).toEqual([]);
    expect(result.decoded?.events[0]).toMatchObject({ status: { code: '6', label: 'Rejected as spam', final: true, outcome: 'failed' }, channel: 'e-mail' });
    expect(result.signature.state).toBe('valid');
  });
});

describe('smsc fields that arrive in the query', () => {
  const sig = md5(`77:79991234567:1:${SECRET}`);

  it('decodes a callback delivered as GET from its query, and verifies its md5', () => {
    const req = get(`/hook?id=77&phone=79991234567&status=1&err=0&type=0&md5=${sig}`);
    const d = decode(req);
    expect(d.problems).toEqual([]);
    expect(d.events).toMatchObject([{ kind: 'status', messageId: '77', phone: '79991234567', status: { code: '1' }, channel: 'sms' }]);
    expect(verify(req)).toMatchObject({ state: 'valid', algorithm: 'md5' });
    expect(identifyProvider(req, parseBody(req))?.id).toBe('smsc');
  });

  it('a wrong md5 in the query fails the check', () => {
    expect(verify(get(`/hook?id=77&phone=79991234567&status=1&md5=${md5('other')}`)).state).toBe('invalid');
  });

  it('takes SMSC.ru fields the body lacks from a `!` query (the hash among them), the body winning a clash', () => {
    const req = post('phone=79991234567&status=1&id=77', `/sms.php?g1=a&id=999&md5=${sig}`);
    const d = decode(req);
    expect(d.problems).toEqual([]);
    expect(d.events[0]).toMatchObject({ messageId: '77' });
    // The handler's own `g1` is the URL's business, not an unknown field of the callback.
    expect(d.events[0]!.unknown).toEqual({});
    expect(verify(req).state).toBe('valid');
  });

  it('reads an incoming SMS by GET in the charset the query declares', () => {
    const text = 'Привет';
    const hash = md5(`79991234567:${text}:79990000000:${SECRET}`);
    const req = get(`/in?phone=79991234567&mes=${encodeURIComponent(text)}&to=79990000000&charset=utf-8&md5=${hash}`);
    expect(decode(req).events[0]).toMatchObject({ kind: 'incoming', text });
    expect(verify(req).state).toBe('valid');
  });
});

import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseBody } from '../../src/core/body.js';
import { headerValue, type RawRequest } from '../../src/core/raw-request.js';
import { listSamples, loadExpectation, loadSample } from '../../src/core/samples.js';
import { inspect } from '../../src/providers/inspect.js';
import { identifyProvider, providerById, providers } from '../../src/providers/registry.js';
import { encodeAt } from '../../src/providers/smsgate/encode.js';
import { sign, verifyAt, WINDOW_S } from '../../src/providers/smsgate/signature.js';

// SMS Gateway for Android (docs/providers.md#smsgate), through the registry like any provider.
const smsgate = providerById('smsgate')!;
const KEY = 'fixture-signing-key';
const refs = listSamples('smsgate');
const sample = (name: string): RawRequest => loadSample(refs.find((r) => r.name === name)!);
const tsOf = (r: RawRequest): number => Number(headerValue(r.headers, 'x-timestamp'));
const TARGET = 'http://127.0.0.1:9/hook';

/** Independent of the provider's code: node:crypto, and the openssl CLI. */
const nodeHmac = (key: string, data: Buffer): string => createHmac('sha256', key).update(data).digest('hex');
const opensslHmac = (key: string, data: Buffer): string =>
  execFileSync('openssl', ['dgst', '-sha256', '-hmac', key], { input: data }).toString().trim().split(/\s+/).pop()!;

describe('smsgate samples', () => {
  it('has one per documented event, and two parts of one long SMS delivered', () => {
    expect(refs.map((r) => r.name).sort()).toEqual(['delivered', 'delivered-multipart-1', 'delivered-multipart-2', 'failed', 'ping', 'received', 'sent']);
    const events = refs.map((r) => (JSON.parse(loadSample(r).body.toString()) as { event: string }).event);
    expect(new Set(events)).toEqual(new Set(['sms:received', 'sms:sent', 'sms:delivered', 'sms:failed', 'system:ping']));
  });

  describe.each(refs.map((r) => [r.name, r] as const))('%s', (_name, ref) => {
    const req = loadSample(ref);
    const expectation = loadExpectation(ref)! as { secret: string; signedAt: number; events: object[] };

    it('is routed to smsgate, decodes to its expectation without a problem, and is detected from its fields alone', () => {
      const result = inspect(req);
      expect(result.provider?.id).toBe('smsgate');
      expect(result.decoded?.problems).toEqual([]);
      expect(result.decoded?.events).toMatchObject(expectation.events);
      const unrouted = { ...req, url: '/hook' };
      expect(identifyProvider(unrouted, parseBody(unrouted))?.id).toBe('smsgate');
    });

    it('is claimed by no other provider', () => {
      const unrouted = { ...req, url: '/hook' };
      for (const p of providers.filter((x) => x.id !== 'smsgate')) expect(p.detect(unrouted, parseBody(unrouted)), p.id).toBeLessThan(0.5);
    });

    it('carries an X-Signature that node:crypto and openssl compute alike, and that verifies at its own time', () => {
      const ts = headerValue(req.headers, 'x-timestamp')!;
      const signed = Buffer.concat([req.body, Buffer.from(ts)]);
      const expected = nodeHmac(expectation.secret, signed);
      expect(opensslHmac(expectation.secret, signed)).toBe(expected);
      expect(headerValue(req.headers, 'x-signature')).toBe(expected);
      expect(sign(expectation.secret, req.body, ts)).toBe(expected);
      expect(verifyAt(req, expectation.secret, expectation.signedAt * 1000 + 30_000)).toMatchObject({ state: 'valid', algorithm: 'hmac-sha256' });
    });

    it('encodes back byte for byte without overrides', () => {
      const out = smsgate.encode(req, TARGET, {});
      expect(out.headers).toEqual(req.headers);
      expect(out.body.equals(req.body)).toBe(true);
    });
  });

  it('none of the others claims another provider\'s sample', () => {
    for (const ref of listSamples().filter((r) => r.provider !== 'smsgate')) {
      const other = { ...loadSample(ref), url: '/hook' };
      expect(smsgate.detect(other, parseBody(other)), `${ref.provider}/${ref.name}`).toBeLessThan(0.5);
    }
  });
});

describe('smsgate signature', () => {
  const req = sample('received');
  const at = tsOf(req) * 1000;

  it('accepts ±5 min and refuses past it, saying the HMAC matched and by how much the clock is off', () => {
    expect(verifyAt(req, KEY, at + WINDOW_S * 1000).state).toBe('valid');
    expect(verifyAt(req, KEY, at - WINDOW_S * 1000).state).toBe('valid');
    const late = verifyAt(req, KEY, at + (WINDOW_S + 1) * 1000);
    expect(late.state).toBe('invalid');
    expect(late.detail).toBe('hmac-sha256 matches, but X-Timestamp is 301 s old, outside the ±5 min window: a replayed request, or a clock off (send --secret signs with a fresh timestamp)');
    expect(verifyAt(req, KEY, at - 400_000).detail).toContain('400 s in the future');
    expect(verifyAt(req, KEY, at + 3 * 86_400_000).detail).toContain('259200 s old (about 3 days)');
  });

  it('compares the hex case-insensitively; a wrong key fails, and the key never appears', () => {
    const upper = { ...req, headers: req.headers.map(([k, v]): [string, string] => [k, k === 'X-Signature' ? v.toUpperCase() : v]) };
    expect(verifyAt(upper, KEY, at).state).toBe('valid');
    const wrong = verifyAt(req, 'other-key', at);
    expect(wrong.state).toBe('invalid');
    expect(wrong.diagnoses[0]).toMatch(/wrong signing key/);
    expect(JSON.stringify(verifyAt(req, KEY, at))).not.toContain(KEY);
  });

  it('names the usual mistakes: the body alone hashed, or the JSON re-serialised', () => {
    const ts = headerValue(req.headers, 'x-timestamp')!;
    const withSig = (sig: string): RawRequest => ({ ...req, headers: [['Content-Type', 'application/json'], ['X-Signature', sig], ['X-Timestamp', ts]] });
    expect(verifyAt(withSig(nodeHmac(KEY, req.body)), KEY, at).diagnoses[0]).toMatch(/body alone/);
    const spaced: RawRequest = { ...req, body: Buffer.from(JSON.stringify(JSON.parse(req.body.toString()), null, 1)) };
    const reserialised = nodeHmac(KEY, Buffer.from(JSON.stringify(JSON.parse(req.body.toString())) + ts));
    expect(verifyAt({ ...withSig(reserialised), body: spaced.body }, KEY, at).diagnoses[0]).toMatch(/re-serialised/);
  });

  it('is absent without the headers', () => {
    expect(verifyAt({ ...req, headers: [['Content-Type', 'application/json']] }, KEY, at)).toMatchObject({ state: 'absent' });
  });
});

describe('smsgate encode', () => {
  it('--secret signs with a fresh X-Timestamp from the clock it is given, and that verifies then', () => {
    const now = Date.UTC(2030, 0, 1, 12);
    const out = encodeAt(sample('delivered'), TARGET, { secret: 'k2' }, now);
    expect(headerValue(out.headers, 'x-timestamp')).toBe(String(now / 1000));
    expect(headerValue(out.headers, 'x-signature')).toBe(opensslHmac('k2', Buffer.concat([out.body, Buffer.from(String(now / 1000))])));
    expect(verifyAt(out, 'k2', now + 1000).state).toBe('valid');
  });

  it('--set lands in the payload by wire or normalised name, and in the envelope for id', () => {
    const out = encodeAt(sample('received'), TARGET, { set: { text: 'Hi', phone: '+100', id: 'new-delivery' }, secret: KEY }, 0);
    const body = JSON.parse(out.body.toString()) as { id: string; payload: Record<string, unknown> };
    expect(body.id).toBe('new-delivery');
    expect(body.payload).toMatchObject({ message: 'Hi', phoneNumber: '+100', simNumber: 1 });
    expect(verifyAt(out, KEY, 0).state).toBe('valid');
  });
});

describe('smsgate ack and retry', () => {
  it('accepts any 2xx and not a 500, by the documented rule', () => {
    const r = sample('received');
    const d = smsgate.decode(r, parseBody(r));
    expect(smsgate.judge({ status: 204, headers: [], body: Buffer.alloc(0) }, r, d).accepted).toBe(true);
    expect(smsgate.judge({ status: 500, headers: [], body: Buffer.alloc(0) }, r, d)).toMatchObject({ accepted: false, reason: expect.stringContaining('docs/providers.md#smsgate-ack') });
  });

  it('retries 14 times after 10 s doubling, 30 s to answer, documented', () => {
    expect(smsgate.retry).toMatchObject({ attempts: 15, timeoutMs: 30_000, documented: true, perMessage: false });
    expect(smsgate.retry.intervalsMs).toEqual([10, 20, 40, 80, 160, 320, 640, 1280, 2560, 5120, 10240, 20480, 40960, 81920].map((s) => s * 1000));
    // About 2 days in all, as the docs say.
    expect(smsgate.retry.intervalsMs.reduce((a, b) => a + b, 0) / 3_600_000).toBeCloseTo(45.5, 1);
  });
});

describe('smsgate decode problems', () => {
  const json = (body: unknown): RawRequest => ({ method: 'POST', url: '/smsgate', headers: [['Content-Type', 'application/json']], body: Buffer.from(JSON.stringify(body)) });
  it.each([
    [{ event: 'sms:exploded', payload: {} }, 'unknown event "sms:exploded": SMS Gateway for Android documents sms:received, sms:sent, sms:delivered, sms:failed, system:ping'],
    [{ payload: {} }, 'event missing'],
    [{ event: 'sms:sent' }, 'payload missing or not an object'],
    [{ event: 'sms:received', payload: { messageId: 'a', phoneNumber: '1' } }, 'payload.message missing'],
  ])('%j: %s', (body, problem) => {
    const r = json(body);
    expect(smsgate.decode(r, parseBody(r)).problems).toEqual([problem]);
  });
});

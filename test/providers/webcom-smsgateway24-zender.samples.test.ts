import { describe, it, expect } from 'vitest';
import { parseBody } from '../../src/core/body.js';
import { listSamples, loadExpectation, loadSample } from '../../src/core/samples.js';
import { inspect } from '../../src/providers/inspect.js';
import { identifyProvider, providerById } from '../../src/providers/registry.js';

// Table-driven over samples/ for the three providers (conventions.md section 7).
const IDS = ['webcom', 'smsgateway24', 'zender'] as const;
const REQUIRED: Record<(typeof IDS)[number], string[]> = {
  webcom: ['delivered', 'failed', 'expired', 'sent', 'read', 'partly-delivered', 'batch', 'delivered-xml'],
  smsgateway24: ['delivered', 'failed', 'not-sent', 'pending', 'queued', 'sent', 'incoming', 'incoming-legacy', 'incoming-img'],
  zender: ['incoming', 'whatsapp', 'ussd', 'notification'],
};
const TARGET = 'http://127.0.0.1:9/hook';

describe.each(IDS)('%s samples', (id) => {
  const refs = listSamples(id);
  const provider = providerById(id)!;

  it("claims no other provider's sample", () => {
    for (const ref of listSamples().filter((r) => r.provider !== id)) {
      const other = { ...loadSample(ref), url: '/hook' };
      expect(provider.detect(other, parseBody(other)), `${ref.provider}/${ref.name}`).toBeLessThan(0.5);
    }
  });

  it('has every required fixture, each with an expectation', () => {
    expect(refs.map((r) => r.name)).toEqual(expect.arrayContaining(REQUIRED[id]));
    for (const ref of refs) expect(loadExpectation(ref), ref.name).not.toBeNull();
  });

  describe.each(refs.map((r) => [r.name, r] as const))('%s', (_name, ref) => {
    const sample = loadSample(ref);
    const expectation = loadExpectation(ref)!;

    it('is routed to its provider and decodes to its expectation', () => {
      const secret = expectation['secret'] as string | undefined;
      const result = inspect(sample, secret === undefined ? {} : { secrets: { [id]: secret } });
      expect(result.provider?.id).toBe(id);
      expect(result.decoded?.problems).toEqual([]);
      expect(result.decoded?.events).toMatchObject(expectation['events'] as object[]);
      if (expectation['signature']) expect(result.signature.state).toBe(expectation['signature']);
    });

    it('is detected from its fields alone', () => {
      const unrouted = { ...sample, url: '/hook' };
      expect(identifyProvider(unrouted, parseBody(unrouted))?.id).toBe(id);
      expect(provider.detect(unrouted, parseBody(unrouted))).toBeGreaterThanOrEqual(0.5);
    });

    it('encodes back byte for byte without overrides', () => {
      const out = provider.encode(sample, TARGET, {});
      expect(out).toMatchObject({ method: 'POST', url: TARGET });
      expect(out.headers).toEqual(sample.headers);
      expect(out.body.equals(sample.body)).toBe(true);
    });

    it('re-serialises to the same bytes when nothing changes (narrow to every id, or a same-value --set)', () => {
      const ids = provider.decode(sample, parseBody(sample)).events.map((e) => e.messageId!);
      const out = provider.narrow ? provider.narrow(sample, ids) : provider.encode(sample, TARGET, { set: { messageId: ids[0]! } });
      expect(out.body.toString('utf8')).toBe(sample.body.toString('utf8'));
    });
  });
});

describe('a provider that signs nothing (Webcom Mobi)', () => {
  it('says so where no secret is configured, not "no secret configured", which would send the user looking for one', () => {
    for (const ref of listSamples('webcom')) {
      expect(inspect(loadSample(ref)).signature, ref.name).toMatchObject({ state: 'unchecked', detail: 'Webcom Mobi does not sign callbacks: nothing to check' });
    }
    // A provider that signs still asks for its secret.
    expect(inspect(loadSample(listSamples('smsc')[0]!)).signature.detail).toBe('no secret configured for smsc');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flagEvents, RecentContent, RecentMap, type CodesSource, type Flag } from '../../src/capture/correlate.js';
import type { StatusReport } from '../../src/capture/store.js';
import { parseBody } from '../../src/core/body.js';
import { loadSample } from '../../src/core/samples.js';
import type { Decoded, Provider } from '../../src/core/types.js';
import { providerById } from '../../src/providers/registry.js';
import { resolveFixture } from '../../src/send/fixtures.js';

const provider = (id: string): Provider => providerById(id)!;

/** A fixture as `send --set` would put it on the wire, decoded as listen decodes it. */
function decodedOf(p: Provider, fixture: string, set: Record<string, string>): Decoded {
  const req = p.encode(loadSample(resolveFixture(p, fixture)), 'http://127.0.0.1/x', { set });
  return p.decode(req, parseBody(req));
}

/** listen's flagging in arrival order: earlier codes per message, and the recent contents (as RecentStatuses.codesOf carries them). */
function listenLike() {
  const codes = new Map<string, StatusReport[]>();
  const codesOf: CodesSource = Object.assign((prov: string, id: string): StatusReport[] => codes.get(`${prov}:${id}`) ?? [], { content: new RecentContent() });
  return (p: Provider, d: Decoded): Flag[][] => {
    const flags = flagEvents(codesOf, p, d);
    for (const e of d.events) if (e.messageId && e.status) codes.set(`${p.id}:${e.messageId}`, [...codesOf(p.id, e.messageId), { code: e.status.code, part: e.part ?? null }]);
    return flags;
  };
}

describe('likely-duplicate', () => {
  const smsc = provider('smsc');

  it('fires on the same delivered report re-sent under a new message id', () => {
    const flag = listenLike();
    expect(flag(smsc, decodedOf(smsc, 'delivered', { id: '1001' }))).toEqual([[]]);
    expect(flag(smsc, decodedOf(smsc, 'delivered', { id: '1002' }))).toEqual([['likely-duplicate']]);
  });

  it('does not fire on two delivered reports to the same phone at different times, or with different texts', () => {
    const flag = listenLike();
    expect(flag(smsc, decodedOf(smsc, 'delivered', { id: '2001', time: '1700000000' }))).toEqual([[]]);
    expect(flag(smsc, decodedOf(smsc, 'delivered', { id: '2002', time: '1700000042' }))).toEqual([[]]);
    expect(flag(smsc, decodedOf(smsc, 'incoming-utf8', { id: '2003' }))).toEqual([[]]);
    expect(flag(smsc, decodedOf(smsc, 'incoming-utf8', { id: '2004', mes: 'Другой текст' }))).toEqual([[]]);
  });

  it('does not fire on a repeat with the same message id (that is duplicate, by code)', () => {
    const flag = listenLike();
    flag(smsc, decodedOf(smsc, 'delivered', { id: '3001' }));
    expect(flag(smsc, decodedOf(smsc, 'delivered', { id: '3001' }))).toEqual([['duplicate']]);
  });

  it('ignores fields kept as unknown: an envelope id that changes on a re-send does not hide it', () => {
    const gate = provider('smsgate');
    const flag = listenLike();
    flag(gate, decodedOf(gate, 'received', { messageId: 'a1', id: 'env-1' }));
    expect(flag(gate, decodedOf(gate, 'received', { messageId: 'a2', id: 'env-2' }))).toEqual([['likely-duplicate']]);
  });

  it('needs a phone: Webcom Mobi states (id, time, state) never match', () => {
    const webcom = provider('webcom');
    const flag = listenLike();
    expect(flag(webcom, decodedOf(webcom, 'delivered', { id_sms: '11' }))).toEqual([[]]);
    expect(flag(webcom, decodedOf(webcom, 'delivered', { id_sms: '12' }))).toEqual([[]]);
  });

  it('keeps a bounded memory: the oldest content is forgotten first', () => {
    const content = new RecentContent(2);
    const ev = (id: string, time: string) => decodedOf(smsc, 'delivered', { id, time }).events;
    content.check('smsc', ev('1', '1'));
    content.check('smsc', ev('2', '2'));
    content.check('smsc', ev('3', '3'));
    expect(content.check('smsc', ev('9', '1'))).toEqual([false]);
    expect(content.check('smsc', ev('9', '3'))).toEqual([true]);
  });
});

describe('RecentMap (the bound behind RecentStatuses and RecentContent)', () => {
  it('keeps between max/2 and max of the latest keys, and a key read again counts as recent', () => {
    const m = new RecentMap<number>(4);
    for (let i = 0; i < 4; i++) m.set(`k${i}`, i);
    expect(m.get('k0')).toBe(0);
    m.set('k4', 4);
    m.set('k5', 5);
    expect([m.get('k1'), m.get('k2'), m.get('k3')]).toEqual([undefined, undefined, undefined]);
    expect([m.get('k0'), m.get('k4'), m.get('k5')]).toEqual([0, 4, 5]);
    for (let i = 6; i < 1000; i++) m.set(`k${i}`, i);
    expect([m.get('k0'), m.get('k995'), m.get('k996'), m.get('k999')]).toEqual([undefined, undefined, 996, 999]);
  });
});

describe('per-part reports (property)', () => {
  const gate = provider('smsgate');

  it('never raise likely-duplicate, and duplicate exactly for a part re-sent (its envelope id again), whatever their times and interleaving', () => {
    // Several long SMS, each its own message id and phone, sent then delivered part by part.
    const part = fc.record({ msg: fc.nat({ max: 3 }), second: fc.nat({ max: 2 }), envelope: fc.constantFrom('e1', 'e2', 'e3') });
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 12 }), (parts) => {
        const flag = listenLike();
        const seen = new Set<string>();
        for (let m = 0; m <= 3; m++) flag(gate, decodedOf(gate, 'sent', { messageId: `long-${m}`, phone: `+7999000000${m}` }));
        return parts.every(({ msg, second, envelope }) => {
          const d = decodedOf(gate, 'delivered-multipart-1', { messageId: `long-${msg}`, phone: `+7999000000${msg}`, id: envelope, time: `2024-06-22T16:05:0${second}.000+07:00` });
          const flags = flag(gate, d)[0]!;
          const resent = seen.has(`${msg}:${envelope}`);
          seen.add(`${msg}:${envelope}`);
          return flags.includes('duplicate') === resent && !flags.includes('likely-duplicate');
        });
      }),
      { numRuns: 200 },
    );
  });
});

import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { flagEvents, indexable, TIMELINE_WINDOW } from '../../src/capture/correlate.js';
import { emptyFilter, factsOf, matches, parseFilter, type Filter } from '../../src/capture/filter.js';
import { factsKeyOf, storedFactsOf } from '../../src/capture/store-facts.js';
import { Store, type CaptureRecord, type NewCapture } from '../../src/capture/store.js';
import { viewCapture } from '../../src/capture/view.js';
import { listSamples, loadSample } from '../../src/core/samples.js';
import { inspect } from '../../src/providers/inspect.js';
import { encode as encodeWebcom } from '../../src/providers/webcom/encode.js';
import { providerIds } from '../../src/providers/registry.js';
import { tempDir } from '../helpers/tmp.js';

// SQL-served filtering (capture/store-filter.ts over the facts stored at insert) against
// matches() over each capture decoded, the one definition, on random captures and filters.
const tmp = tempDir('wk-store-filter-');
afterAll(() => tmp.cleanup());
let n = 0;
const fresh = (): Store => Store.open(join(tmp.dir, `${n++}.db`));

const SECRETS = { smsc: 'my_secret-1', zender: 'MY_SECRET', smsgate: 'fixture-signing-key', smsgateway24: 'sg24-demo-token' };
const SAMPLES = listSamples().map(loadSample);

/** Stores a capture the way listen does (server.ts, group-commit.ts): events indexed, flags against what is stored, facts with it. */
function storeLikeListen(store: Store, c: NewCapture, secrets: Record<string, string> | null): CaptureRecord {
  const inspection = inspect(c, { secrets: secrets ?? {}, truncatedFrom: c.truncated ? c.size : undefined });
  const provider = inspection.provider?.id;
  const events = provider ? indexable(inspection.decoded).map((e) => ({ provider, ...e })) : [];
  const flags = flagEvents((p, id) => store.codesOf(p, id, Number.MAX_SAFE_INTEGER, TIMELINE_WINDOW), inspection.provider, inspection.decoded);
  return store.insert(c, events, secrets === null ? undefined : (r) => storedFactsOf(r, inspection, flags, secrets));
}

const text = fc.string({ unit: fc.constantFrom('a', 'Z', '1', '=', '&', ' ', '%', 'д', '😀', '\u0000', '\t', 'é', 'İ'), maxLength: 12 });

/** A shipped sample, maybe with its body or path edited, maybe truncated, at a random time. */
const capture: fc.Arbitrary<NewCapture> = fc
  .record({ i: fc.nat(SAMPLES.length - 1), extra: fc.option(text), path: fc.option(fc.constantFrom('/x', '/smsc', '/zender?x=1', '/webcom/a')), truncate: fc.boolean(), at: fc.integer({ min: 0, max: 10_000 }) })
  .map(({ i, extra, path, truncate, at }) => {
    const s = SAMPLES[i]!;
    const body = extra === null ? s.body : Buffer.concat([s.body, Buffer.from(extra, 'utf8')]);
    const kept = truncate ? body.subarray(0, Math.floor(body.length / 2)) : body;
    return { method: s.method, url: path ?? s.url, headers: s.headers, body: kept, receivedAt: 1_700_000_000_000 + at, remote: '127.0.0.1:1', size: body.length, truncated: truncate, answer: null };
  });

/**
 * A Webcom Mobi batch built by its encoder from the sample batch: each of its three items a random
 * state and one of a few ids (so ids recur, across captures and in one, and flags follow).
 */
const BATCH = SAMPLES.find((s) => s.url.startsWith('/webcom') && s.body.toString().startsWith('[{') && s.body.toString().split('id_sms').length === 4)!;
const batch: fc.Arbitrary<NewCapture> = fc
  .record({
    items: fc.array(fc.tuple(fc.constantFrom('3234', '3235', '77'), fc.constantFrom('send', 'deliver', 'read', 'not_deliver', 'expired', 'bogus')), { minLength: 3, maxLength: 3 }),
    at: fc.integer({ min: 0, max: 10_000 }),
  })
  .map(({ items, at }) => {
    const set = Object.fromEntries(items.flatMap(([id, state], i) => [[`${i}.id_sms`, id], [`${i}.state`, state]]));
    const req = encodeWebcom(BATCH, BATCH.url, { set });
    return { ...req, receivedAt: 1_700_000_000_000 + at, remote: '127.0.0.1:1', size: req.body.length, truncated: false, answer: null };
  });
/** Multi-event captures: the SQL pre-filter may keep one whose events each hold only some event terms. */
const isBatch = (r: CaptureRecord): boolean => (viewCapture(r).inspection.decoded?.events.length ?? 0) > 1;

/** Filter terms: the vocabulary, slices of the facts the captures have, and random text. */
function filterFrom(records: readonly CaptureRecord[]): fc.Arbitrary<Filter> {
  const facts = records.map((r) => factsOf(viewCapture(r, { secrets: SECRETS })));
  // Long slices too: a short one is often found earlier in the haystack than where it was taken.
  const slice = (s: string): fc.Arbitrary<string> => fc.tuple(fc.nat(s.length), fc.integer({ min: 1, max: 24 })).map(([at, len]) => s.slice(at, at + len) || s);
  const fromFacts = (pick: (f: (typeof facts)[number]) => string): fc.Arbitrary<string> =>
    facts.length ? fc.nat(facts.length - 1).chain((i) => slice(pick(facts[i]!))) : fc.constant('x');
  const word = (vocab: readonly string[], pick: (f: (typeof facts)[number]) => string): fc.Arbitrary<string> =>
    fc.oneof(fc.constantFrom(...vocab), fromFacts(pick), text.map((t) => t.toLowerCase()));
  const noSpace = (a: fc.Arbitrary<string>): fc.Arbitrary<string> => a.map((t) => t.replace(/\s+/g, '')).filter((t) => t !== '');
  const term = <K extends string>(key: K, a: fc.Arbitrary<string>) => a.map((value) => ({ key, value }));
  // One to three terms, most of them words the captures have, so filters keep some captures and drop others.
  const terms = fc.array(
    fc.oneof(
      term('provider', noSpace(word(providerIds(), (f) => f.keys.provider))),
      term('event', noSpace(word(['status', 'incoming', 'ping'], (f) => f.keys.event))),
      term('outcome', noSpace(word(['delivered', 'failed', 'sent', 'read'], (f) => f.keys.outcome))),
      term('messageId', noSpace(word(['1', '12', '3234', '3235', '77'], (f) => f.keys.messageId))),
      term('phone', noSpace(word(['7999'], (f) => f.keys.phone))),
      term('signature', fc.constantFrom('valid', 'invalid', 'absent', 'unchecked', 'val')),
      term('flag', fc.constantFrom('duplicate', 'out-of-order', 'impossible', 'problem', 'dup', 'likely-duplicate')),
      // --grep may hold spaces.
      term('text', word(['post', 'smsc', 'delivered'], (f) => f.haystack)),
    ),
    { minLength: 1, maxLength: 4 },
  );
  // A batch's event words taken from two of its events (maybe one): outcome:read id:3234 of a batch where 3235 was read.
  const events = facts.flatMap((f) => (f.events ? [f.events] : []));
  const across: fc.Arbitrary<Array<{ key: 'outcome' | 'messageId' | 'event' | 'flag'; value: string }>> = events.length
    ? fc.tuple(fc.nat(events.length - 1), fc.nat(2), fc.nat(2), fc.constantFrom('outcome' as const, 'event' as const, 'flag' as const)).map(([b, i, j, key]) => {
        const [x, y] = [events[b]![i % events[b]!.length]!, events[b]![j % events[b]!.length]!];
        return [{ key: 'messageId' as const, value: x.messageId }, { key, value: y[key].split(' ')[0]! }].filter((t) => t.value !== '');
      })
    : fc.constant([]);
  const bound = fc.option(fc.integer({ min: 1_700_000_000_000, max: 1_700_000_010_000 }), { nil: undefined, freq: 3 });
  return fc.tuple(fc.oneof(terms, across, fc.tuple(terms, across).map(([a, b]) => [...a, ...b])), bound, bound).map(([ts, since, until]) => {
    const f: Filter = { ...emptyFilter(), since, until };
    for (const t of ts) f[t.key].push(t.value);
    return f;
  });
}

const ids = (rows: Iterable<CaptureRecord>): string[] => [...rows].map((r) => r.id);
/** matches() on every capture decoded, newest first: what list did before the store served filters. */
const reference = (store: Store, f: Filter, secrets = SECRETS): string[] =>
  ids([...store.iterate({ newestFirst: true })].filter((r) => matches(factsOf(viewCapture(r, { secrets, store })), f)));
const hasSurrogate = (f: Filter): boolean => Object.values(f).some((v) => Array.isArray(v) && v.some((t: string) => /[\uD800-\uDFFF]/.test(t)));

describe('filters served by the store', () => {
  it('SQLite picks exactly the captures matches() keeps, and a batch it may keep besides (random captures and batches, random filters)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof({ arbitrary: capture, weight: 3 }, { arbitrary: batch, weight: 1 }), { minLength: 1, maxLength: 25 }).chain((cs) => {
        const store = fresh();
        const records = cs.map((c) => storeLikeListen(store, c, SECRETS));
        return fc.tuple(fc.constant(store), fc.array(filterFrom(records), { minLength: 5, maxLength: 5 }));
      }), ([store, filters]) => {
        try {
          for (const f of filters) {
            const rows = [...store.iterate({ newestFirst: true, filter: f, factsKey: factsKeyOf(SECRETS) })];
            const expected = reference(store, f);
            // Never less than matches() keeps; the caller judges each row it is served with matches().
            expect(ids(rows.filter((r) => matches(factsOf(viewCapture(r, { secrets: SECRETS, store })), f)))).toEqual(expected);
            // A term with a surrogate is left to matches() (a superset); every other is SQL's alone, but for a batch's events.
            if (!hasSurrogate(f)) expect(ids(rows.filter((r) => !isBatch(r)))).toEqual(expected.filter((id) => !isBatch(rows.find((r) => r.id === id)!)));
          }
        } finally {
          store.close();
        }
      }),
      { numRuns: 40 },
    );
  });

  it('rows without facts, or stored under other secrets, are handed over to be decoded, never dropped', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(capture, fc.constantFrom<Record<string, string> | null>(SECRETS, {}, { smsc: 'other' }, null)), { minLength: 1, maxLength: 20 }).chain((cs) => {
        const store = fresh();
        const records = cs.map(([c, s]) => storeLikeListen(store, c, s));
        return fc.tuple(fc.constant(store), fc.array(filterFrom(records), { minLength: 5, maxLength: 5 }));
      }), ([store, filters]) => {
        try {
          for (const f of filters) {
            const served = [...store.iterate({ newestFirst: true, filter: f, factsKey: factsKeyOf(SECRETS) })];
            const judged = ids(served.filter((r) => matches(factsOf(viewCapture(r, { secrets: SECRETS, store })), f)));
            expect(judged).toEqual(reference(store, f));
          }
        } finally {
          store.close();
        }
      }),
      { numRuns: 30 },
    );
  });

  it('a no-match filter reads no capture to decode, a match reads only its own; without facts, every row is read', () => {
    const store = fresh();
    const old = fresh();
    const zender = SAMPLES.find((s) => s.url.startsWith('/zender'))!;
    const smsc = SAMPLES.filter((s) => s.url.startsWith('/smsc'));
    for (let i = 0; i < 300; i++) {
      const s = i % 100 === 7 ? zender : smsc[i % smsc.length]!;
      const c = { ...s, receivedAt: 1_700_000_000_000 + i, remote: 'x', size: s.body.length, truncated: false, answer: null };
      storeLikeListen(store, c, SECRETS);
      storeLikeListen(old, c, null);
    }
    const rows = (s: Store, q: string): number => [...s.iterate({ filter: parseFilter(q), factsKey: factsKeyOf(SECRETS) })].length;
    expect(rows(store, 'provider:smsgate')).toBe(0);
    expect(rows(store, 'provider:zender')).toBe(3);
    expect(rows(store, 'sig:invalid')).toBe(0);
    expect(rows(store, 'no-such-text-anywhere')).toBe(0);
    expect(rows(store, 'provider:smsc sig:valid')).toBe(297);
    // The same captures stored without facts (as before schema v6): each must be decoded.
    expect(rows(old, 'provider:zender')).toBe(300);
    // Other secrets than the ones the facts were stored under: the signature state may differ, so decode.
    expect([...store.iterate({ filter: parseFilter('provider:zender'), factsKey: factsKeyOf({}) })]).toHaveLength(300);
    store.close();
    old.close();
  });

  it('a word found only in a status meaning (kept once in fact_texts) is found, as matches() finds it', () => {
    const store = fresh();
    const smsc = SAMPLES.filter((s) => s.url.startsWith('/smsc'));
    const records = smsc.map((s, i) => storeLikeListen(store, { ...s, receivedAt: 1_700_000_000_000 + i, remote: 'x', size: s.body.length, truncated: false, answer: null }, SECRETS));
    const meanings = records.flatMap((r) => viewCapture(r, { secrets: SECRETS }).inspection.decoded?.events.map((e) => e.status?.meaning ?? '') ?? []).filter(Boolean);
    expect(meanings.length).toBeGreaterThan(0);
    for (const meaning of meanings) {
      const f = parseFilter(meaning.toLowerCase().split(/\s+/).slice(-2).join(' '));
      const served = ids(store.iterate({ newestFirst: true, filter: f, factsKey: factsKeyOf(SECRETS) }));
      expect(served.length).toBeGreaterThan(0);
      expect(served).toEqual(reference(store, f));
    }
    store.close();
  });

  it('facts stored before a relay to a URL with a password are dropped (every view masks that password too)', () => {
    const store = fresh();
    const s = SAMPLES.find((x) => x.url.startsWith('/smsc'))!;
    const r = storeLikeListen(store, { ...s, receivedAt: 1, remote: 'x', size: s.body.length, truncated: false, answer: null }, SECRETS);
    const f = parseFilter('provider:zender');
    const forward = { url: 'http://user:hunter2@127.0.0.1:9/x', status: 200, latencyMs: 1, error: null, errorKind: null, verdict: 'ok', accepted: true };
    expect(ids(store.iterate({ filter: f, factsKey: factsKeyOf(SECRETS) }))).toEqual([]);
    store.setOutcomes([{ seq: r.seq, answer: null, forward }]);
    expect(ids(store.iterate({ filter: f, factsKey: factsKeyOf(SECRETS) }))).toEqual([r.id]);
    store.close();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { RecentStatuses, TIMELINE_WINDOW } from '../../src/capture/correlate.js';
import { Store, type NewCapture } from '../../src/capture/store.js';

// listen looks up the messages a batch sees first in one query (Store.latestCodes via
// RecentStatuses.prefetch): what it finds must be what one codesOf() a message finds.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function openStore(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'wk-recent-'));
  dirs.push(dir);
  return Store.open(join(dir, 's.db'));
}

const capture = (n: number): NewCapture => ({ method: 'POST', url: `/c${n}`, headers: [], body: Buffer.from(`n=${n}`), receivedAt: 1_700_000_000_000 + n, remote: '127.0.0.1:1', size: 3, truncated: false, answer: null });

/** Stores one capture per event, in order. */
function fill(store: Store, events: ReadonlyArray<{ provider: string; messageId: string; code: string }>): void {
  store.insertBatch(events.map((e, i) => ({ capture: capture(i), events: [e] })));
}

describe('RecentStatuses.prefetch', () => {
  it('finds each message’s latest codes, oldest first, as codesOf does: absent ones empty, long ones cut to the window, many messages in chunks', () => {
    const store = openStore();
    const events = [
      ...Array.from({ length: TIMELINE_WINDOW + 7 }, (_, i) => ({ provider: 'smsc', messageId: 'long', code: String(i % 4) })),
      { provider: 'smsc', messageId: 'm1', code: '0' },
      { provider: 'webcom', messageId: 'm1', code: 'deliver' },
      { provider: 'smsc', messageId: 'm1', code: '1' },
      ...Array.from({ length: 150 }, (_, i) => ({ provider: 'smsc', messageId: `b${i}`, code: String(i % 3) })),
    ];
    fill(store, events);
    const asked = [
      { provider: 'smsc', messageId: 'long' },
      { provider: 'smsc', messageId: 'm1' },
      { provider: 'webcom', messageId: 'm1' },
      { provider: 'smsc', messageId: 'absent' },
      { provider: 'zender', messageId: 'm1' },
      ...Array.from({ length: 150 }, (_, i) => ({ provider: 'smsc', messageId: `b${i}` })),
      { provider: 'smsc', messageId: 'm1' },
    ];
    const recent = new RecentStatuses(store);
    recent.prefetch(asked);
    // Afterwards no query may run: what prefetch cached is what is compared.
    const codesOf = store.codesOf.bind(store);
    store.codesOf = () => {
      throw new Error('queried after prefetch');
    };
    for (const a of asked) expect(recent.codesOf(a.provider, a.messageId)).toEqual(codesOf(a.provider, a.messageId, Number.MAX_SAFE_INTEGER, TIMELINE_WINDOW));
    expect(recent.codesOf('smsc', 'long')).toHaveLength(TIMELINE_WINDOW);
    expect(recent.codesOf('smsc', 'absent')).toEqual([]);
    store.close();
  });

  it('agrees with codesOf for any store and any set of messages asked (property)', () => {
    const event = fc.record({ provider: fc.constantFrom('smsc', 'webcom'), messageId: fc.constantFrom('a', 'b', 'c', "o'q", 'ü'), code: fc.constantFrom('0', '1', '2', 'x') });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 80 }), fc.array(event, { minLength: 1, maxLength: 12 }), (stored, asked) => {
        const store = openStore();
        try {
          if (stored.length) fill(store, stored);
          const recent = new RecentStatuses(store);
          recent.prefetch(asked);
          for (const a of asked) expect(recent.codesOf(a.provider, a.messageId)).toEqual(store.codesOf(a.provider, a.messageId, Number.MAX_SAFE_INTEGER, TIMELINE_WINDOW));
        } finally {
          store.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});

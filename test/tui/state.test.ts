import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RowData } from '../../src/tui/model.js';
import { initialState, MAX_ROWS, reducer, selectedIndex, type Action, type TuiState } from '../../src/tui/state.js';

const row = (seq: number, provider = seq % 2 ? 'smsc' : 'webcom'): RowData => ({
  seq, id: `c${seq}`, receivedAt: seq, method: 'POST', path: '/x', provider, event: 'status', messageId: String(seq), phone: null,
  outcome: seq % 3 ? 'delivered' : 'failed', final: true, meaning: '', signature: 'unchecked', flags: [], failed: seq % 3 === 0, app: null,
  keys: { provider, event: 'status', outcome: seq % 3 ? 'delivered' : 'failed', messageId: String(seq), phone: '', signature: 'unchecked', flag: '' }, haystack: provider,
});

// Action shapes; seqs are filled in while running so that they grow like the store's.
const step = fc.oneof(
  fc.record({ type: fc.constant('live'), n: fc.integer({ min: 1, max: 700 }) }),
  fc.record({ type: fc.constant('older'), n: fc.integer({ min: 0, max: 700 }) }),
  fc.record({ type: fc.constant('move'), by: fc.integer({ min: -500, max: 500 }) }),
  fc.record({ type: fc.constant('layout'), h: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ type: fc.constant('follow'), on: fc.boolean() }),
  fc.record({ type: fc.constant('filter'), text: fc.constantFrom('', 'provider:smsc', 'outcome:failed', 'webcom', 'zzz') }),
);

describe('tui reducer', () => {
  it('keeps a bounded window, a visible selection on screen, and follow on the newest row', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let s: TuiState = initialState(10);
        let newest = 1_000_000;
        let oldest = newest + 1;
        for (const st of steps) {
          let a: Action;
          if (st.type === 'live') a = { type: 'live', rows: Array.from({ length: st.n }, () => row(++newest)) };
          else if (st.type === 'older') {
            const rows = Array.from({ length: st.n }, () => row(--oldest)).reverse();
            a = { type: 'older', rows, hasOlder: true };
          } else if (st.type === 'move') a = { type: 'move', by: st.by };
          else if (st.type === 'layout') a = { type: 'layout', listHeight: st.h };
          else if (st.type === 'follow') a = { type: 'follow', on: st.on };
          else {
            s = reducer(s, { type: 'mode', mode: 'filter' });
            a = { type: 'input', text: st.text };
          }
          s = reducer(s, a);
          if (s.rows.length) oldest = Math.min(oldest, s.rows[0]!.seq);
          expect(s.rows.length).toBeLessThanOrEqual(MAX_ROWS);
          for (let i = 1; i < s.rows.length; i++) expect(s.rows[i]!.seq).toBeGreaterThan(s.rows[i - 1]!.seq);
          const index = selectedIndex(s);
          expect(s.selected === null).toBe(s.visible.length === 0);
          if (s.visible.length) {
            expect(index).toBeGreaterThanOrEqual(0);
            expect(index).toBeGreaterThanOrEqual(s.top);
            expect(index).toBeLessThan(s.top + s.listHeight);
          }
          if (s.follow) expect(index).toBe(s.visible.length - 1);
          if (s.follow) expect(s.hasNewer).toBe(false);
        }
      }),
      { numRuns: 120 },
    );
  });

  it('counts live captures per provider and failures, even when they are not pulled into view', () => {
    let s = reducer(initialState(5), { type: 'live', rows: [row(3), row(4), row(5)] });
    s = reducer(s, { type: 'follow', on: false });
    s = reducer(s, { type: 'live', rows: Array.from({ length: MAX_ROWS }, (_, i) => row(6 + i)) });
    expect(s.rows).toHaveLength(MAX_ROWS);
    expect(s.hasNewer).toBe(true);
    expect(s.unseen).toBe(3);
    expect(s.session.count).toBe(MAX_ROWS + 3);
    expect(s.session.byProvider).toEqual({ smsc: 502, webcom: 501 });
    expect(s.total).toBe(MAX_ROWS + 3);
    expect(s.selected).toBe(5);
  });
});

import { matches, parseFilter, type RowData } from './model.js';

/** Rows held in memory at most; the store keeps everything and pages fill the rest. */
export const MAX_ROWS = 1000;

export const TABS = ['decoded', 'fields', 'headers', 'body', 'hex', 'answer'] as const;
export type Tab = (typeof TABS)[number];
export type Mode = 'list' | 'filter' | 'replay' | 'help';

/** The whole UI state; rows are oldest first and drawn newest at the bottom. */
export interface TuiState {
  rows: readonly RowData[];
  /** The store has captures older than rows[0] / newer than the last row. */
  hasOlder: boolean;
  hasNewer: boolean;
  /** Indexes into rows that pass the filter. */
  visible: readonly number[];
  /** Selected capture by seq, so selection survives new rows and paging. */
  selected: number | null;
  top: number;
  listHeight: number;
  follow: boolean;
  details: boolean;
  tab: Tab;
  detailScroll: number;
  mode: Mode;
  input: string;
  /**
   * The prompt's text is a suggestion (the last replay URL), shown selected: the first key typed
   * replaces it instead of being appended to it (`→`/End keeps it for editing).
   */
  suggested: boolean;
  filter: string;
  message: { text: string; tone: Tone } | null;
  total: number;
  /** Captures that arrived while the window was scrolled back (they are in the store). */
  unseen: number;
  session: { count: number; byProvider: Readonly<Record<string, number>>; failed: number };
}

/** How a status-line message is drawn: plain, green (the app is back) or red. */
export type Tone = 'info' | 'ok' | 'error';

export type Action =
  | { type: 'load'; rows: RowData[]; hasOlder: boolean; hasNewer: boolean; total?: number; select: 'first' | 'last' }
  /** New captures in the store; `sent` ones (a replay stored by `r`) are not counted as received this session. */
  | { type: 'live'; rows: RowData[]; sent?: boolean }
  | { type: 'older'; rows: RowData[]; hasOlder: boolean }
  | { type: 'newer'; rows: RowData[]; hasNewer: boolean }
  | { type: 'move'; by: number }
  | { type: 'layout'; listHeight: number }
  | { type: 'details' }
  | { type: 'tab'; by: number }
  | { type: 'scroll'; by: number }
  | { type: 'follow'; on: boolean }
  | { type: 'mode'; mode: Mode; input?: string; suggested?: boolean }
  | { type: 'input'; text: string }
  | { type: 'clear' }
  | { type: 'message'; text: string; tone?: Tone };

/** The state before anything is loaded. */
export function initialState(listHeight = 10): TuiState {
  return {
    rows: [], hasOlder: false, hasNewer: false, visible: [], selected: null, top: 0, listHeight,
    follow: true, details: false, tab: 'decoded', detailScroll: 0, mode: 'list', input: '', suggested: false, filter: '',
    message: null, total: 0, unseen: 0, session: { count: 0, byProvider: {}, failed: 0 },
  };
}

/** Index of the selection among visible rows (-1: none). */
export function selectedIndex(s: TuiState): number {
  return s.selected === null ? -1 : s.visible.findIndex((i) => s.rows[i]!.seq === s.selected);
}

const clamp = (n: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, n));

/** Recomputes visible rows, keeps a valid selection, and scrolls it into view. */
function settle(s: TuiState): TuiState {
  const f = parseFilter(s.filter);
  const visible = s.rows.flatMap((r, i) => (matches(r, f) ? [i] : []));
  const seqAt = (v: number): number | null => (visible.length ? s.rows[visible[clamp(v, 0, visible.length - 1)]!]!.seq : null);
  let selected = s.selected;
  let index = visible.findIndex((i) => s.rows[i]!.seq === selected);
  if (s.follow || (index < 0 && selected === null)) index = visible.length - 1;
  else if (index < 0) {
    // The selected row was filtered out or paged away: take the nearest older visible row.
    const older = visible.findLastIndex((i) => s.rows[i]!.seq < (selected ?? 0));
    index = older >= 0 ? older : 0;
  }
  selected = seqAt(index);
  const h = Math.max(1, s.listHeight);
  let top = clamp(s.top, index - h + 1, index);
  top = clamp(top, 0, Math.max(0, visible.length - h));
  return { ...s, visible, selected, top };
}

function countLive(s: TuiState, rows: RowData[]): TuiState['session'] {
  const byProvider = { ...s.session.byProvider };
  for (const r of rows) byProvider[r.provider ?? 'other'] = (byProvider[r.provider ?? 'other'] ?? 0) + 1;
  return { count: s.session.count + rows.length, byProvider, failed: s.session.failed + rows.filter((r) => r.failed).length };
}

function live(s: TuiState, arrived: RowData[], sent: boolean): TuiState {
  // A capture is stored before it is announced (after its answer, which may wait on the app), so
  // a page loaded meanwhile (G, or the reload after another process deleted captures) can hold
  // it already: it is neither listed nor counted in the store's total twice (its arrival is
  // still one of this session's).
  const last = s.rows.at(-1)?.seq ?? 0;
  const held = arrived.some((r) => r.seq <= last) ? new Set(s.rows.map((r) => r.seq)) : null;
  const rows = held ? arrived.filter((r) => !held.has(r.seq)) : arrived;
  const session = sent ? s.session : countLive(s, arrived);
  if (rows.length === 0) return { ...s, session };
  const counted = { ...s, total: s.total + rows.length, session };
  if (s.hasNewer) return { ...counted, unseen: s.unseen + rows.length };
  if (s.follow) {
    const all = [...s.rows, ...rows];
    const drop = Math.max(0, all.length - MAX_ROWS);
    return { ...counted, rows: drop ? all.slice(drop) : all, hasOlder: s.hasOlder || drop > 0 };
  }
  // Not following: fill the window, then stop so the rows being read do not scroll away.
  const room = Math.max(0, MAX_ROWS - s.rows.length);
  const kept = rows.slice(0, room);
  const left = rows.length - kept.length;
  return { ...counted, rows: [...s.rows, ...kept], hasNewer: left > 0, unseen: left };
}

function step(s: TuiState, a: Action): TuiState {
  switch (a.type) {
    case 'load': {
      const selected = a.rows.length ? a.rows[a.select === 'first' ? 0 : a.rows.length - 1]!.seq : null;
      return { ...s, rows: a.rows, hasOlder: a.hasOlder, hasNewer: a.hasNewer, total: a.total ?? s.total, selected, top: a.select === 'first' ? 0 : s.top, unseen: a.hasNewer ? s.unseen : 0 };
    }
    case 'live':
      return live(s, a.rows, a.sent === true);
    case 'older': {
      const all = [...a.rows, ...s.rows];
      const over = all.length > MAX_ROWS;
      // Paging back past the window drops the newest rows; following them makes no sense then.
      return { ...s, rows: over ? all.slice(0, MAX_ROWS) : all, hasOlder: a.hasOlder, hasNewer: s.hasNewer || over, follow: s.follow && !over, top: s.top + a.rows.length };
    }
    case 'newer': {
      const all = [...s.rows, ...a.rows];
      const drop = Math.max(0, all.length - MAX_ROWS);
      return { ...s, rows: all.slice(drop), hasNewer: a.hasNewer, hasOlder: s.hasOlder || drop > 0, top: s.top - drop, unseen: a.hasNewer ? s.unseen : 0 };
    }
    case 'move': {
      const index = clamp(selectedIndex(s) + a.by, 0, Math.max(0, s.visible.length - 1));
      const row = s.visible.length ? s.rows[s.visible[index]!] : undefined;
      return { ...s, selected: row?.seq ?? null, follow: s.follow && a.by >= 0, detailScroll: 0 };
    }
    case 'layout':
      return { ...s, listHeight: a.listHeight };
    case 'details':
      return { ...s, details: !s.details, detailScroll: 0 };
    case 'tab': {
      const i = (TABS.indexOf(s.tab) + a.by + TABS.length) % TABS.length;
      return { ...s, tab: TABS[i]!, details: true, detailScroll: 0 };
    }
    case 'scroll':
      return { ...s, detailScroll: Math.max(0, s.detailScroll + a.by) };
    case 'follow':
      // Following needs the newest rows in the window; the key handler loads them first. The
      // status line always starts with "follow on/off", so no message repeats it (and goes stale).
      return { ...s, follow: a.on && !s.hasNewer };
    case 'mode': {
      const input = a.input ?? (a.mode === 'filter' ? s.filter : '');
      // A message from before the prompt would read as the prompt's own (see StatusLine).
      const message = a.mode === 'replay' ? null : s.message;
      return { ...s, mode: a.mode, input, suggested: a.suggested === true && input !== '', message };
    }
    case 'input':
      // The filter narrows the list as it is typed.
      return { ...s, input: a.text, suggested: false, filter: s.mode === 'filter' ? a.text : s.filter, message: s.mode === 'replay' ? null : s.message };
    case 'clear':
      return { ...s, filter: '', input: '', suggested: false, mode: 'list', message: null };
    case 'message':
      return { ...s, message: { text: a.text, tone: a.tone ?? 'info' } };
  }
}

/** The pure reducer: every change of the UI is one of the actions above. */
export function reducer(s: TuiState, a: Action): TuiState {
  return settle(step(s, a));
}

import { useInput, type Key } from 'ink';
import { useRef, type Dispatch, type RefObject } from 'react';
import { curlCommand } from '../../output/export.js';
import { viewCapture } from '../../capture/view.js';
import { EXIT } from '../../core/errors.js';
import { isHttpUrl } from '../../core/raw-request.js';
import { redactor } from '../../core/redact.js';
import { matches, parseFilter, summarise, type RowData, type TuiSession } from '../model.js';
import { selectedIndex, type Action, type Tone, type TuiState } from '../state.js';
import { latestPage, newerPage, oldestPage, olderPage } from './pager.js';

/** Pages looked through for a filter match before giving the key back to the user. */
const SEARCH_PAGES = 5;

export interface KeyOptions {
  session: TuiSession;
  dispatch: Dispatch<Action>;
  /** The latest state: key handlers decide on paging before dispatching. */
  state: RefObject<TuiState>;
  /** Receives the curl command of `c` (run.ts prints them after exit). */
  onCopy?: (captureId: string, command: string) => void;
}

const isPrintable = (input: string, key: Key): boolean =>
  input.length > 0 && !key.ctrl && !key.meta && !key.escape && !key.return && !key.tab && !/[\u0000-\u001f\u007f]/.test(input);

/** The key map (ink useInput); store I/O for paging happens here, never in the reducer. */
export function useKeys({ session, dispatch, state, onCopy }: KeyOptions): void {
  const lastUrl = useRef('');
  const copied = useRef(0);
  const say = (text: string, tone: Tone = 'info'): void => dispatch({ type: 'message', text, tone });
  const selectedRow = (s: TuiState): RowData | undefined => s.rows.find((r) => r.seq === s.selected);

  const loadOlder = (s: TuiState): void => {
    const f = parseFilter(s.filter);
    const rows: RowData[] = [];
    let before = s.rows[0]?.seq ?? Number.MAX_SAFE_INTEGER;
    let hasOlder = s.hasOlder;
    // With a filter on, keep looking a few pages back so the key finds something to select.
    for (let n = 0; n < SEARCH_PAGES && hasOlder; n++) {
      const page = olderPage(session, before);
      rows.unshift(...page.rows);
      hasOlder = page.hasOlder;
      before = page.rows[0]?.seq ?? before;
      if (page.rows.some((r) => matches(r, f))) break;
    }
    dispatch({ type: 'older', rows, hasOlder });
  };
  const loadNewer = (s: TuiState): void => {
    const page = newerPage(session, s.rows.at(-1)?.seq ?? 0);
    dispatch({ type: 'newer', ...page });
  };
  const jumpLatest = (): void => dispatch({ type: 'load', ...latestPage(session), select: 'last' });

  const move = (s: TuiState, by: number): void => {
    const index = selectedIndex(s);
    if (by < 0 && index + by < 0 && s.hasOlder) loadOlder(s);
    if (by > 0 && index + by > s.visible.length - 1 && s.hasNewer) loadNewer(s);
    dispatch({ type: 'move', by });
  };

  const copy = (s: TuiState): void => {
    const row = selectedRow(s);
    const record = row && session.store.bySeq(row.seq);
    if (!row || !record) return say('nothing selected to copy');
    const view = viewCapture(record, { secrets: session.secrets });
    const exact = curlCommand(view);
    // Like `export --format curl`: secrets masked, which makes the command not byte-exact.
    const command = redactor(view.secrets).text(curlCommand(view, undefined, undefined, view.secrets));
    onCopy?.(row.id, command);
    copied.current++;
    const note = command === exact ? '' : '; secret masked, not byte-exact';
    say(`curl for ${row.id} prints below the UI when you quit (${copied.current})${note}`);
  };

  const replay = (s: TuiState): void => {
    const row = selectedRow(s);
    const run = session.replay;
    const url = s.input.trim();
    // Refused at the prompt, which stays open with the text to correct (only the last URL that
    // was sent is offered again).
    if (url && !isHttpUrl(url)) return say('not an http(s) URL, e.g. http://localhost:3000/sms', 'error');
    dispatch({ type: 'mode', mode: 'list' });
    if (!row || !run) return;
    if (!url) return say('replay cancelled: no URL');
    lastUrl.current = url;
    say(`replaying ${row.id} to ${url}…`);
    run(row.id, url).then(
      (r) => {
        // Stored linked to its original; a replay to this listener is listed by its own capture event.
        if (r.stored) dispatch({ type: 'live', rows: [summarise(viewCapture(r.stored, { store: session.store, secrets: session.secrets }))], sent: true });
        const stored = r.stored ? `, stored as ${r.stored.id}` : '';
        say(`replay ${row.id} → ${url}: ${r.status ?? 'no answer'}${stored} · ${r.verdict}`, r.accepted === false || r.status === null || r.status >= 400 ? 'error' : 'info');
      },
      (e: Error) => say(`replay ${row.id} failed: ${e.message} (r to try another URL)`, 'error'),
    );
  };

  const prompt = (s: TuiState, input: string, key: Key): void => {
    if (key.escape) dispatch(s.mode === 'filter' ? { type: 'clear' } : { type: 'mode', mode: 'list' });
    else if (key.return) (s.mode === 'replay' ? replay(s) : dispatch({ type: 'mode', mode: 'list' }));
    // A suggested (selected) text goes as a whole, as in a browser's address bar.
    else if (key.backspace || key.delete) dispatch({ type: 'input', text: s.suggested ? '' : s.input.slice(0, -1) });
    else if (key.ctrl && input === 'u') dispatch({ type: 'input', text: '' });
    else if (s.suggested && (key.rightArrow || key.end)) dispatch({ type: 'input', text: s.input });
    else if (isPrintable(input, key)) dispatch({ type: 'input', text: s.suggested ? input : s.input + input });
  };

  const handle = (input: string, key: Key): void => {
    const s = state.current;
    // Ctrl-C arrives as input in raw mode; it quits from every mode, with the exit code of an
    // interrupted command (130, as listen without the TUI); q quits with 0.
    if (key.ctrl && input === 'c') return session.quit(EXIT.interrupted);
    if (s.mode === 'filter' || s.mode === 'replay') return prompt(s, input, key);
    if (s.mode === 'help') return dispatch({ type: 'mode', mode: 'list' });
    const page = Math.max(1, s.listHeight - 1);
    if (input === 'q') session.quit(0);
    else if (key.upArrow || input === 'k') move(s, -1);
    else if (key.downArrow || input === 'j') move(s, 1);
    else if (key.pageUp) move(s, -page);
    else if (key.pageDown) move(s, page);
    else if (input === 'g' || key.home) {
      if (s.hasOlder) dispatch({ type: 'load', ...oldestPage(session), select: 'first' });
      dispatch({ type: 'move', by: -Number.MAX_SAFE_INTEGER });
    } else if (input === 'G' || key.end) {
      if (s.hasNewer) jumpLatest();
      else dispatch({ type: 'move', by: Number.MAX_SAFE_INTEGER });
    } else if (key.return || input === 'd') dispatch({ type: 'details' });
    else if (key.tab) dispatch({ type: 'tab', by: key.shift ? -1 : 1 });
    else if (input === 'J' || input === 'K') dispatch({ type: 'scroll', by: input === 'J' ? 5 : -5 });
    else if (input === '/') dispatch({ type: 'mode', mode: 'filter' });
    else if (key.escape) dispatch(s.filter ? { type: 'clear' } : s.details ? { type: 'details' } : { type: 'message', text: '' });
    else if (input === 'f') {
      if (!s.follow && s.hasNewer) jumpLatest();
      dispatch({ type: 'follow', on: !s.follow });
    } else if (input === 'r') {
      if (!session.replay) say('replay is not available in this session');
      else if (s.selected === null) say('nothing selected to replay');
      else dispatch({ type: 'mode', mode: 'replay', input: lastUrl.current, suggested: true });
    } else if (input === 'c') copy(s);
    else if (input === '?') dispatch({ type: 'mode', mode: 'help' });
  };

  useInput((input, key) => {
    // A key held down, or text pasted (a URL and its Enter), can arrive as several characters
    // in one read: take them one by one, so the prompt opened by one sees the next.
    if (input.length > 1 && !key.ctrl && !key.meta) {
      for (const ch of input) handle(...keyOf(ch, key));
    } else handle(input, key);
  });
}

/** One character of a multi-character read as ink reports that key alone (Ctrl-U: ctrl + 'u'). */
function keyOf(ch: string, base: Key): [string, Key] {
  const code = ch.charCodeAt(0);
  const key = { ...base, tab: ch === '\t', return: ch === '\r', backspace: ch === '\x7f' || ch === '\b' };
  if (code >= 1 && code <= 26 && !key.tab && !key.return && !key.backspace) return [String.fromCharCode(code + 96), { ...key, ctrl: true }];
  return [ch, key];
}

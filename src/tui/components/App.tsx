import type { ChalkInstance } from 'chalk';
import { Box } from 'ink';
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { DEFAULT_URL } from '../../core/defaults.js';
import { providers } from '../../providers/registry.js';
import { latestPage } from '../hooks/pager.js';
import { useDetail } from '../hooks/use-detail.js';
import { useFeed } from '../hooks/use-feed.js';
import { useHealth } from '../hooks/use-health.js';
import { useKeys } from '../hooks/use-keys.js';
import { useStoreWatch } from '../hooks/use-store-watch.js';
import { useTerminalSize, type Size } from '../hooks/use-size.js';
import type { TuiSession } from '../model.js';
import { selfCommand, shellArg } from '../self-command.js';
import { initialState, reducer, type Action, type TuiState } from '../state.js';
import { CaptureList } from './CaptureList.js';
import { columnsFor } from './columns.js';
import { Details } from './Details.js';
import { Header } from './Header.js';
import { Help } from './Help.js';
import { KeyBar, keyBarLines } from './KeyBar.js';
import { StatusLine } from './StatusLine.js';

export interface AppProps {
  readonly session: TuiSession;
  /** Colours; a level-0 chalk gives the monochrome (NO_COLOR) UI. */
  readonly paint: ChalkInstance;
  /** Pins the terminal size (tests, benches); otherwise read from stdout and 'resize'. */
  readonly size?: Partial<Size>;
  readonly onCopy?: (captureId: string, command: string) => void;
  /** Called after each batch of live captures is applied (benches count render batches). */
  readonly onFlush?: (batch: number) => void;
  /** How a shell runs webhook-kit, in commands suggested on screen (default: selfCommand()). */
  readonly command?: string;
}

function layout(columns: number, rows: number, s: Pick<TuiState, 'mode' | 'details'>, paint: ChalkInstance) {
  const bar = keyBarLines(s.mode, s.details, columns, paint);
  // One line short of the screen: a frame as tall as the terminal makes ink clear it every time.
  const body = Math.max(4, rows - 1 - 2 - 1 - 1 - bar.length);
  const listHeight = s.details ? Math.max(3, Math.floor(body * 0.4)) : body;
  return { bar, body, listHeight, detailHeight: body - listHeight };
}

/** The whole inspector: header, live list (newest at the bottom), details, status line, key bar. */
export function App({ session, paint, size, onCopy, onFlush, command }: AppProps) {
  const { columns, rows } = useTerminalSize(size);
  const [state, dispatch] = useReducer(reducer, undefined, () =>
    reducer(initialState(layout(columns, rows, { mode: 'list', details: false }, paint).listHeight), { type: 'load', ...latestPage(session), select: 'last' }),
  );
  const current = useRef(state);
  current.current = state;
  // Keys can arrive faster than renders: handlers read the state with every action applied.
  const act = useCallback((a: Action) => {
    current.current = reducer(current.current, a);
    dispatch(a);
  }, []);
  useFeed(session, act, onFlush);
  // What listen warned of at start went to stderr, which the TUI's screen hides until it quits.
  useEffect(() => {
    if (session.notices?.length) act({ type: 'message', text: session.notices.join(' · '), tone: 'error' });
  }, [act, session.notices]);
  useHealth(session, act);
  useStoreWatch(session, act, current);
  useKeys({ session, dispatch: act, state: current, onCopy });
  const { bar, body, listHeight, detailHeight } = layout(columns, rows, state, paint);
  useEffect(() => {
    if (listHeight !== state.listHeight) act({ type: 'layout', listHeight });
  }, [act, listHeight, state.listHeight]);
  // The APP column when forwarding, or when a loaded row has an answer to show (a stored replay).
  const hasApp = useMemo(() => session.forward !== undefined || state.rows.some((r) => r.app !== null), [session.forward, state.rows]);
  const cols = useMemo(() => columnsFor(columns, { app: hasApp }), [columns, hasApp]);
  const detail = useDetail(session, state.details ? state.selected : null, state.total);
  const shown = state.visible.slice(state.top, state.top + listHeight).map((i) => state.rows[i]!);
  const url = session.urls[0] ?? DEFAULT_URL;
  const self = useMemo(() => command ?? selfCommand(), [command]);
  // With a tunnel, the gateway needs the public callback URLs (Provider.callback), not loopback.
  const publicUrl = session.tunnel?.state().publicUrl;
  const empty = state.rows.length
    ? [`no capture matches the filter "${state.filter}" in the ${state.rows.length} loaded (Esc clears, k/PgUp loads older)`]
    : publicUrl
      ? ['No captures yet. Paste into your gateway:', ...providers.map((p) => `  ${p.name}: ${p.callback(publicUrl).url}`)]
      : // A command that runs as shown (`webhook-kit` alone is not on PATH after `npm ci`), on its own line so it fits 80 columns.
      ['No captures yet. Point a gateway at', ...providers.map((p) => `  ${url}/${p.routes[0]}`), 'or send one from another shell:', `  ${self} send --provider smsc --to ${shellArg(`${url}/smsc`)}`];
  return (
    <Box flexDirection="column" width={columns} height={Math.max(8, rows - 1)}>
      <Header urls={session.urls} storeFile={session.store.file} total={state.total} session={state.session} paint={paint} width={columns} forward={session.forward} tunnel={session.tunnel} inspector={session.inspector} />
      {state.mode === 'help' ? (
        <Help height={body + 1} paint={paint} />
      ) : (
        <>
          <CaptureList rows={shown} columns={cols} selected={state.selected} height={listHeight} width={columns} paint={paint} empty={empty} />
          {state.details && <Details detail={detail} tab={state.tab} scroll={state.detailScroll} height={detailHeight} width={columns} paint={paint} />}
        </>
      )}
      <StatusLine state={state} selectedId={state.rows.find((r) => r.seq === state.selected)?.id ?? null} paint={paint} width={columns} />
      <KeyBar lines={bar} />
    </Box>
  );
}

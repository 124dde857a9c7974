import type { TunnelView } from '../core/tunnel-state.js';
import type { ForwardHealth, Health } from './forward-health.js';
import type { ForwardResult } from './forward.js';
import { replayCapture } from './replay.js';
import type { CaptureServer } from './server.js';
import type { CaptureRecord, Store } from './store.js';

/**
 * A running listen session, as every view of it (plain lines, NDJSON, the TUI, the browser
 * inspector) sees it: the server's typed events, the store, and what the session can do.
 */
export interface ListenSession {
  server: CaptureServer;
  store: Store;
  secrets: Readonly<Record<string, string>>;
  /** The listening URL first, then LAN URLs when bound to all interfaces. */
  urls: string[];
  /** Ends the session (the TUI calls it on q / Ctrl-C). */
  quit: (code?: number) => void;
  /** Re-sends a stored capture to `url`, edited or not, and judges the answer (the TUI's `r`, the inspector's replay). */
  replay: (captureId: string, url: string, edits?: ReplayEdits) => Promise<ReplayDone>;
  /** The app captures are relayed to, and whether it answers (`--forward-to`). */
  forward?: ForwardView;
  /** The public URL (`--tunnel`, `--public-url`) and whether the probe reached listen. */
  tunnel?: TunnelView;
  /** The browser inspector's URL (`http://127.0.0.1:<port>/`), when it runs. */
  inspector?: string;
  /** Warnings said at start (a store at its cap already): a view that hides stderr shows them itself. */
  notices?: readonly string[];
}

export type { TunnelState, TunnelView } from '../core/tunnel-state.js';

/**
 * One way to show a listen session. commands/listen.ts picks one (lines, NDJSON or the TUI)
 * and attaches it once start-up is told; close() runs once, on every way the session ends.
 */
export interface ListenView {
  attach(session: ListenSession): void | Promise<void>;
  close(): void | Promise<void>;
}

/** An edit-and-replay: fields re-encoded in the provider's format and charset, re-signed with `resignWith`. */
export interface ReplayEdits {
  set?: Record<string, string>;
  resignWith?: string;
}

/** What a replay from a view did. */
export interface ReplayDone {
  status: number | null;
  verdict: string;
  accepted: boolean | null;
  /** The replay as stored, to list; null when this listener received it (its own 'capture' event lists it). */
  stored: CaptureRecord | null;
  /** The replay's one record: replay's own, or the capture this listener made of it. */
  record: CaptureRecord;
  /** The target's answer: url, status, latency, verdict, error. */
  result: ForwardResult;
}

/**
 * A session's replay, for every view of it: `reachesSelf(url)` says whether a URL is this
 * listener, which then lists the replay as a capture of its own (so views must not list it twice).
 */
export function sessionReplay(store: Store, reachesSelf: (url: string) => boolean, timeoutMs: number): ListenSession['replay'] {
  return async (captureId, url, edits = {}) => {
    const { request, stored, heard, result } = await replayCapture(store, store.get(captureId), { to: url, set: edits.set, resignWith: edits.resignWith, timeoutMs });
    const self = heard || reachesSelf(request.url);
    return { status: result.status, verdict: result.verdict, accepted: result.accepted, stored: self ? null : stored, record: stored, result };
  };
}

/** A change of the app's health, with the line that announces it. */
export interface HealthChange {
  up: boolean;
  text: string;
}

/** The forward target as a live view sees it: its health now, and its changes as they happen. */
export interface ForwardView {
  target: string;
  state: () => 'up' | 'down' | 'unknown';
  /**
   * Calls `listener` on each change; also at once when the app is down already, unless
   * `replayLast` is false (a view that told the first state itself). Returns the unsubscribe.
   */
  onChange?: (listener: (change: HealthChange) => void, replayLast?: boolean) => () => void;
}

/** The words announcing a change of the app's health (the TUI's status line; stderr adds what listen does meanwhile). */
export function healthLine(target: string, h: Health): string {
  return h.up ? `your app at ${target} is back` : `your app at ${target} is not reachable: ${h.detail}`;
}

/** A failed relay marks the app down (and polls it); an answer while it is down probes it again. */
export function watchHealth(server: CaptureServer, health: ForwardHealth): void {
  server.on('forward', (f) => {
    if (f.errorKind === 'unreachable') health.noteDown(f.error ?? 'unreachable');
    else if (f.status !== null && health.up === false) void health.start();
  });
}

/** The health of `target` for a live view; create it before health.start() so the first probe counts. */
export function forwardView(target: string, health: ForwardHealth): ForwardView {
  let last: HealthChange | null = null;
  health.on('change', (h: Health) => void (last = { up: h.up, text: healthLine(target, h) }));
  return {
    target,
    state: () => (health.up === true ? 'up' : health.up === false ? 'down' : 'unknown'),
    onChange: (listener, replayLast = true) => {
      const onChange = (h: Health): void => listener({ up: h.up, text: healthLine(target, h) });
      health.on('change', onChange);
      // A view that opens after the app went down (or after the first probe failed) still says why.
      if (replayLast && last && !last.up && health.up === false) listener(last);
      return () => void health.off('change', onChange);
    },
  };
}

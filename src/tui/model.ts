import type { EventEmitter } from 'node:events';
import type { ForwardView, ReplayDone, TunnelView } from '../capture/session.js';
import type { Store } from '../capture/store.js';

/** What the TUI needs from a listen session (ListenSession satisfies it; tests pass their own). */
export interface TuiSession {
  server: Pick<EventEmitter, 'on' | 'off'>;
  store: Store;
  secrets: Readonly<Record<string, string>>;
  urls: readonly string[];
  quit: (code?: number) => void;
  /** Re-sends a stored capture to `url` (absent: `r` says replay is not available). */
  replay?: (captureId: string, url: string) => Promise<ReplayDone>;
  /** The app captures are relayed to (`--forward-to`), its health and its changes. */
  forward?: ForwardView;
  /** The public URL (`--tunnel`, `--public-url`) and whether the probe reached listen. */
  tunnel?: Pick<TunnelView, 'state' | 'onChange'>;
  /** The browser inspector's URL, shown in the header. */
  inspector?: string;
  /** Warnings said at start (a store at its cap already), shown on the status line: stderr is hidden behind the TUI. */
  notices?: readonly string[];
}

// The TUI's `/` speaks the filter language of list/export and the inspector: one parser, one matcher.
export { matches, parseFilter, type Filter } from '../capture/filter.js';
// The row of a capture lives in output/ (the inspector's list draws it too).
export { summarise, type AppAnswer, type RowData } from '../output/row-summary.js';

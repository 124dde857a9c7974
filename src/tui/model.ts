import type { EventEmitter } from 'node:events';
import type { Flag } from '../capture/correlate.js';
import type { ForwardView, ReplayDone, TunnelView } from '../capture/session.js';
import type { Store } from '../capture/store.js';
import type { CaptureView } from '../capture/view.js';
import { factsOf, type Facts } from '../capture/filter.js';
import { splitUrl } from '../core/raw-request.js';
import { redactor } from '../core/redact.js';
import type { Outcome, SignatureState } from '../core/types.js';
import { eventMeaning } from '../output/describe.js';

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
}

/** What a row shows of the app's answer (`--forward-to`), or of a stored replay's target. */
export interface AppAnswer {
  status: number | null;
  /** By the provider's rule; null when there was no answer to judge. */
  accepted: boolean | null;
  errorKind: string | null;
  /** The provider sends a status again when it is not accepted (else it is lost). */
  resends: boolean;
}

/** What a list row remembers of a capture: small, so a bounded window of them stays cheap. */
export interface RowData {
  seq: number;
  id: string;
  receivedAt: number;
  method: string;
  path: string;
  provider: string | null;
  event: string;
  messageId: string | null;
  phone: string | null;
  outcome: Outcome | null;
  final: boolean;
  /** Status label and meaning, or the message text for non-status events. */
  meaning: string;
  signature: SignatureState;
  flags: Array<Flag | 'problem'>;
  failed: boolean;
  app: AppAnswer | null;
  /** What the filter searches (capture/filter.ts factsOf), over every event of the capture (batches hold many). */
  keys: Facts['keys'];
  haystack: string;
}

// The TUI's `/` speaks the filter language of list/export and the inspector: one parser, one matcher.
export { matches, parseFilter, type Filter } from '../capture/filter.js';

// Payload fields can be huge; a row only ever shows a few dozen characters of each.
const cap = (s: string | null | undefined): string | null => (s == null ? null : s.slice(0, 200));

/** The row of one capture, secrets masked. Strings stay unsanitised; components sanitise when they draw. */
export function summarise(view: CaptureView): RowData {
  const { record: r, inspection: i } = view;
  const mask = redactor(view.secrets);
  const f = r.forward;
  const events = mask.deep(i.decoded?.events ?? []);
  const main = events.find((e) => e.status) ?? events[0];
  const status = main?.status ?? null;
  const flags: RowData['flags'] = [...new Set(view.flags.flat())];
  if (i.body.parseError || (i.decoded?.problems.length ?? 0) > 0) flags.push('problem');
  const more = events.length > 1 ? `+${events.length - 1}` : '';
  const meaning = status
    ? `${status.label}: ${status.meaning}`
    : ((main && eventMeaning(main)) ?? (main?.error && main.error.code !== '0' ? main.error.meaning : null) ?? mask.text(i.body.text ?? ''));
  const facts = factsOf(view, [meaning]);
  const row: RowData = {
    seq: r.seq,
    id: r.id,
    receivedAt: r.receivedAt,
    method: r.method.slice(0, 20),
    path: cap(mask.text(splitUrl(r.url).path)) ?? '/',
    provider: i.provider?.id ?? null,
    event: main ? `${main.kind}${more}` : '-',
    messageId: cap(main?.messageId),
    phone: cap(main?.phone),
    outcome: status?.outcome ?? null,
    final: status?.final ?? false,
    meaning: cap(meaning) ?? '',
    signature: i.signature.state,
    flags,
    failed: events.some((e) => e.status?.outcome === 'failed' || e.status?.outcome === 'expired'),
    app: f && { status: f.status, accepted: f.accepted, errorKind: cap(f.errorKind), resends: (i.provider?.retry.attempts ?? 0) > 1 },
    keys: facts.keys,
    haystack: facts.haystack,
  };
  return row;
}

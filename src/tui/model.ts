import type { EventEmitter } from 'node:events';
import type { Flag } from '../capture/correlate.js';
import type { ForwardView, ReplayDone } from '../capture/session.js';
import type { Store } from '../capture/store.js';
import type { CaptureView } from '../capture/view.js';
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
  /** Lower-cased text the filter searches, over every event of the capture (batches hold many). */
  keys: Record<Exclude<keyof Filter, 'text'>, string>;
  haystack: string;
}

// Payload fields can be huge; a row only ever shows a few dozen characters of each.
const cap = (s: string | null | undefined): string | null => (s == null ? null : s.slice(0, 200));
const low = (s: string | null | undefined): string => (s ?? '').slice(0, 400).toLowerCase();

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
    keys: {
      provider: low(i.provider?.id),
      event: low(events.map((e) => e.kind).join(' ')),
      outcome: low(events.map((e) => e.status?.outcome ?? '').join(' ')),
      messageId: low(events.map((e) => e.messageId ?? '').join(' ')),
      phone: low(events.map((e) => e.phone ?? '').join(' ')),
    },
    haystack: '',
  };
  const k = row.keys;
  row.haystack = [row.id, row.method, row.path, k.provider, k.event, k.outcome, k.messageId, k.phone, row.meaning].join(' ').toLowerCase();
  return row;
}

/** A parsed filter: `provider:smsc event:status outcome:failed id:123 phone:7999 free words`. */
export interface Filter {
  provider: string[];
  event: string[];
  outcome: string[];
  messageId: string[];
  phone: string[];
  text: string[];
}

const KEYS: Record<string, keyof Filter> = {
  provider: 'provider', p: 'provider',
  event: 'event', e: 'event', kind: 'event',
  outcome: 'outcome', o: 'outcome', status: 'outcome',
  id: 'messageId', msg: 'messageId', m: 'messageId',
  phone: 'phone', ph: 'phone', tel: 'phone',
};

/** Parses filter text; unknown `key:` prefixes are searched as free text. */
export function parseFilter(text: string): Filter {
  const f: Filter = { provider: [], event: [], outcome: [], messageId: [], phone: [], text: [] };
  for (const term of text.toLowerCase().split(/\s+/).filter(Boolean)) {
    const colon = term.indexOf(':');
    const key = colon > 0 ? KEYS[term.slice(0, colon)] : undefined;
    if (key && colon < term.length - 1) f[key].push(term.slice(colon + 1));
    else f.text.push(term);
  }
  return f;
}

const FIELDS = ['provider', 'event', 'outcome', 'messageId', 'phone'] as const;

/** Whether a row passes every term of a filter (terms are ANDed, substring, case-insensitive). */
export function matches(row: RowData, f: Filter): boolean {
  return FIELDS.every((k) => f[k].every((n) => row.keys[k].includes(n))) && f.text.every((t) => row.haystack.includes(t));
}

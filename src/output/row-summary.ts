import type { Flag } from '../capture/correlate.js';
import { factsOf, type Facts } from '../capture/filter.js';
import type { CaptureView } from '../capture/view.js';
import { splitUrl } from '../core/raw-request.js';
import { redactor } from '../core/redact.js';
import type { Outcome, SignatureState } from '../core/types.js';
import { eventMeaning } from './describe.js';

// The list row of a capture, one home for the TUI's list (src/tui/components/columns.ts) and the
// browser inspector's (src/inspector/row.ts): what it shows, and the words for its short cells.

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
  /** A batch's events one by one, so a filter's event terms hold for one event (capture/filter.ts matches). */
  events?: Facts['events'];
  haystack: string;
}

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
    events: facts.events,
    haystack: facts.haystack,
  };
  return row;
}

/** The SIG column's word for each signature state. */
export const SIGNATURE_WORD: Record<RowData['signature'], string> = { valid: 'ok', invalid: 'BAD', absent: 'none', unchecked: '-' };
/** The FLAGS column's word (wide) and letter (narrow) for each flag. */
export const FLAG_WORD: Record<RowData['flags'][number], string> = { duplicate: 'dup', 'out-of-order': 'ooo', impossible: 'imp', 'likely-duplicate': 'ldup', problem: 'err' };
export const FLAG_LETTER: Record<RowData['flags'][number], string> = { duplicate: 'D', 'out-of-order': 'O', impossible: 'I', 'likely-duplicate': 'L', problem: 'E' };

// Error kinds in a narrow APP column.
const SHORT_ERROR: Readonly<Record<string, string>> = { unreachable: 'down', timeout: 'slow', 'too-large': 'big' };

/** The APP cell: `200 ✓`, `500 ✗ resend` / `✗ lost`, `✗ unreachable` (`✗ down` when narrower than `width`). */
export function appText(app: AppAnswer, width = Infinity): string {
  if (app.status === null) {
    const kind = app.errorKind ?? 'no answer';
    const full = `✗ ${kind}`;
    return full.length <= width ? full : `✗ ${SHORT_ERROR[kind] ?? kind}`;
  }
  const mark = `${app.status} ${app.accepted ? '✓' : '✗'}`;
  const full = app.accepted === false ? `${mark} ${app.resends ? 'resend' : 'lost'}` : mark;
  return full.length <= width ? full : mark;
}

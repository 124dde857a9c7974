import type { ParsedBody } from './body.js';
import type { RawRequest, RawResponse } from './raw-request.js';

/** Every kind of event a decoder reports (values for `--event` and the filter's `event:`). */
export const EVENT_KINDS = ['status', 'incoming', 'call', 'ussd', 'whatsapp', 'notification', 'ping'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
/** Every outcome a provider's status table maps a status to (values for `--outcome` and `outcome:`). */
export const OUTCOMES = ['pending', 'sent', 'delivered', 'read', 'failed', 'expired', 'unknown'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** One row of a provider's status table. */
export interface StatusInfo {
  label: string;
  meaning: string;
  final: boolean;
  outcome: Outcome;
  /** The provider sends this status once per part of a long message: a repeat is a further part, not a duplicate, unless it is of the same part (DecodedEvent.part). */
  perPart?: boolean;
}

/** A status as decoded from one event: the raw code plus its table row (or "unknown"). */
export interface DecodedStatus extends StatusInfo {
  code: string;
}

/** One normalised event; a request may carry several (a Webcom Mobi batch). */
export interface DecodedEvent {
  kind: EventKind;
  messageId: string | null;
  /** The subscriber's number: recipient of a status, sender of an incoming message. */
  phone: string | null;
  /** Our side's number or account, when the provider says it. */
  to?: string | null;
  text?: string | null;
  /** Time as the provider wrote it. */
  time?: string | null;
  status?: DecodedStatus | null;
  error?: { code: string; meaning: string } | null;
  /** Channel when the provider names one (sms, viber, whatsapp...). */
  channel?: string | null;
  /** A media attachment's URL when the provider sends one (Zender WhatsApp); null when it says there is none. */
  attachment?: string | null;
  /** Fields this decoder does not know: kept, never dropped. */
  unknown?: Record<string, unknown>;
  /**
   * Which report this is where a status comes once per part of a long message (StatusInfo.perPart):
   * the same part again is a re-sent report, another part is not (SMS Gateway for Android: the
   * envelope `id` of the delivery, which a retry keeps: docs/providers.md#smsgate-c3).
   */
  part?: string | null;
}

/** What a provider's decoder makes of one request. Never thrown: problems are listed. */
export interface Decoded {
  provider: string;
  events: DecodedEvent[];
  /** Malformed or missing parts, one line each (e.g. "status missing"). */
  problems: string[];
}

/** Every state a signature check ends in (values for `--signature` and the filter's `sig:`). */
export const SIGNATURE_STATES = ['valid', 'invalid', 'absent', 'unchecked'] as const;
export type SignatureState = (typeof SIGNATURE_STATES)[number];

/** What an event can be flagged against its message's history (capture/correlate.ts Flag). */
export const EVENT_FLAGS = ['duplicate', 'out-of-order', 'impossible', 'likely-duplicate'] as const;
/** The flags a filter takes (`--flag`, `flag:`): an event's, and `problem` of a capture whose body or decoding had one. */
export const FILTER_FLAGS = [...EVENT_FLAGS, 'problem'] as const;

/** The result of checking a callback's hash or shared secret. Secrets are masked everywhere. */
export interface SignatureCheck {
  state: SignatureState;
  /** md5, sha1, crc32, shared-secret, or null. */
  algorithm: string | null;
  /** The control string that was hashed, with the secret masked. */
  canonical: string | null;
  computed: string | null;
  received: string | null;
  /** One line for humans. */
  detail: string;
  /** On a mismatch: likely causes, most likely first. */
  diagnoses: string[];
  /** True when the scheme is not confirmed by the vendor (warn, do not reject). */
  assumed?: boolean;
}

/** How a provider re-sends when the endpoint's answer does not satisfy it. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Delay before attempt 2, 3, ... (the last value repeats). */
  intervalsMs: number[];
  /** How long the provider waits for an answer (with `waitsForever`: only how long `send` waits). */
  timeoutMs: number;
  /** The provider sets no timeout: a late answer is slow, never lost (Zender). */
  waitsForever?: boolean;
  /** Whether count and interval come from the vendor's docs or are our assumption. */
  documented: boolean;
  /** The count alone is documented where the interval is not (Webcom Mobi); defaults to `documented`. */
  attemptsDocumented?: boolean;
  /** Whether acknowledgement is per message id (only unacknowledged ids are re-sent). */
  perMessage: boolean;
  note: string;
}

/** The verdict on an endpoint's answer by the provider's rule. */
export interface AckVerdict {
  accepted: boolean;
  /** Plain words: why it was accepted or not. */
  reason: string;
  /** Message ids the provider would send again (perMessage providers). */
  unacknowledged: string[];
  /** The reason already says what the provider does with a redirect (so no generic note is added). */
  redirectExplained?: boolean;
}

/** Options for re-encoding a sample as the provider would send it. */
export interface EncodeOptions {
  /** Field overrides by provider field name or by normalised name (messageId, phone, status, text). */
  set?: Record<string, string>;
  /** Like `set`, but the field may be new (`--add`): `set` refuses a field the sample lacks. */
  add?: Record<string, string>;
  secret?: string;
  /** SMSC.ru signature algorithm. */
  sign?: 'md5' | 'sha1' | 'crc32';
  /** Emit the legacy field set where a provider has one (SMSGateway24). */
  legacy?: boolean;
  /** Told the characters of --set values the request's charset cannot carry (sent as "?"), and that charset. */
  onLoss?: (lost: string[], charset: string) => void;
}

/** A provider plug-in: pure functions, no I/O. */
export interface Provider {
  readonly id: string;
  readonly name: string;
  /** Path prefixes that always select this provider (`/smsc`). */
  readonly routes: readonly string[];
  /** 0..1 confidence that this request comes from this provider, from fields alone. */
  detect(req: RawRequest, body: ParsedBody): number;
  decode(req: RawRequest, body: ParsedBody): Decoded;
  readonly statuses: ReadonlyMap<string, StatusInfo>;
  /** Checks the signature or shared secret. */
  verify(req: RawRequest, body: ParsedBody, secret: string): SignatureCheck;
  /** For a provider that never signs: why, said where no secret is configured (which would not help). */
  readonly unsigned?: string;
  /** What a healthy endpoint answers to this request. */
  answer(req: RawRequest, body: ParsedBody, decoded: Decoded): RawResponse;
  /** Judges an endpoint's answer by the provider's rule. */
  judge(res: RawResponse, req: RawRequest, decoded: Decoded): AckVerdict;
  readonly retry: RetryPolicy;
  /**
   * The `send` options this provider's encode reads (`secret`, `sign`, `legacy` of
   * EncodeOptions); send refuses the others rather than ignore them. Absent: none.
   */
  readonly encodeOptions?: ReadonlyArray<'secret' | 'sign' | 'legacy'>;
  /** Re-encodes a sample with overrides and a fresh signature; `target` is the user's URL. */
  encode(sample: RawRequest, target: string, opts: EncodeOptions): RawRequest;
  /** Secrets the request carries in clear (Zender's `secret` field), so outputs can mask them. */
  secretsIn?(req: RawRequest, body: ParsedBody): string[];
  /** The callback URL to enter in the provider's settings on a public base, and where it goes ("paste this"). */
  callback(base: string): { url: string; note: string };
  /** The request to send on a retry that carries only the unacknowledged ids (perMessage). */
  narrow?(req: RawRequest, unacknowledged: string[]): RawRequest;
  /** `send --scenario`: the sequences of one message this provider really produces (its `scenarios.ts`). */
  readonly scenarios?: ScenarioSet;
}

export type ScenarioName = 'lifecycle' | 'failed' | 'duplicate' | 'out-of-order' | 'multipart';

/** One callback of a scenario: a fixture with field overrides, and when it happens. Pure data. */
export interface ScenarioStep {
  /** A fixture of the provider (`samples/<id>/<fixture>.http`). */
  fixture: string;
  /** Field overrides by the names `--set` takes; the message id and time are set by the run. */
  set?: Readonly<Record<string, string>>;
  /** When the status happened, in ms after the first step's; the step's time field. null: the provider sends no time (Webcom Mobi's `send`). */
  atMs: number | null;
  /** Wait before this step, after the previous one was answered (compressed by `--fast`). */
  gapMs: number;
  /**
   * repeat: the callback of step `repeats` sent again as it was (a re-send after a timeout);
   * late: an intermediate status arriving after the final one; part: a further per-part report.
   */
  role?: 'repeat' | 'late' | 'part';
  /** 0-based index of the step a `repeat` sends again. */
  repeats?: number;
  /** What this step is, in words. */
  note: string;
}

export interface Scenario {
  name: ScenarioName;
  /** One line: the codes in order, e.g. "-1 → 0 → 1". */
  summary: string;
  steps: readonly ScenarioStep[];
}

/** A provider's scenarios, how it writes a time and a message id, and why the others are not offered. */
export interface ScenarioSet {
  /** unix: seconds; datetime: `YYYY-MM-DD HH:MM:SS`; iso: ISO 8601 with offset. */
  time: { format: 'unix' | 'datetime' | 'iso'; utcOffsetMin: number };
  /** The shape of a fresh message id: digits, or a prefix followed by letters and digits. */
  messageId: { style: 'digits' } | { style: 'token'; prefix: string };
  offered: readonly Scenario[];
  /** For each scenario not offered: why the provider cannot produce it (with its docs/providers.md anchor). */
  notOffered: Readonly<Partial<Record<ScenarioName, string>>>;
}

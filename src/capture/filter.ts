import type { Flag } from './correlate.js';
import type { CaptureView } from './view.js';
import { didYouMean, nearestName } from '../core/json-fields.js';
import { redactor } from '../core/redact.js';
import { splitUrl } from '../core/raw-request.js';
import { parseWhen } from '../core/when.js';
import { EVENT_FLAGS, EVENT_KINDS, FILTER_FLAGS, OUTCOMES, SIGNATURE_STATES, type Outcome } from '../core/types.js';
import { providerById, providerNamed, providerNames } from '../providers/registry.js';

export { parseWhen } from '../core/when.js';

/**
 * The filter language of the TUI's `/`, the inspector's filter box and `list`/`export`'s flags:
 * `provider:zender sig:invalid flag:duplicate id:123 phone:7999 since:2h free words`. Terms are
 * ANDed; each is a case-insensitive substring of what the capture decodes to.
 *
 * A capture may hold many events (a Webcom Mobi batch callback lists several messages). What describes
 * one event, its kind, outcome, message id, phone and flags (duplicate, out-of-order, impossible,
 * likely-duplicate), must all hold for ONE event: `outcome:read id:3234` keeps a batch only when
 * its message 3234 was read, not when 3234 was delivered and another was read. What describes
 * the whole capture, the provider, the signature and `flag:problem` (the body or decoding had a
 * problem), and the free words (searched in all of it) hold for the capture. A provider is named
 * by id or route alias (`sg24` is smsgateway24) and then means that provider only; other words
 * are substrings of the id (`p:zen`).
 */
export interface Filter {
  provider: string[];
  event: string[];
  outcome: string[];
  messageId: string[];
  phone: string[];
  signature: string[];
  flag: string[];
  /** Free words, searched in the decoded text (id, method, path, meaning, fields). */
  text: string[];
  /** Epoch ms bounds on receivedAt. */
  since?: number;
  until?: number;
}

export type FacetKey = Exclude<keyof Filter, 'text' | 'since' | 'until'>;
export const FACETS: readonly FacetKey[] = ['provider', 'event', 'outcome', 'messageId', 'phone', 'signature', 'flag'];

const KEYS: Record<string, FacetKey | 'since' | 'until'> = {
  provider: 'provider', p: 'provider',
  event: 'event', e: 'event', kind: 'event',
  outcome: 'outcome', o: 'outcome', status: 'outcome',
  id: 'messageId', msg: 'messageId', m: 'messageId',
  phone: 'phone', ph: 'phone', tel: 'phone',
  sig: 'signature', signature: 'signature',
  flag: 'flag', flags: 'flag',
  since: 'since', until: 'until',
};

export const emptyFilter = (): Filter => ({ provider: [], event: [], outcome: [], messageId: [], phone: [], signature: [], flag: [], text: [] });

/** A value of each filter word, for a line that asks for one. */
const EXAMPLE: Record<FacetKey | 'since' | 'until', string> = { provider: 'smsc', event: 'status', outcome: 'delivered', messageId: '123', phone: '7999', signature: 'valid', flag: 'duplicate', since: '2h', until: '2h' };

/** A filter word's facet (`p` is provider); own keys only: `constructor:x` crashed the parser (exit 70). */
const keyNamed = (word: string): FacetKey | 'since' | 'until' | undefined => (Object.hasOwn(KEYS, word) ? KEYS[word] : undefined);

/** A phone as the filter compares it: without the `+`, spaces, dashes, dots and brackets it may be written with (`+7 (999) 000-11-22`; SMSC.ru sends 79991234567). */
export const phoneKey = (phone: string): string => phone.replace(/[\s().+-]/g, '');

/** Adds a term to a facet as every way of filtering does (the words, list/export's flags): lower case, a provider by its id, a phone bare. */
export function addTerm(f: Filter, key: FacetKey, value: string): void {
  f[key].push(key === 'provider' ? (providerNamed(value)?.id ?? value.toLowerCase()) : key === 'phone' ? phoneKey(value.toLowerCase()) : value.toLowerCase());
}

/** Parses filter text; unknown `key:` prefixes (and unreadable times) are searched as free text. */
export function parseFilter(text: string, now = Date.now()): Filter {
  const f = emptyFilter();
  for (const term of text.split(/\s+/).filter(Boolean)) {
    const colon = term.indexOf(':');
    const key = colon > 0 ? keyNamed(term.slice(0, colon).toLowerCase()) : undefined;
    const value = term.slice(colon + 1);
    if (key === 'since' || key === 'until') {
      const when = parseWhen(value, now);
      if (when !== null) {
        f[key] = when;
        continue;
      }
    } else if (key && value) {
      addTerm(f, key, value);
      continue;
    }
    f.text.push(term.toLowerCase());
  }
  return f;
}

/** The facets that describe one event of a capture: in a batch, a filter's terms on them must all hold for the same event. */
const EVENT_FACETS = ['event', 'outcome', 'messageId', 'phone', 'flag'] as const satisfies readonly FacetKey[];
export type EventFacet = (typeof EVENT_FACETS)[number];
const isEventFacet = (k: FacetKey): k is EventFacet => (EVENT_FACETS as readonly FacetKey[]).includes(k);
/** A flag of one event (EVENT_FLAGS); the filter's others (`problem`) are the whole capture's. */
const isEventFlag = (n: string): boolean => (EVENT_FLAGS as readonly string[]).includes(n);

/** What a filter is matched against: lower-cased facets over every event of a capture (batches hold many). */
export interface Facts {
  receivedAt: number;
  /** Each facet over every event, joined by spaces: what the store keeps and pre-filters in SQL (store-filter.ts). */
  keys: Record<FacetKey, string>;
  /** A batch's events one by one (absent for one event or none: `keys` is then that event). */
  events?: Array<Record<EventFacet, string>>;
  /** Everything free words are searched in. */
  haystack: string;
}

const low = (s: string | null | undefined): string => (s ?? '').slice(0, 400).toLowerCase();
/**
 * A facet over every event: each value masked and cut on its own, then joined, never the joined
 * whole (cut at 400, a batch's 60th message id was found by no filter: test/capture/filter-batches.test.ts).
 */
const lowAll = (values: ReadonlyArray<string | null | undefined>, mask: (s: string) => string = (s) => s): string => values.map((v) => low(mask(v ?? ''))).join(' ');

/**
 * What free words are searched in, before lower-casing: id, method, path, the five facets above,
 * the meanings, the body text, then `extra`, each masked and cut (HAYSTACK_PARTS names them).
 */
export interface FactParts {
  receivedAt: number;
  keys: Record<FacetKey, string>;
  parts: string[];
  /** Whether the meanings come from status tables alone (no free text of a message): the same words recur. */
  statusMeanings: boolean;
  events?: Facts['events'];
}

/** The index in FactParts.parts of the meanings; the body text follows, then `extra`. */
export const MEANINGS_PART = 8;

/** A capture's facts before they are joined, secrets masked (a search never finds a secret the outputs hide). */
export function factPartsOf(view: CaptureView, extra: readonly string[] = []): FactParts {
  const { record: r, inspection: i } = view;
  const mask = redactor(view.secrets);
  const events = i.decoded?.events ?? [];
  const flags: Array<Flag | 'problem'> = [...new Set(view.flags.flat())];
  if (i.body.parseError || (i.decoded?.problems.length ?? 0) > 0) flags.push('problem');
  const keys: Record<FacetKey, string> = {
    provider: low(i.provider?.id),
    event: lowAll(events.map((e) => e.kind)),
    outcome: lowAll(events.map((e) => e.status?.outcome)),
    messageId: lowAll(events.map((e) => e.messageId), mask.text),
    phone: lowAll(events.map((e) => e.phone && phoneKey(e.phone)), mask.text),
    signature: i.signature.state,
    flag: flags.join(' '),
  };
  // A batch's events one by one, each facet as `keys` holds it for one event (flags without `problem`, a capture's).
  const each =
    events.length > 1
      ? events.map((e, n) => ({
          event: low(e.kind),
          outcome: low(e.status?.outcome),
          messageId: low(mask.text(e.messageId ?? '')),
          phone: low(mask.text(phoneKey(e.phone ?? ''))),
          flag: [...new Set(view.flags[n] ?? [])].join(' '),
        }))
      : undefined;
  const meanings = events.map((e) => (e.status ? `${e.status.label} ${e.status.meaning}` : (e.text ?? ''))).join(' ');
  // The facets whole (free words find what the facet flags find; masked already), the rest cut to
  // 2,000 characters each, masked first so no part of a secret is left where the cut falls.
  const cut = (s: string): string => mask.text(s).slice(0, 2000);
  const parts = [cut(r.id), cut(r.method), cut(splitUrl(r.url).path), keys.provider, keys.event, keys.outcome, keys.messageId, keys.phone, cut(meanings), cut(i.body.text ?? ''), ...extra.map(cut)];
  return { receivedAt: r.receivedAt, keys, parts, statusMeanings: events.every((e) => Boolean(e.status)), events: each };
}

/** A capture's facts, secrets masked (a search never finds a secret the outputs hide). */
export function factsOf(view: CaptureView, extra: readonly string[] = []): Facts {
  const { receivedAt, keys, parts, events } = factPartsOf(view, extra);
  return { receivedAt, keys, events, haystack: parts.join(' ').toLowerCase() };
}

/** Facets whose words are whole names (sig:valid must not match "invalid"); the rest match substrings. */
export const EXACT: ReadonlySet<FacetKey> = new Set(['signature', 'flag']);

/** Whether a term `n` of facet `k` holds for a facet's words: a whole word, a provider's id exactly, else a substring. */
export function termHolds(k: FacetKey, words: string, n: string): boolean {
  if (EXACT.has(k)) return words.split(' ').includes(n);
  return k === 'provider' && providerById(n) ? words === n : words.includes(n);
}

/**
 * Whether a capture's facts pass every term of a filter: every term over the whole capture
 * (what the store pre-filters), and in a batch the event terms all on one of its events.
 */
export function matches(facts: Facts, f: Filter): boolean {
  if (f.since !== undefined && facts.receivedAt < f.since) return false;
  if (f.until !== undefined && facts.receivedAt > f.until) return false;
  if (!FACETS.every((k) => f[k].every((n) => termHolds(k, facts.keys[k], n))) || !f.text.every((t) => facts.haystack.includes(t))) return false;
  if (!facts.events) return true;
  const onEvent = FACETS.flatMap((k) => (isEventFacet(k) ? f[k].filter((n) => k !== 'flag' || isEventFlag(n)).map((n) => [k, n] as const) : []));
  return onEvent.length === 0 || facts.events.some((e) => onEvent.every(([k, n]) => termHolds(k, e[k], n)));
}

/** The words a facet can hold (providers come from the registry, so the caller gives them). */
const VOCABULARY: Partial<Record<FacetKey, readonly string[]>> = {
  event: EVENT_KINDS,
  outcome: OUTCOMES,
  signature: SIGNATURE_STATES,
  flag: FILTER_FLAGS,
};

/**
 * Words a gateway or a user says for an outcome, and the outcomes webhook-kit calls that:
 * spelled near one (`undelivered`), they were told "did you mean delivered?", the opposite.
 */
const OUTCOME_WORDS: ReadonlyMap<string, readonly Outcome[]> = new Map([
  ['undelivered', ['failed', 'expired']],
  ['not delivered', ['failed', 'expired']],
  ['not-delivered', ['failed', 'expired']],
  ['not_delivered', ['failed', 'expired']],
  ['nondelivered', ['failed', 'expired']],
  ['non-delivered', ['failed', 'expired']],
  ['undeliverable', ['failed']],
  ['unsent', ['pending', 'failed']],
  ['unread', ['delivered']],
  ['error', ['failed']],
  ['rejected', ['failed']],
  ['bounced', ['failed']],
  ['queued', ['pending']],
  ['accepted', ['pending']],
  ['enroute', ['pending']],
  ['scheduled', ['pending']],
  ['seen', ['read']],
  ['timeout', ['expired']],
]);

/**
 * The hint before "use one of": the nearest name, and for an outcome what webhook-kit calls the
 * nearest of those words (`undelivred`: did you mean undelivered? webhook-kit calls that failed or expired).
 */
function hintFor(key: FacetKey, bad: string, words: readonly string[]): string {
  if (key === 'outcome') {
    const near = nearestName(bad, [...OUTCOME_WORDS.keys(), ...words]);
    const called = near === null ? undefined : OUTCOME_WORDS.get(near);
    if (called) return `${near === bad ? '' : `did you mean ${near}? `}webhook-kit calls that ${called.join(' or ')}; `;
  }
  return didYouMean(bad, key === 'provider' ? providerNames() : words);
}

/**
 * For the command line, where a typo should not quietly match nothing: the first term that can
 * match no capture at all (an unknown provider, kind, outcome, signature state or flag, or a
 * time that does not read), as one line naming the choices; null when every term can match.
 */
export function filterProblem(text: string, providerIds: readonly string[]): string | null {
  return problemOf(parseFilter(text), providerIds);
}

/** filterProblem() of a filter already parsed (list/export add their flags' values to it with addTerm). */
export function problemOf(f: Filter, providerIds: readonly string[]): string | null {
  // Aliases are read as their provider's id (addTerm), so ids are the provider words here.
  const known: Partial<Record<FacetKey, readonly string[]>> = { ...VOCABULARY, provider: providerIds };
  for (const [key, words] of Object.entries(known) as Array<[FacetKey, readonly string[]]>) {
    // Substrings match (provider:zen is zender) except for whole-word facets.
    const bad = f[key].find((t) => !words.some((w) => (EXACT.has(key) ? w === t : w.includes(t))));
    if (bad === undefined) continue;
    return `no ${key} "${bad}"; ${hintFor(key, bad, words)}use one of: ${words.join(', ')}`;
  }
  // `outcome:` with nothing after (an unset variable in a script) is searched as free text: it matches nothing.
  for (const t of f.text) {
    const key = t.endsWith(':') ? keyNamed(t.slice(0, -1)) : undefined;
    if (key) return `filter word "${t}" has no value; give one (${t}${EXAMPLE[key]}) or leave it out`;
  }
  const when = f.text.find((t) => /^(since|until):/.test(t));
  if (when) return `"${when}" is not a time; use a duration ago (30m, 2h, 7d) or an ISO time (2026-12-01T10:00)`;
  // `outcom:read` is searched as free text, which matches nothing: a key a letter or two off one of the filter's is a typo.
  for (const t of f.text) {
    const key = /^([a-z]{3,}):./.exec(t)?.[1];
    const near = key === undefined ? null : nearestName(key, Object.keys(KEYS).filter((k) => k.length >= 3));
    if (near) return `no filter word "${key}:"; did you mean ${near}:? (other words are searched as text)`;
  }
  return null;
}

/** Whether a filter has any term at all. */
export const isEmptyFilter = (f: Filter): boolean => f.since === undefined && f.until === undefined && f.text.length === 0 && FACETS.every((k) => f[k].length === 0);

import type { Flag } from './correlate.js';
import type { CaptureView } from './view.js';
import { redactor } from '../core/redact.js';
import { splitUrl } from '../core/raw-request.js';
import { parseWhen } from '../core/when.js';

export { parseWhen } from '../core/when.js';

/**
 * The filter language of the TUI's `/`, the inspector's filter box and `list`/`export`'s flags:
 * `provider:zender sig:invalid flag:duplicate id:123 phone:7999 since:2h free words`. Terms are
 * ANDed; each is a case-insensitive substring of what the capture decodes to.
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

/** Parses filter text; unknown `key:` prefixes (and unreadable times) are searched as free text. */
export function parseFilter(text: string, now = Date.now()): Filter {
  const f = emptyFilter();
  for (const term of text.split(/\s+/).filter(Boolean)) {
    const colon = term.indexOf(':');
    const key = colon > 0 ? KEYS[term.slice(0, colon).toLowerCase()] : undefined;
    const value = term.slice(colon + 1);
    if (key === 'since' || key === 'until') {
      const when = parseWhen(value, now);
      if (when !== null) {
        f[key] = when;
        continue;
      }
    } else if (key && value) {
      f[key].push(value.toLowerCase());
      continue;
    }
    f.text.push(term.toLowerCase());
  }
  return f;
}

/** What a filter is matched against: lower-cased facets over every event of a capture (batches hold many). */
export interface Facts {
  receivedAt: number;
  keys: Record<FacetKey, string>;
  /** Everything free words are searched in. */
  haystack: string;
}

const low = (s: string | null | undefined): string => (s ?? '').slice(0, 400).toLowerCase();

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
    event: low(events.map((e) => e.kind).join(' ')),
    outcome: low(events.map((e) => e.status?.outcome ?? '').join(' ')),
    messageId: low(mask.text(events.map((e) => e.messageId ?? '').join(' '))),
    phone: low(mask.text(events.map((e) => e.phone ?? '').join(' '))),
    signature: i.signature.state,
    flag: flags.join(' '),
  };
  const meanings = events.map((e) => (e.status ? `${e.status.label} ${e.status.meaning}` : (e.text ?? ''))).join(' ');
  const parts = [r.id, r.method, splitUrl(r.url).path, keys.provider, keys.event, keys.outcome, keys.messageId, keys.phone, meanings, i.body.text ?? '', ...extra].map((s) => mask.text(s).slice(0, 2000));
  return { receivedAt: r.receivedAt, keys, parts, statusMeanings: events.every((e) => Boolean(e.status)) };
}

/** A capture's facts, secrets masked (a search never finds a secret the outputs hide). */
export function factsOf(view: CaptureView, extra: readonly string[] = []): Facts {
  const { receivedAt, keys, parts } = factPartsOf(view, extra);
  return { receivedAt, keys, haystack: parts.join(' ').toLowerCase() };
}

/** Facets whose words are whole names (sig:valid must not match "invalid"); the rest match substrings. */
export const EXACT: ReadonlySet<FacetKey> = new Set(['signature', 'flag']);

/** Whether a capture's facts pass every term of a filter. */
export function matches(facts: Facts, f: Filter): boolean {
  if (f.since !== undefined && facts.receivedAt < f.since) return false;
  if (f.until !== undefined && facts.receivedAt > f.until) return false;
  return FACETS.every((k) => f[k].every((n) => (EXACT.has(k) ? facts.keys[k].split(' ').includes(n) : facts.keys[k].includes(n)))) && f.text.every((t) => facts.haystack.includes(t));
}

/** The words a facet can hold (providers come from the registry, so the caller gives them). */
const VOCABULARY: Partial<Record<FacetKey, readonly string[]>> = {
  event: ['status', 'incoming', 'call', 'ussd', 'whatsapp', 'notification', 'ping'],
  outcome: ['pending', 'sent', 'delivered', 'read', 'failed', 'expired', 'unknown'],
  signature: ['valid', 'invalid', 'absent', 'unchecked'],
  flag: ['duplicate', 'out-of-order', 'impossible', 'likely-duplicate', 'problem'],
};

/**
 * For the command line, where a typo should not quietly match nothing: the first term that can
 * match no capture at all (an unknown provider, kind, outcome, signature state or flag, or a
 * time that does not read), as one line naming the choices; null when every term can match.
 */
export function filterProblem(text: string, providerIds: readonly string[]): string | null {
  const f = parseFilter(text);
  const known: Partial<Record<FacetKey, readonly string[]>> = { ...VOCABULARY, provider: providerIds };
  for (const [key, words] of Object.entries(known) as Array<[FacetKey, readonly string[]]>) {
    // Substrings match (provider:zen is zender) except for whole-word facets.
    const bad = f[key].find((t) => !words.some((w) => (EXACT.has(key) ? w === t : w.includes(t))));
    if (bad !== undefined) return `no ${key} "${bad}"; use one of: ${words.join(', ')}`;
  }
  const when = f.text.find((t) => /^(since|until):/.test(t));
  return when ? `"${when}" is not a time; use a duration ago (30m, 2h, 7d) or an ISO time (2026-12-01T10:00)` : null;
}

/** Whether a filter has any term at all. */
export const isEmptyFilter = (f: Filter): boolean => f.since === undefined && f.until === undefined && f.text.length === 0 && FACETS.every((k) => f[k].length === 0);

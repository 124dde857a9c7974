import { createHash } from 'node:crypto';
import { VERSION } from '../core/version.js';
import type { Inspection } from '../providers/inspect.js';
import type { Flag } from './correlate.js';
import { factPartsOf, MEANINGS_PART } from './filter.js';
import type { StoredFacts } from './store-filter.js';
import type { CaptureRecord } from './store.js';
import { secretsOf } from './view.js';

/**
 * What a capture's facts depend on besides its bytes: the secrets (the signature state, what is
 * masked) and the decoders of this webhook-kit version. A reader trusts stored facts only under
 * its own key, and decodes the other rows (store-filter.ts). Outputs already show a SHA-256 of
 * each secret (core/secret.ts maskSecret), and a signed capture verifies a guessed secret as well.
 */
export function factsKeyOf(secrets: Readonly<Record<string, string>> = NONE): string {
  let key = keys.get(secrets);
  if (key === undefined) {
    const entries = Object.entries(secrets).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    key = `facts:${createHash('sha256').update(JSON.stringify([VERSION, FACTS_FORMAT, entries])).digest('base64url').slice(0, 16)}`;
    keys.set(secrets, key);
  }
  return key;
}
const NONE: Readonly<Record<string, string>> = {};
/**
 * Bumped when factPartsOf() (filter.ts) computes facts differently within one version, so facts
 * stored by an earlier build are decoded again, not trusted. 2: a batch's facets no longer cut at
 * 400 characters; 3: phones without +, spaces, dashes and brackets (filter.ts phoneKey).
 */
const FACTS_FORMAT = 3;
// listen asks for every capture, always with its one secrets object.
const keys = new WeakMap<object, string>();

// A body of printable ASCII (and tabs, line ends) up to this size that is its own text is not stored
// twice: SQLite lower-cases it from the body column (store-filter.ts), exactly as JavaScript would.
const DERIVED_BODY_MAX = 4096;
const ASCII = /^[\t\n\r\x20-\x7e]*$/;

/**
 * The facts to store with a capture just numbered: factsOf() of the view every reader builds of it,
 * in parts. `masked`: the view's secrets when the caller has them already (listen's hot path).
 */
export function storedFactsOf(record: CaptureRecord, inspection: Inspection, flags: Flag[][], secrets: Readonly<Record<string, string>> = NONE, masked?: string[]): StoredFacts {
  const f = factPartsOf({ record, inspection, flags, secrets: masked ?? secretsOf(record, inspection, secrets) });
  const body = f.parts[MEANINGS_PART + 1]!;
  const derived = record.body.length <= DERIVED_BODY_MAX && body.length === Math.min(record.body.length, 2000) && ASCII.test(body) && record.body.toString('latin1').startsWith(body);
  return {
    key: factsKeyOf(secrets),
    keys: f.keys,
    head: f.parts.slice(0, MEANINGS_PART).join(' ').toLowerCase(),
    meaning: f.parts[MEANINGS_PART]!.toLowerCase(),
    // Bounded, so a batch's many combinations of statuses do not fill fact_texts.
    sharedMeaning: f.statusMeanings && f.parts[MEANINGS_PART]!.length <= 400,
    body: derived ? null : body.toLowerCase(),
  };
}

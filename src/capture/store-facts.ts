import { createHash } from 'node:crypto';
import { VERSION } from '../core/version.js';
import type { Inspection } from '../providers/inspect.js';
import type { Flag } from './correlate.js';
import { factsOf } from './filter.js';
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
    key = createHash('sha256').update(JSON.stringify([VERSION, entries])).digest('base64url').slice(0, 16);
    keys.set(secrets, key);
  }
  return key;
}
const NONE: Readonly<Record<string, string>> = {};
// listen asks for every capture, always with its one secrets object.
const keys = new WeakMap<object, string>();

/** The facts to store with a capture just numbered: factsOf() of the view every reader builds of it. */
export function storedFactsOf(record: CaptureRecord, inspection: Inspection, flags: Flag[][], secrets: Readonly<Record<string, string>> = NONE): StoredFacts {
  return { key: factsKeyOf(secrets), facts: factsOf({ record, inspection, flags, secrets: secretsOf(record, inspection, secrets) }) };
}

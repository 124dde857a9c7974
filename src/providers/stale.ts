import { parseBody } from '../core/body.js';
import { didYouMean } from '../core/json-fields.js';
import type { RawRequest } from '../core/raw-request.js';
import type { Provider } from '../core/types.js';

/**
 * The hash algorithm (md5, sha1, crc32) a request is signed with, or null: a hash is computed
 * over fields, so editing them without signing again leaves a signature the receiver rejects.
 * A shared secret (Zender) is not over fields and stays valid. The check runs with a secret no
 * one uses, so only whether a signature is there counts, never whether it matches.
 */
export function fieldHashOf(provider: Provider, req: RawRequest): string | null {
  try {
    const check = provider.verify(req, parseBody(req), '\u0000webhook-kit: no secret');
    return check.state === 'absent' || check.algorithm === null || check.algorithm === 'shared-secret' ? null : check.algorithm;
  } catch {
    return null;
  }
}

/**
 * The warning line for characters an encoding replaced (EncodeOptions.onLoss): they go out as
 * "?", and the signature is over what goes out.
 */
export function lossWarning(lost: readonly string[], charset: string): string {
  const named = lost.map((ch) => `"${ch}" (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`).join(', ');
  return `webhook-kit: warning: ${charset} cannot carry ${named}, so they are replaced by "?" (the signature is over the bytes sent); use charset=utf-8 to keep them`;
}

/**
 * The warning line for an edit that gave a status the provider does not have (`--set
 * state=expird`): it goes out as given, and listen shows it as unknown, which is rarely what a
 * test meant. Null when every status the edit touched is one of the provider's.
 */
export function unknownStatusWarning(provider: Provider, before: RawRequest, after: RawRequest): string | null {
  const codes = (req: RawRequest): Array<string | null> => {
    try {
      return provider.decode(req, parseBody(req)).events.map((e) => e.status?.code ?? null);
    } catch {
      return [];
    }
  };
  const was = codes(before);
  const bad = codes(after).find((c, i) => c !== null && c !== was[i] && !provider.statuses.has(c));
  if (bad === undefined || bad === null) return null;
  const names = [...provider.statuses.keys()];
  // A number's nearest spelling is no hint ("77": did you mean -3?); a word's is (expird).
  const hint = /[a-z]/i.test(bad) ? didYouMean(bad, names) : '';
  return `webhook-kit: warning: ${provider.name} has no status "${bad}", so it goes out as given and listen shows it as unknown; ${hint}its statuses: ${names.join(', ')}`;
}

import { parseBody } from '../core/body.js';
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

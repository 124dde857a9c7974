import { parseForm } from './form.js';
import { splitUrl } from './raw-request.js';
import { maskSecret, safeEqual } from './secret.js';
import type { SignatureCheck } from './types.js';

/**
 * Checks a shared secret sent in clear (Zender's `secret` field, the SMSGateway24 URL token).
 * Neither secret is ever returned: only
 * maskSecret() forms, lengths and the kind of difference.
 */

export interface SecretSeen {
  /** The value received, or null when the request carries none where expected. */
  received: string | null;
  /** Where it was expected, in words (`the body field "secret"`). */
  where: string;
  /** Extra causes worth naming on a mismatch or absence, most likely first. */
  hints: string[];
  assumed: boolean;
}

/** Constant-time comparison of a received shared secret with the configured one. */
export function checkSharedSecret(seen: SecretSeen, expected: string): SignatureCheck {
  const base = {
    algorithm: 'shared-secret',
    canonical: null,
    computed: maskSecret(expected),
    ...(seen.assumed ? { assumed: true } : {}),
  };
  if (seen.received === null) {
    return { ...base, state: 'absent', received: null, detail: `no secret in ${seen.where}`, diagnoses: seen.hints };
  }
  if (safeEqual(seen.received, expected)) {
    const detail = `${seen.where} matches the secret`;
    return { ...base, state: 'valid', received: maskSecret(seen.received), detail, diagnoses: [] };
  }
  return {
    ...base,
    state: 'invalid',
    received: maskSecret(seen.received),
    detail: `${seen.where} does not match the secret`,
    diagnoses: [...mismatchCauses(seen.received, expected), ...seen.hints],
  };
}

/** Likely causes of a mismatch, named without quoting either secret. */
function mismatchCauses(received: string, expected: string): string[] {
  if (received === '') return ['the received secret is empty: no secret is set on the sending side'];
  if (received.trim() === expected.trim()) {
    return ['whitespace around the secret differs (a pasted trailing space or newline)'];
  }
  if (received.toLowerCase() === expected.toLowerCase()) return ['the secrets differ only in letter case'];
  if (received.length !== expected.length) {
    return [`different length: received ${received.length} characters, expected ${expected.length}`];
  }
  return ['same length, different characters: a different or rotated secret'];
}

/** Decoded `key=value` pairs of a URL's query string, in order. */
export function queryPairs(url: string): Array<[string, string]> {
  return parseForm(Buffer.from(splitUrl(url).rawQuery, 'latin1'), 'utf-8').pairs;
}

import { randomBytes } from 'node:crypto';

// No 0/o, 1/l/i: ids are read off a screen and typed.
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';

/** A short random id such as `k7m2qx`. */
export function newCaptureId(length = 6): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
  return id;
}

/** True when `s` could be an id or an id prefix. */
export const isIdLike = (s: string): boolean => /^[2-9a-hjkmnp-z]{3,12}$/.test(s);

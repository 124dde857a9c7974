import { randomBytes } from 'node:crypto';

// No 0/o, 1/l/i: ids are read off a screen and typed.
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';

// Random bytes drawn in blocks: one syscall per 4 KiB instead of one per capture.
let pool = Buffer.alloc(0);
let offset = 0;

function nextByte(): number {
  if (offset >= pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  return pool[offset++]!;
}

/** A short random id such as `k7m2qx`. */
export function newCaptureId(length = 6): string {
  let id = '';
  for (let i = 0; i < length; i++) id += ALPHABET[nextByte() % ALPHABET.length];
  return id;
}

/** True when `s` could be an id or an id prefix. */
export const isIdLike = (s: string): boolean => /^[2-9a-hjkmnp-z]{3,12}$/.test(s);

import { createHash, timingSafeEqual } from 'node:crypto';

/** A short, stable fingerprint that identifies a secret without revealing it. */
export function fingerprint(secret: string): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 8)}`;
}

/** How a secret appears in any output: never in full. */
export function maskSecret(secret: string): string {
  return `<secret ${fingerprint(secret)}>`;
}

/** Constant-time comparison of two strings (length differences leak only the length). */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  if (ab.length !== bb.length) {
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}

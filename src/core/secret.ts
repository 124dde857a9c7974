import { createRequire } from 'node:module';

type Crypto = typeof import('node:crypto');
// Loaded on first use, like iconv-lite in charset.ts: the CLI's flag parsers import this file,
// and Node's crypto is some fifteen modules that --help never needs.
let cryptoModule: Crypto | undefined;
const crypto = (): Crypto => (cryptoModule ??= createRequire(import.meta.url)('node:crypto') as Crypto);

/** A short, stable fingerprint that identifies a secret without revealing it. */
export function fingerprint(secret: string): string {
  return `sha256:${crypto().createHash('sha256').update(secret).digest('hex').slice(0, 8)}`;
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
    crypto().timingSafeEqual(ab, ab);
    return false;
  }
  return crypto().timingSafeEqual(ab, bb);
}

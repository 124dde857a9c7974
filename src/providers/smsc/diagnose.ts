import { formEncode } from '../../core/form.js';
import { safeEqual } from '../../core/secret.js';
import { SIGNATURE_FIELDS, type Algorithm } from './fields.js';
import { controlString, digestMatches, sign } from './hash.js';

/** What a failed check knows; the secret never leaves this module in any message. */
export interface MismatchFacts {
  algorithm: Algorithm;
  received: string;
  /** Control-string field names and their decoded values. */
  names: readonly string[];
  values: readonly string[];
  /** Values exactly as percent-encoded on the wire (form bodies), else null. */
  wireValues: readonly string[] | null;
  secret: string;
  /** The request's charset; `tried` adds the UTF-8 fallback (docs/providers.md#smsc-c4). */
  charset: string;
  tried: readonly string[];
}

/** SMSC.ru lets a secret hold only these (docs/providers.md#smsc-handler-url). */
const SECRET_ALLOWED = /^[A-Za-z0-9_-]*$/;
const CHARSETS = ['utf-8', 'windows-1251', 'koi8-r'];
const WRONG_SECRET = 'wrong secret (the hash does not match any known variant)';

/**
 * Likely causes of a mismatch, most likely first. Each "matches" line was confirmed by hashing
 * that variant; the last resort is a wrong secret.
 */
export function diagnose(f: MismatchFacts): string[] {
  const hits = (text: string, algorithm = f.algorithm, charsets = f.tried): boolean =>
    charsets.some((cs) => digestMatches(algorithm, sign(algorithm, text, cs), f.received));
  const control = (values: readonly string[], secret = f.secret): string => controlString(values, secret);
  const found: string[] = [];
  const hints: string[] = [];

  if (f.received === '') hints.push(`the ${f.algorithm} field is empty`);
  if (safeEqual(f.received, f.secret)) {
    hints.push(`the ${f.algorithm} field holds the secret itself: it was never replaced by a hash (not sent by SMSC.ru?)`);
  }
  const missing = f.names.filter((_, i) => f.values[i] === '');
  if (missing.length) hints.push(`control-string field ${missing.join(', ')} missing or empty in the body (hashed as empty)`);

  const text = control(f.values);
  for (const cs of CHARSETS.filter((c) => !f.tried.includes(c))) {
    if (hits(text, f.algorithm, [cs])) {
      found.push(`body re-encoded / wrong charset: the hash matches the ${cs} bytes, but the request reads as ${f.charset}`);
    }
  }
  for (const other of SIGNATURE_FIELDS.filter((a) => a !== f.algorithm)) {
    if (hits(text, other)) found.push(`field named ${f.algorithm} holds a ${other}: the handler URL and the checker disagree on the algorithm`);
  }
  for (const [how, values] of urlEncodedVariants(f)) {
    if (hits(control(values))) {
      found.push(`the hash was made over the URL-encoded values (${how}), not the decoded text`);
      break;
    }
  }
  for (const [how, secret] of [['lower', f.secret.toLowerCase()], ['upper', f.secret.toUpperCase()]] as const) {
    if (secret !== f.secret && hits(control(f.values, secret))) {
      found.push(`the hash matches the secret in ${how} case: its letter case differs from the SMSC.ru cabinet's`);
    }
  }
  if (!SECRET_ALLOWED.test(f.secret)) {
    const stripped = f.secret.replace(/[^A-Za-z0-9_-]/g, '');
    if (hits(control(f.values, stripped))) {
      found.push('the hash matches the secret without its characters outside [A-Za-z0-9_-]');
    }
    hints.push('the secret has characters SMSC.ru does not allow (only A-Z, a-z, 0-9, _ and -)');
  }
  return found.length ? [...found, ...hints] : [...hints, WRONG_SECRET];
}

/** Ways a signer may have hashed percent-encoded values instead of the text they stand for. */
function urlEncodedVariants(f: MismatchFacts): Array<[string, readonly string[]]> {
  const variants: Array<[string, readonly string[]]> = [];
  if (f.wireValues) variants.push(['as on the wire', f.wireValues]);
  for (const cs of f.tried) {
    const upper = f.values.map((v) => formEncode(v, cs));
    variants.push([`${cs}, uppercase %XX`, upper]);
    variants.push([`${cs}, lowercase %xx`, upper.map((v) => v.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()))]);
  }
  variants.push(['encodeURIComponent', f.values.map((v) => encodeURIComponent(v))]);
  const plain = f.values.join('\u0000');
  return variants.filter(([, values]) => values.join('\u0000') !== plain);
}

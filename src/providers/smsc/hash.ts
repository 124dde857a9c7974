import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { encodeText } from '../../core/charset.js';
import { safeEqual } from '../../core/secret.js';
import type { Algorithm, SmscKind } from './fields.js';

/** docs/providers.md#smsc-signature: the fields hashed, in order, before `:<secret>`. */
export const CONTROL_FIELDS: Readonly<Record<SmscKind, readonly string[]>> = {
  status: ['id', 'phone', 'status'],
  incoming: ['phone', 'mes', 'to'],
  call: ['phone', 'ts'],
};

/**
 * docs/providers.md#smsc-c2: the incoming and waitcall control strings come from one third-party
 * handler, so their checks are flagged `assumed` (warn, do not reject).
 */
export const ASSUMED_SCHEMES: ReadonlySet<SmscKind> = new Set<SmscKind>(['incoming', 'call']);

/** docs/providers.md#smsc-c4: when nothing declares a charset, SMSC.ru sends (and hashes) windows-1251. */
export const DEFAULT_CHARSET = 'windows-1251';

/** The control string `v1:v2:...:secret`. */
export function controlString(values: readonly string[], secret: string): string {
  return [...values, secret].join(':');
}

/**
 * docs/providers.md#smsc-c3: PHP crc32() gives a decimal int, hash('crc32b') 8-digit hex. We emit this one
 * and accept both.
 */
const CRC32_EMITTED: 'decimal' | 'hex' = 'decimal';

const crc32Forms = (n: number): Record<'decimal' | 'hex', string> => ({
  decimal: String(n),
  hex: n.toString(16).padStart(8, '0'),
});

/** md5/sha1 as lowercase hex (PHP md5()/sha1(), docs/providers.md#smsc-c3); crc32 as CRC32_EMITTED. */
export function digest(algorithm: Algorithm, bytes: Buffer): string {
  if (algorithm === 'crc32') return crc32Forms(crc32(bytes))[CRC32_EMITTED];
  return createHash(algorithm).update(bytes).digest('hex');
}

/** The hash SMSC.ru would put in the field, with the text encoded in `charset`. */
export function sign(algorithm: Algorithm, text: string, charset: string): string {
  return digest(algorithm, encodeText(text, charset));
}

/** Constant-time, case-insensitive comparison; crc32 matches in decimal or 8-digit hex. */
export function digestMatches(algorithm: Algorithm, computed: string, received: string): boolean {
  const got = received.trim().toLowerCase();
  if (algorithm !== 'crc32') return safeEqual(computed, got);
  const forms = crc32Forms(CRC32_EMITTED === 'decimal' ? Number(computed) : parseInt(computed, 16));
  const decimal = safeEqual(forms.decimal, got);
  const hex = safeEqual(forms.hex, got);
  return decimal || hex;
}

import qs from 'qs';
import { decodeText, encodeText } from './charset.js';

/**
 * application/x-www-form-urlencoded in any charset. URLSearchParams only knows UTF-8, and
 * SMSC.ru sends windows-1251 by default, so values are percent-decoded to bytes first and then
 * decoded with iconv-lite. Nesting of PHP-style `data[id]` keys is left to qs.
 */

/** `+` to space and `%XX` to the byte; a malformed escape is kept literally and reported. */
export function percentDecode(s: string): { bytes: Buffer; malformed: boolean } {
  const out = Buffer.allocUnsafe(s.length);
  let n = 0;
  let malformed = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2b) out[n++] = 0x20;
    else if (c === 0x25) {
      const hex = s.slice(i + 1, i + 3);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        out[n++] = parseInt(hex, 16);
        i += 2;
      } else {
        malformed = true;
        out[n++] = c;
      }
    } else out[n++] = c & 0xff; // the source string is latin1, one char per byte
  }
  return { bytes: out.subarray(0, n), malformed };
}

/** Splits a latin1 form string into raw (still percent-encoded) key/value pairs, in order. */
export function splitForm(latin1: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of latin1.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    pairs.push(eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)]);
  }
  return pairs;
}

export interface ParsedForm {
  /** Decoded pairs in wire order (duplicates kept). */
  pairs: Array<[string, string]>;
  /** Nested object (`data[id]` -> data.id); null-prototype, so `__proto__` keys are inert. */
  fields: Record<string, unknown>;
  malformed: boolean;
}

/** Limits that keep bracket-key bombs and huge forms cheap to parse. */
const QS_LIMITS = { depth: 5, arrayLimit: 50, parameterLimit: 20000 } as const;

/** Parses form bytes decoded with `charset`. Never throws on any input. */
export function parseForm(body: Buffer, charset: string): ParsedForm {
  let malformed = false;
  const decode = (s: string): string => {
    const d = percentDecode(s);
    if (d.malformed) malformed = true;
    return decodeText(d.bytes, charset);
  };
  const latin1 = body.toString('latin1');
  const pairs = splitForm(latin1).map(([k, v]): [string, string] => [decode(k), decode(v)]);
  const fields = qs.parse(latin1, {
    ...QS_LIMITS,
    plainObjects: true,
    allowPrototypes: false,
    duplicates: 'combine',
    decoder: (s: string) => decode(s),
  }) as Record<string, unknown>;
  return { pairs, fields, malformed };
}

/** The percent-decoded bytes of every key and value, to choose the charset fallback. */
export function formBytes(body: Buffer): Buffer[] {
  return splitForm(body.toString('latin1')).flatMap(([k, v]) => [percentDecode(k).bytes, percentDecode(v).bytes]);
}

const UNRESERVED = /[A-Za-z0-9\-_.]/;

/** PHP urlencode()/http_build_query: bytes in `charset`, space as `+`, all else but [A-Za-z0-9-_.] as %XX. */
export function formEncode(value: string, charset: string): string {
  const bytes = encodeText(value, charset);
  let out = '';
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (b === 0x20) out += '+';
    else if (b < 0x80 && UNRESERVED.test(ch)) out += ch;
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Encodes ordered pairs as a form body in `charset`. */
export function buildForm(pairs: ReadonlyArray<readonly [string, string]>, charset: string): Buffer {
  return Buffer.from(pairs.map(([k, v]) => `${formEncode(k, charset)}=${formEncode(v, charset)}`).join('&'), 'latin1');
}

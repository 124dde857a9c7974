import { isAscii, isUtf8 } from 'node:buffer';
import { createRequire } from 'node:module';

type Iconv = typeof import('iconv-lite');
// Loaded on first use: its tables cost tens of milliseconds that --help and --list never need.
let iconvModule: Iconv | undefined;
const iconv = (): Iconv => (iconvModule ??= createRequire(import.meta.url)('iconv-lite') as Iconv);

/** Canonical charset names we print and store ("utf-8", "windows-1251", "koi8-r", ...). */
export function normalizeCharset(name: string): string {
  const n = name.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (n === 'utf8') return 'utf-8';
  if (n === 'cp1251' || n === 'win-1251' || n === 'win1251') return 'windows-1251';
  if (n === 'koi8r') return 'koi8-r';
  return n;
}

/** True when iconv-lite can decode this charset. */
export function isKnownCharset(name: string): boolean {
  return iconv().encodingExists(name);
}

/** charset= from a Content-Type header value, or null. */
export function charsetFromContentType(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType);
  return m ? normalizeCharset(m[2]!) : null;
}

/** charset= from a raw query string (SMSC.ru puts it in the handler URL), or null. */
export function charsetFromQuery(rawQuery: string): string | null {
  for (const part of rawQuery.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).toLowerCase() === 'charset') {
      const v = safeDecodeURIComponent(part.slice(eq + 1));
      if (v) return normalizeCharset(v);
    }
  }
  return null;
}

function safeDecodeURIComponent(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

// Charsets whose first 128 codes are ASCII: pure-ASCII bytes read the same in all of them.
const ASCII_COMPATIBLE = /^(utf-8|windows-125\d|koi8-[a-z]+|iso-8859-\d+|latin1|us-ascii|ascii|cp8\d\d|mac[a-z]*)$/;

/** Decodes bytes in a charset iconv-lite knows (caller checks with isKnownCharset). */
export function decodeText(bytes: Uint8Array, charset: string): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Fast paths: most callback bytes are ASCII, and Node decodes UTF-8 natively.
  if (ASCII_COMPATIBLE.test(charset) && isAscii(buf)) return buf.toString('latin1');
  if (charset === 'utf-8') return buf.toString('utf8');
  return iconv().decode(buf, charset);
}

/** Encodes text into a charset's bytes. */
export function encodeText(text: string, charset: string): Buffer {
  return iconv().encode(text, charset);
}

/** The characters of `text` that `charset` cannot carry (iconv-lite would send each as "?"), once each, in order. */
export function unencodable(text: string, charset: string): string[] {
  if (charset === 'utf-8' || /^[\x00-\x7f]*$/.test(text)) return [];
  const lost = new Set<string>();
  for (const ch of text) if (decodeText(encodeText(ch, charset), charset) !== ch) lost.add(ch);
  return [...lost];
}

/** The UTF-8-then-windows-1251 fallback used when nothing declares a charset. */
export function guessCharset(bytes: Uint8Array): 'utf-8' | 'windows-1251' {
  return isUtf8(bytes) ? 'utf-8' : 'windows-1251';
}

export { isUtf8 };

import { isAscii } from 'node:buffer';
import { decodeText, encodeText, isUtf8 } from './charset.js';

/**
 * application/x-www-form-urlencoded in any charset. URLSearchParams only knows UTF-8, and
 * SMSC.ru sends windows-1251 by default, so values are percent-decoded to bytes first and then
 * decoded in the charset. PHP-style `data[id]` keys are nested as PHP reads them.
 */

const NEEDS_DECODING = /[%+]/;

const hexValue = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;

/** `+` to space and `%XX` to the byte; a malformed escape is kept literally and reported. */
export function percentDecode(s: string): { bytes: Buffer; malformed: boolean } {
  if (!NEEDS_DECODING.test(s)) return { bytes: Buffer.from(s, 'latin1'), malformed: false };
  const out = Buffer.allocUnsafe(s.length);
  let n = 0;
  let malformed = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2b) out[n++] = 0x20;
    else if (c === 0x25) {
      const hi = hexValue(s.charCodeAt(i + 1));
      const lo = hexValue(s.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        out[n++] = hi * 16 + lo;
        i += 2;
      } else {
        malformed = true;
        out[n++] = c;
      }
    } else out[n++] = c & 0xff; // the source string is latin1, one char per byte
  }
  return { bytes: out.subarray(0, n), malformed };
}

/**
 * Fields decoded from one form, like PHP's max_input_vars (1000) but roomier: a 1 MiB body of
 * `a=1&a=1&...` is 250,000 pairs, and decoding them all stalled the listener for most of a second.
 */
export const MAX_FORM_PAIRS = 10_000;

/** Splits a latin1 form string into raw (still percent-encoded) key/value pairs, in order, at most `max`. */
export function splitForm(latin1: string, max = Infinity): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  let start = 0;
  while (start <= latin1.length && pairs.length < max) {
    let end = latin1.indexOf('&', start);
    if (end < 0) end = latin1.length;
    if (end > start) {
      const eq = latin1.indexOf('=', start);
      pairs.push(eq < 0 || eq > end ? [latin1.slice(start, end), ''] : [latin1.slice(start, eq), latin1.slice(eq + 1, end)]);
    }
    start = end + 1;
  }
  return pairs;
}

/** A key or value after percent-decoding: a string when it was plain ASCII, else its bytes. */
export type FormPart = string | Buffer;

/** A form split and percent-decoded once: the bytes every later step works from. */
export interface FormBytes {
  latin1: string;
  pairs: Array<[FormPart, FormPart]>;
  malformed: boolean;
  /** More than MAX_FORM_PAIRS pairs: only the first ones were decoded. */
  capped: boolean;
}

/** Splits and percent-decodes a form body. */
export function formBytes(body: Buffer): FormBytes {
  const latin1 = body.toString('latin1');
  const ascii = isAscii(body);
  let malformed = false;
  // Plain ASCII parts (the common case) stay strings: no buffers, no charset decoding.
  const part = (s: string): FormPart => {
    if (ascii && !NEEDS_DECODING.test(s)) return s;
    const d = percentDecode(s);
    if (d.malformed) malformed = true;
    return d.bytes;
  };
  const raw = splitForm(latin1, MAX_FORM_PAIRS + 1);
  const capped = raw.length > MAX_FORM_PAIRS;
  const pairs = raw.slice(0, MAX_FORM_PAIRS).map(([k, v]): [FormPart, FormPart] => [part(k), part(v)]);
  return { latin1, pairs, malformed, capped };
}

const notUtf8 = (p: FormPart): boolean => typeof p !== 'string' && !isAscii(p) && !isUtf8(p);

/** UTF-8 when every decoded key and value is valid UTF-8, else windows-1251. */
export function guessFormCharset(form: FormBytes): 'utf-8' | 'windows-1251' {
  return form.pairs.some(([k, v]) => notUtf8(k) || notUtf8(v)) ? 'windows-1251' : 'utf-8';
}

const partText = (p: FormPart, charset: string): string => (typeof p === 'string' ? p : decodeText(p, charset));

/** The value of a `charset` pair (SMSC.ru echoes its handler URL's charset into the body). */
export function formCharsetField(form: FormBytes): string | null {
  const pair = form.pairs.find(([k]) => k.length === 7 && partText(k, 'latin1').toLowerCase() === 'charset');
  return pair ? partText(pair[1], 'latin1') : null;
}

export interface ParsedForm {
  /** Decoded pairs in wire order (duplicates kept). */
  pairs: Array<[string, string]>;
  /** Nested object (`data[id]` -> data.id); a `__proto__` key is a plain own key, inert. */
  fields: Record<string, unknown>;
  malformed: boolean;
}

/** Bracket keys deeper than this stay flat, literal keys (a `data[a][b]...` bomb costs nothing). */
const MAX_DEPTH = 5;
const BRACKET_KEY = /^([^[\]]+)((?:\[[^[\]]*\])+)$/;
// Never a path segment: these are kept as literal flat keys, so nothing can reach a prototype.
const UNSAFE_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (node: Node, key: string): unknown => (Object.hasOwn(node, key) ? node[key] : undefined);

/**
 * Own-key counts of the nodes being built, so `a[]` finds its next index without Object.keys
 * (which made 40,000 `data[]` pairs take minutes: a 1 MiB body could stall the listener).
 */
type KeyCounts = WeakMap<Node, number>;

function setOwn(node: Node, key: string, value: unknown, counts: KeyCounts): void {
  if (!Object.hasOwn(node, key)) counts.set(node, (counts.get(node) ?? 0) + 1);
  // defineProperty makes even `__proto__` a plain own key: it can never reach a prototype.
  if (key === '__proto__') Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
  else node[key] = value;
}

/** Repeated keys collect into an array (grown in place: `a=1&a=2&...` stays linear). */
function put(node: Node, key: string, value: string, counts: KeyCounts): void {
  const prev = own(node, key);
  // Values are strings and nodes, so an array here is one this function made.
  if (Array.isArray(prev)) prev.push(value);
  else setOwn(node, key, prev === undefined ? value : [prev, value], counts);
}

/** `name[a][b]` -> ['name', 'a', 'b'], or null for a plain key or a malformed one. */
function bracketPath(key: string): string[] | null {
  const open = key.indexOf('[');
  if (open <= 0 || !key.endsWith(']')) return null;
  const m = BRACKET_KEY.exec(key);
  return m ? [m[1]!, ...m[2]!.slice(1, -1).split('][')] : null;
}

/**
 * Nests PHP-style keys (`data[id]=2` -> {data: {id: "2"}}, `a[]=x` appends) as PHP would read
 * them. Keys that would be unsafe, too deep or clash with an existing plain value are kept flat
 * under their literal name: nothing is dropped, and no key can reach a prototype.
 */
export function nestFields(pairs: ReadonlyArray<readonly [string, string]>): Node {
  const root: Node = {};
  const counts: KeyCounts = new WeakMap();
  const nextIndex = (node: Node): string => String(counts.get(node) ?? 0);
  for (const [key, value] of pairs) {
    const path = bracketPath(key);
    if (!path || path.length > MAX_DEPTH + 1 || path.some((seg) => UNSAFE_SEGMENTS.has(seg))) {
      put(root, key, value, counts);
      continue;
    }
    let node = root;
    let clash = false;
    for (const seg of path.slice(0, -1)) {
      const name = seg === '' ? nextIndex(node) : seg;
      const next = own(node, name);
      if (next === undefined) {
        const child: Node = {};
        setOwn(node, name, child, counts);
        node = child;
      } else if (isNode(next)) node = next;
      else {
        clash = true;
        break;
      }
    }
    if (clash) put(root, key, value, counts);
    else {
      const last = path[path.length - 1]!;
      put(node, last === '' ? nextIndex(node) : last, value, counts);
    }
  }
  return root;
}

/** Decodes a split form in `charset`. Never throws on any input. */
export function decodeForm(form: FormBytes, charset: string): ParsedForm {
  const pairs = form.pairs.map(([k, v]): [string, string] => [partText(k, charset), partText(v, charset)]);
  return { pairs, fields: nestFields(pairs), malformed: form.malformed };
}

/** Parses form bytes decoded with `charset`. Never throws on any input. */
export function parseForm(body: Buffer, charset: string): ParsedForm {
  return decodeForm(formBytes(body), charset);
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

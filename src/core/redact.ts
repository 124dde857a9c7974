import { formEncode, percentDecode } from './form.js';
import { safePreview, toSafeText } from './safe-text.js';
import { maskSecret } from './secret.js';

/**
 * Secrets never reach any output in full: every occurrence of a configured secret, or of a
 * secret a request carries in clear (Zender's `secret` field), becomes `<secret sha256:…>`.
 */
export interface Redactor {
  text(s: string): string;
  deep<T>(value: T): T;
  /** Masked, then sanitised: escaping first would change a secret's spelling. */
  safe(s: string): string;
  /** Masked, then sanitised and cut to `max`: cutting first would leave a secret's head its mask no longer matches. */
  preview(s: string, max: number): string;
}

/** A secret, its mask, its canonical spellings, and (built on first need) a pattern for any spelling. */
interface Entry {
  secret: string;
  mask: string;
  /** As itself, URL- and form-encoded: what the plain pass replaces. */
  spellings: string[];
  spelled?: RegExp | null;
}

// Without one of these a string can hold a secret only spelled as itself (plain includes()).
const MAY_BE_ENCODED = /[%+\\]/;
// The any-spelling pass costs text length × secret length where a text nearly matches a secret
// many times, and a request chooses both its text and (Zender) its secret: longer secrets and
// longer texts get the canonical spellings only (plain substring search, linear).
const MAX_PATTERN_SECRET = 64;
const MAX_PATTERN_TEXT = 64 * 1024;

const hexDigit = (d: number): string => {
  const h = d.toString(16);
  return /[a-f]/.test(h) ? `[${h}${h.toUpperCase()}]` : h;
};
const hexByte = (b: number): string => hexDigit(b >> 4) + hexDigit(b & 15);
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
const JSON_SHORT: Readonly<Record<string, string>> = { '"': '\\\\"', '\\': '\\\\\\\\', '/': '\\\\/', '\b': '\\\\b', '\f': '\\\\f', '\n': '\\\\n', '\r': '\\\\r', '\t': '\\\\t' };
// A literal `%` or `\` only where it cannot start an escape: each character then has at most one
// way to match at any point, so a hostile secret (a request chooses its own) cannot make the
// pattern backtrack.
const LITERAL: Readonly<Record<string, string>> = { '%': '%(?![0-9a-fA-F]{2})', '\\': '\\\\(?!u[0-9a-fA-F]{4}|["\\\\/bfnrt])' };

/**
 * Each character as itself, percent-encoded (its UTF-8 bytes, hex in either case), `+` for a
 * space (forms) or a JSON `\uXXXX` escape, in any mix: a URL or body may spell a secret any way
 * its sender liked, and `%52` is as readable to a person as `R`.
 */
function spellingPattern(secret: string): RegExp | null {
  if (secret.length > MAX_PATTERN_SECRET) return null;
  const chars = [...secret].map((ch) => {
    const ways = [LITERAL[ch] ?? escapeRe(ch), [...Buffer.from(ch, 'utf8')].map((b) => `%${hexByte(b)}`).join('')];
    const units = [...Array(ch.length).keys()].map((i) => ch.charCodeAt(i));
    ways.push(units.map((u) => `\\\\u${hexByte(u >> 8)}${hexByte(u & 255)}`).join(''));
    if (ch === ' ') ways.push('\\+');
    if (JSON_SHORT[ch]) ways.push(JSON_SHORT[ch]);
    return `(?:${ways.join('|')})`;
  });
  return new RegExp(chars.join(''), 'g');
}

// Entries outlive one redactor: listen builds a redactor per capture, and the mask's SHA-256 and
// the pattern are the same every time. Bounded, since request secrets vary per request.
const cache = new Map<string, Entry>();
const CACHE_MAX = 256;

function entryFor(secret: string): Entry {
  let e = cache.get(secret);
  if (!e) {
    if (cache.size >= CACHE_MAX) cache.clear();
    e = { secret, mask: maskSecret(secret), spellings: [...new Set([secret, encodeURIComponent(secret), formEncode(secret, 'utf-8')])] };
    cache.set(secret, e);
  }
  return e;
}

const replaceAll = (s: string, what: string, by: string): string => (s.includes(what) ? s.split(what).join(by) : s);

/** A redactor for these secrets, in every spelling (plain, percent-encoded, `+`, JSON escapes). */
export function redactor(secrets: readonly string[]): Redactor {
  const entries = [...new Set(secrets.filter((s) => s !== ''))].sort((a, b) => b.length - a.length).map(entryFor);
  const text = (s: string): string => {
    let out = s;
    if (!MAY_BE_ENCODED.test(out)) {
      for (const e of entries) out = replaceAll(out, e.secret, e.mask);
      return out;
    }
    for (const e of entries) {
      for (const spelling of e.spellings) out = replaceAll(out, spelling, e.mask);
      if (out.length > MAX_PATTERN_TEXT) continue;
      if (e.spelled === undefined) e.spelled = spellingPattern(e.secret);
      if (e.spelled) out = out.replace(e.spelled, e.mask);
    }
    return out;
  };
  const deep = <T>(value: T): T => {
    if (entries.length === 0) return value;
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return text(v);
      // A JSON body's `"secret": 87654321` is a number: shown masked, it becomes the mask string.
      // Only a whole match: a size or status merely containing a secret's digits stays a number.
      if (typeof v === 'number') {
        const e = entries.find((x) => x.secret === String(v));
        return e ? e.mask : v;
      }
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) Object.defineProperty(out, text(k), { value: walk(x), enumerable: true, writable: true, configurable: true });
        return out;
      }
      return v;
    };
    return walk(value) as T;
  };
  const masked = entries.length === 0 ? (s: string) => s : text;
  return { text: masked, deep, safe: (s) => toSafeText(masked(s)), preview: (s, max) => safePreview(masked(s), max) };
}

// Query parameters whose value is a credential by its name (the SMSGateway24 `?token=` among them).
const SECRET_PARAM = /^(?:token|secret|key|password|passwd|pass|pwd|auth|api[-_]?(?:key|token|secret)|access[-_]?token|auth[-_]?token|client[-_]?secret)$/i;
const decodePart = (s: string): string => percentDecode(s).bytes.toString('utf8');
// A secret this short found in a URL is masked where it stands, not wherever its characters occur.
const MIN_ANYWHERE = 4;

/** Each credential-bearing part of a URL: its password (or a user name alone) and secret-named query values. */
function credentialSpans(url: string): Array<{ start: number; end: number; secret: string }> {
  const spans: Array<{ start: number; end: number; secret: string }> = [];
  // A URL typed without its scheme (`admin:pw@localhost:3000`) still carries its password.
  const scheme = /^(?:[a-z][a-z0-9+.-]*:\/\/|\/\/)?/i.exec(url);
  if (scheme) {
    const from = scheme[0].length;
    const authority = /^[^/?#]*/.exec(url.slice(from))![0];
    const at = authority.lastIndexOf('@');
    if (at > 0) {
      const colon = authority.slice(0, at).indexOf(':');
      const start = from + (colon < 0 ? 0 : colon + 1);
      if (start < from + at) spans.push({ start, end: from + at, secret: decodePart(url.slice(start, from + at)) });
    }
  }
  const q = url.indexOf('?');
  if (q >= 0) {
    const hash = url.indexOf('#', q);
    const end = hash < 0 ? url.length : hash;
    let pos = q + 1;
    for (const pair of url.slice(q + 1, end).split('&')) {
      const eq = pair.indexOf('=');
      if (eq > 0 && eq < pair.length - 1 && SECRET_PARAM.test(decodePart(pair.slice(0, eq)))) {
        spans.push({ start: pos + eq + 1, end: pos + pair.length, secret: decodePart(pair.slice(eq + 1)) });
      }
      pos += pair.length + 1;
    }
  }
  return spans;
}

/** The credentials a URL carries (see credentialSpans), decoded. */
export function urlSecrets(url: string): string[] {
  return credentialSpans(url).map((s) => s.secret);
}

// Headers that carry a credential: Authorization's (after its scheme), and any named like a
// credential parameter once an `x-` is dropped (X-Api-Key, X-Auth-Token).
const CREDENTIAL_HEADER = /^(?:proxy-)?authorization$/i;

/** The credentials a request's headers carry in clear (`Authorization: Basic …`, `X-Api-Key: …`). */
export function headerSecrets(headers: ReadonlyArray<readonly [string, string]>): string[] {
  const out: string[] = [];
  for (const [name, value] of headers) {
    if (CREDENTIAL_HEADER.test(name)) {
      const credentials = value.trim().replace(/^[A-Za-z][\w-]*\s+/, '');
      if (credentials) out.push(credentials);
    } else if (SECRET_PARAM.test(name.replace(/^x-/i, '')) && value.trim()) out.push(value.trim());
  }
  return out;
}

/**
 * A URL fit to print (`send --to`, `--forward-to`, replay targets): its password (or a user name
 * standing alone), the values of query parameters named like credentials (token, secret, key,
 * password…) and any of `secrets` become `<secret sha256:…>`, in whatever spelling they appear.
 */
export function maskUrl(url: string, secrets: readonly string[] = []): string {
  const spans = credentialSpans(url);
  let out = '';
  let last = 0;
  for (const s of spans) {
    out += url.slice(last, s.start) + maskSecret(s.secret);
    last = s.end;
  }
  out += url.slice(last);
  return redactor([...secrets, ...spans.map((s) => s.secret).filter((s) => s.length >= MIN_ANYWHERE)]).text(out);
}

/** Shortest clear-text secret taken from a request (rather than configured) that is masked. */
export const MIN_REQUEST_SECRET = 4;

/**
 * Warnings for configured secrets so short that masking them garbles every output (each of their
 * occurrences, in dates and ids too, becomes a mask); shorter than a request's own secrets may be
 * (MIN_REQUEST_SECRET). The value is never shown.
 */
export function shortSecretWarnings(secrets: Readonly<Record<string, string>>): string[] {
  return Object.entries(secrets)
    .filter(([, v]) => v.length < MIN_REQUEST_SECRET)
    .map(([id, v]) => `the secret for ${id} is ${v.length} character${v.length === 1 ? '' : 's'} long: every place it occurs in the output (dates and ids too) is masked; is it the right secret?`);
}

/** Secrets in clear taken from one request, at most (the rest are the sender's own noise). */
export const MAX_REQUEST_SECRETS = 4;

/**
 * Every secret an output of one request must mask: the configured ones and the --secret given,
 * those the request carries in clear (Zender's `secret`, SMSGateway24's URL token) and the
 * credentials of URLs the user gave (--forward-to, --to). The one place the rule lives, for
 * listen, show, send and replay alike.
 */
export function secretsToMask(from: { configured?: readonly string[]; inRequest?: readonly string[]; urls?: ReadonlyArray<string | null | undefined> }): string[] {
  // A clear-text "secret" of a few characters from an arbitrary request would mask every
  // occurrence of those characters (ids included): mask those only when configured.
  // A real request carries one; a hostile one could carry thousands, each one more pass over the output.
  const inRequest = [...new Set((from.inRequest ?? []).filter((v) => v.length >= MIN_REQUEST_SECRET))].slice(0, MAX_REQUEST_SECRETS);
  const inUrls = (from.urls ?? []).flatMap((u) => (typeof u === 'string' ? urlSecrets(u).filter((v) => v.length >= MIN_REQUEST_SECRET) : []));
  return [...(from.configured ?? []), ...inRequest, ...inUrls];
}

export { maskedBytes } from './masked-bytes.js';

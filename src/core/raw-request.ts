import { KitError } from './errors.js';

/** A request exactly as it travelled: the unit every part of webhook-kit passes around. */
export interface RawRequest {
  method: string;
  /** Path plus query as received (`/smsc?charset=utf-8`), or an absolute URL when built for sending. */
  url: string;
  /** Header pairs in received order, names as received. */
  headers: Array<[string, string]>;
  body: Buffer;
}

/** An HTTP answer, as sent by listen or received by send. */
export interface RawResponse {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
}

/** First value of a header, case-insensitively. */
export function headerValue(headers: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of headers) if (k.toLowerCase() === lower) return v;
  return undefined;
}

// Connection-level headers a relay must not copy (RFC 9110 7.6.1), plus the ones the HTTP
// client computes itself (Host, Content-Length) for the exact body it sends.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length', 'expect']);

/**
 * Headers worth re-sending when a request or an answer is relayed, replayed or exported: all
 * but the hop-by-hop ones, including those a `Connection` header names for its own hop.
 */
export function relayHeaders(headers: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  let named: Set<string> | undefined;
  for (const [k, v] of headers) {
    if (k.toLowerCase() !== 'connection') continue;
    named ??= new Set();
    for (const token of v.split(',')) named.add(token.trim().toLowerCase());
  }
  return headers.filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase()) && !named?.has(k.toLowerCase())).map(([k, v]) => [k, v]);
}

/**
 * The request target of an absolute URL exactly as written (`/a/../b?s='v'`), for relaying a
 * received path unchanged: WHATWG URL parsing would resolve dot segments and percent-encode
 * query bytes, and a signature over the query would then no longer hold. Falls back to the
 * parsed form when the raw one has bytes no request line may carry (a space typed in --to).
 */
export function requestTarget(url: URL, written: string): string {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\]*/i.exec(written);
  const rest = (authority ? written.slice(authority[0].length) : written).replace(/#.*$/s, '');
  const raw = rest === '' || rest.startsWith('?') ? `/${rest}` : rest;
  // Printable ASCII only: other bytes must be percent-encoded (as URL parsing does), and a
  // backslash after the host is a slash to a URL parser.
  return /^\/[\u0021-\u007e]*$/.test(raw) ? raw : `${url.pathname}${url.search}`;
}

/**
 * The absolute URL a received request was sent to (`http://` + its Host + its target), or its
 * target under `origin`. Never throws: a hostile Host header or an absolute-form target
 * (`POST http://elsewhere/x`) falls back to localhost, so one odd capture cannot break an
 * export or a replay.
 */
export function absoluteUrl(req: Pick<RawRequest, 'url' | 'headers'>, origin?: string): string {
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(req.url);
  const target = absolute ? requestTarget(new URL('http://x/'), req.url) : req.url.startsWith('/') ? req.url : '/';
  const base = (origin ?? (absolute ? absolute[0] : `http://${headerValue(req.headers, 'host') ?? 'localhost'}`)).replace(/\/+$/, '');
  for (const candidate of [`${base}${target}`, `http://localhost${target}`]) if (isHttpUrl(candidate)) return candidate;
  return 'http://localhost/';
}

/** Whether `url` parses as an absolute http(s) URL. */
export function isHttpUrl(url: string): boolean {
  try {
    return /^https?:$/.test(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** Splits `/path?query` (or an absolute URL) into pathname and raw query string (no `?`). */
export function splitUrl(url: string): { path: string; rawQuery: string } {
  const abs = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  let rest = url;
  if (abs) {
    const slash = url.indexOf('/', abs[0].length);
    rest = slash < 0 ? '/' : url.slice(slash);
  }
  const q = rest.indexOf('?');
  return q < 0 ? { path: rest, rawQuery: '' } : { path: rest.slice(0, q), rawQuery: rest.slice(q + 1) };
}

const LINE_END = /\r?\n/;
// Origin form (`/path?q`), absolute form (`http://host/path`) or `*` (RFC 9112 3.2).
const REQUEST_LINE = /^([A-Z]+)[ \t]+(\/\S*|\*|[a-z][a-z0-9+.-]*:\/\/\S+)(?:[ \t]+HTTP\/\d(?:\.\d)?)?$/;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Where a sample came from, for the one-line error when it is not one (a file name, `stdin`). */
export interface SampleSource {
  name: string;
  /** What to do instead, e.g. `pass --body x.bin to check a bare body`. */
  fix: string;
}

const notASample = (source: SampleSource, why: string): KitError =>
  new KitError('E_USAGE', `${source.name} is not a request in the samples format (${why}; expected a request line like \`POST /path HTTP/1.1\`, header lines, a blank line, the body); ${source.fix}`);

/**
 * Parses a sample file: request line, header lines, a blank line, then the raw body bytes
 * up to end of file (no trailing newline is added or removed). Lines may end in LF or CRLF.
 * Anything else (a bare body, a binary file) is a usage error naming `source` and its fix.
 */
export function parseHttpSample(file: Buffer, source: SampleSource = { name: 'the sample', fix: 'compare it with the files in samples/' }): RawRequest {
  const sep = findHeaderEnd(file);
  const head = file.subarray(0, sep.index).toString('latin1');
  const body = Buffer.from(file.subarray(sep.index + sep.length));
  const lines = head.split(LINE_END);
  const requestLine = lines.shift() ?? '';
  const m = REQUEST_LINE.exec(requestLine.trim());
  if (!m) throw notASample(source, 'its first line is not a request line');
  const headers: Array<[string, string]> = [];
  for (const [i, line] of lines.entries()) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0 || !HEADER_NAME.test(line.slice(0, colon).trim())) throw notASample(source, `line ${i + 2} is not a header \`Name: value\``);
    // Header bytes are latin1 on the wire; keep them byte-for-byte.
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return { method: m[1]!, url: m[2]!, headers, body };
}

function findHeaderEnd(file: Buffer): { index: number; length: number } {
  const crlf = file.indexOf('\r\n\r\n');
  const lf = file.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { index: crlf, length: 4 };
  if (lf >= 0) return { index: lf, length: 2 };
  return { index: file.length, length: 0 };
}

/** The inverse of parseHttpSample (LF line ends, body verbatim). */
export function serializeHttpSample(req: RawRequest): Buffer {
  const head = [`${req.method} ${req.url} HTTP/1.1`, ...req.headers.map(([k, v]) => `${k}: ${v}`)].join('\n');
  return Buffer.concat([Buffer.from(`${head}\n\n`, 'latin1'), req.body]);
}

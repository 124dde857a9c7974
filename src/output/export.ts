import { KitError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { absoluteUrl, headerValue, isHttpUrl, relayHeaders } from '../core/raw-request.js';
import type { CaptureView } from '../capture/view.js';
import { maskedBytes, redactor } from '../core/redact.js';
import { captureJson } from './ndjson.js';


/** The URL a capture was sent to, or retargeted at `baseUrl` (scheme://host:port, checked). */
function exportUrl(view: CaptureView, baseUrl?: string): string {
  if (baseUrl !== undefined && !isHttpUrl(baseUrl)) {
    throw new KitError('E_USAGE', `--base-url ${JSON.stringify(baseUrl)} is not an http(s) origin; pass e.g. --base-url http://localhost:3000`);
  }
  return absoluteUrl(view.record, baseUrl);
}

/** A HAR 1.2 document (readable by browser devtools) of the given captures. */
export function harDocument(views: CaptureView[], baseUrl?: string, showUrl: (url: string) => string = (u) => u): Record<string, unknown> {
  return {
    log: {
      version: '1.2',
      creator: { name: 'webhook-kit', version: VERSION },
      entries: views.map((v) => harEntry(v, baseUrl, showUrl)),
    },
  };
}

function harEntry(view: CaptureView, baseUrl: string | undefined, showUrl: (url: string) => string): Record<string, unknown> {
  const { record: r, inspection: i } = view;
  const isText = i.body.kind !== 'binary' && i.body.text !== null;
  const mimeType = i.body.contentType ?? 'application/octet-stream';
  const url = exportUrl(view, baseUrl);
  const answer = r.answer;
  const answerType = answer ? (headerValue(answer.headers, 'content-type') ?? 'text/plain') : 'text/plain';
  return {
    startedDateTime: new Date(r.receivedAt).toISOString(),
    time: 0,
    request: {
      method: r.method,
      url: showUrl(url),
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: r.headers.map(([name, value]) => ({ name, value })),
      queryString: [...new URL(url).searchParams].map(([name, value]) => ({ name, value })),
      ...(r.body.length
        ? {
            postData: isText
              ? { mimeType, text: i.body.text ?? '' }
              : // HAR has no encoding field on postData; base64 goes in a custom (underscore) field.
                { mimeType, text: '', _base64: r.body.toString('base64') },
          }
        : {}),
      headersSize: -1,
      bodySize: r.body.length,
      comment: `webhook-kit capture ${r.id}${r.truncated ? ' (body truncated)' : ''}`,
    },
    response: {
      status: answer?.status ?? 0,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: (answer?.headers ?? []).map(([name, value]) => ({ name, value })),
      content: {
        size: answer?.body.length ?? 0,
        mimeType: answerType,
        text: answer?.body.toString('base64') ?? '',
        encoding: 'base64',
      },
      redirectURL: '',
      headersSize: -1,
      bodySize: answer?.body.length ?? 0,
    },
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
    _webhookKit: captureJson(view),
  };
}

/** Single-quoted for POSIX shells. */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** A printf format string that prints exactly `bytes` (octal escapes for anything unsafe). */
function printfBytes(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (b >= 0x20 && b < 0x7f && ch !== '\\' && ch !== "'" && ch !== '%') out += ch;
    else out += `\\${b.toString(8).padStart(3, '0')}`;
  }
  return out;
}

/**
 * One shell word that is exactly these header bytes (stored as latin1, one char a byte): quoted
 * when printable ASCII, else built by printf from octal escapes. Written as text, a UTF-8 value
 * would leave as different bytes (and its C1 bytes would reach the terminal).
 */
function shellBytes(s: string): string {
  return /^[\x20-\x7e]*$/.test(s) ? shellQuote(s) : `"$(printf '${printfBytes(Buffer.from(s, 'latin1'))}')"`;
}

// Headers curl adds on its own; an empty `-H 'Name:'` removes one the capture did not have.
const CURL_ADDS = ['User-Agent', 'Accept', 'Expect'];

/**
 * A shell command that reproduces the request with curl: method, target, headers and body byte
 * for byte (binary-safe); only Host (the target's), Content-Length and hop-by-hop headers are
 * curl's own. `showUrl` masks the target's credentials for display.
 */
export function curlCommand(view: CaptureView, baseUrl?: string, showUrl: (url: string) => string = (u) => u, secrets: readonly string[] = []): string {
  const r = view.record;
  // Masked part by part before shell escaping: an escaped body (`%` as `\045`) no longer spells
  // the secret the way a text pass over the finished command looks for it.
  const mask = redactor(secrets).text;
  const body = secrets.length ? maskedBytes(r.body, secrets, view.inspection.body.charset) : r.body;
  // --path-as-is: curl would resolve `/smsc/../a` to `/a`; -g: it would read `data[id]` as a range.
  const args = ['curl', '-sS', '-X', shellQuote(r.method), '--path-as-is', '-g'];
  const headers = relayHeaders(r.headers);
  for (const [name, value] of headers) args.push('-H', shellBytes(mask(`${name}: ${value}`)));
  for (const name of CURL_ADDS) if (!headerValue(headers, name)) args.push('-H', shellQuote(`${name}:`));
  // Without this, curl adds its own form content type to a body that had none.
  if (r.body.length && !headerValue(r.headers, 'content-type')) args.push('-H', shellQuote('Content-Type:'));
  if (body.length) args.push('--data-binary', '@-');
  args.push(shellQuote(mask(showUrl(exportUrl(view, baseUrl)))));
  const curl = args.join(' ');
  return body.length ? `printf '${printfBytes(body)}' | ${curl}` : curl;
}

import { charsetFromQuery, isKnownCharset } from '../core/charset.js';
import { decodeForm, formBytes, guessFormCharset } from '../core/form.js';
import { splitUrl } from '../core/raw-request.js';
import { redactor, urlSecrets } from '../output/redact.js';
import { inspect, type InspectOptions, type Inspection } from '../providers/inspect.js';
import { flagsFor, type Flag } from './correlate.js';
import type { CaptureRecord, Store } from './store.js';

/** A capture with everything decoded from it; what every output draws from. */
export interface CaptureView {
  record: CaptureRecord;
  inspection: Inspection;
  /** Per decoded event: duplicate / out-of-order / impossible, against earlier captures. */
  flags: Flag[][];
  /** Secrets to mask in every output: the configured ones and any the request carries in clear. */
  secrets: string[];
}

/** Shortest clear-text secret taken from a request (rather than configured) that is masked. */
export const MIN_REQUEST_SECRET = 4;
/** Secrets in clear taken from one request, at most (the rest are the sender's own noise). */
export const MAX_REQUEST_SECRETS = 4;

/** The configured secrets plus those the provider finds in clear in the request. */
export function secretsOf(record: CaptureRecord, inspection: Inspection, configured: Readonly<Record<string, string>> = {}): string[] {
  let inRequest: string[] = [];
  try {
    inRequest = inspection.provider?.secretsIn?.(record, inspection.body) ?? [];
  } catch {
    inRequest = [];
  }
  // A clear-text "secret" of a few characters from an arbitrary request would mask every
  // occurrence of those characters (ids included): mask those only when configured.
  // A real request carries one; a hostile one could carry thousands, each one more pass over the output.
  const fromRequest = [...new Set(inRequest.filter((v) => v.length >= MIN_REQUEST_SECRET))].slice(0, MAX_REQUEST_SECRETS);
  // The app's URL (--forward-to, replay --to) may carry a password or a token of the user's own.
  const forwardUrl = (record.forward as { url?: unknown } | null | undefined)?.url;
  const inUrl = typeof forwardUrl === 'string' ? urlSecrets(forwardUrl).filter((v) => v.length >= MIN_REQUEST_SECRET) : [];
  return inUrl.length ? [...Object.values(configured), ...fromRequest, ...inUrl] : [...Object.values(configured), ...fromRequest];
}

/** Decodes a stored capture (decoding is recomputed from raw bytes, never stored). */
export function viewCapture(record: CaptureRecord, opts: Omit<InspectOptions, 'truncatedFrom'> & { store?: Store } = {}): CaptureView {
  const truncatedFrom = record.truncated ? record.size : undefined;
  const inspection = inspect(record, { secrets: opts.secrets, truncatedFrom });
  const flags = opts.store ? flagsFor(opts.store, inspection.provider, inspection.decoded, record.seq) : [];
  return { record, inspection, flags, secrets: secretsOf(record, inspection, opts.secrets) };
}

/** Query parameters as an object, read in the same charset rules as bodies. */
export function queryObject(url: string): Record<string, unknown> {
  const rawQuery = splitUrl(url).rawQuery;
  if (rawQuery === '') return {};
  const raw = Buffer.from(rawQuery, 'latin1');
  const declared = charsetFromQuery(rawQuery);
  const form = formBytes(raw);
  const charset = declared && isKnownCharset(declared) ? declared : guessFormCharset(form);
  return decodeForm(form, charset).fields;
}

/**
 * The NDJSON object of a capture. Keys are a contract (listen --json, list --json,
 * show --json, export ndjson): add keys, never rename.
 */
export function captureJson(view: CaptureView): Record<string, unknown> {
  const { record: r, inspection: i } = view;
  return redactor(view.secrets).deep({
    type: 'capture',
    id: r.id,
    receivedAt: new Date(r.receivedAt).toISOString(),
    method: r.method,
    path: splitUrl(r.url).path,
    url: r.url,
    query: queryObject(r.url),
    headers: r.headers,
    remote: r.remote,
    contentType: i.body.contentType,
    charset: i.body.charset,
    size: r.size ?? r.body.length,
    truncated: r.truncated,
    parseError: i.body.parseError,
    fields: i.body.fields ?? null,
    provider: i.provider?.id ?? null,
    // Object.assign, not `{ ...e, flags }`: keys added to a spread copy are slow in Node 20's V8.
    events: (i.decoded?.events ?? []).map((e, n) => Object.assign({}, e, { flags: view.flags[n] ?? [] })),
    problems: i.decoded?.problems ?? [],
    signature: { state: i.signature.state, detail: i.signature.detail },
    answer: r.answer ? { status: r.answer.status, body: r.answer.body.toString('utf8') } : null,
    replayOf: r.replayOf,
    ...(r.forward ? { forward: r.forward } : {}),
  });
}

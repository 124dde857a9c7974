import type { CaptureView } from '../capture/view.js';
import { charsetFromQuery, isKnownCharset } from '../core/charset.js';
import { decodeForm, formBytes, guessFormCharset } from '../core/form.js';
import { splitUrl } from '../core/raw-request.js';
import { redactor } from '../core/redact.js';
import { toSafeJson } from '../core/safe-text.js';

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
    // What the gateway called (listen --tunnel/--public-url), stored with the capture (schema v6).
    ...(r.publicUrl ? { publicUrl: r.publicUrl } : {}),
  });
}

/** A capture's NDJSON line: listen --json, list/show/export --json and the inspector's download. */
export function captureJsonLine(view: CaptureView): string {
  return toSafeJson(captureJson(view));
}

/** The NDJSON line listen prints once it is bound (keys are a contract, like captureJson's). */
export function readyJson(ready: { url: string; store: string; publicUrl?: string | null; inspector?: string | null }): string {
  return toSafeJson({ type: 'ready', url: ready.url, store: ready.store, publicUrl: ready.publicUrl ?? null, inspector: ready.inspector ?? null });
}

import { parseBody } from '../core/body.js';
import { KitError } from '../core/errors.js';
import { absoluteUrl, headerValue, relayHeaders, splitUrl, type RawRequest } from '../core/raw-request.js';
import type { EncodeOptions } from '../core/types.js';
import { sendOnce } from '../http/send-once.js';
import { inspect } from '../providers/inspect.js';
import { judgeAppAnswer, type ForwardResult } from './forward.js';
import type { CaptureRecord, Store } from './store.js';

export interface ReplayOptions {
  /** Where to send: a URL with a path is used exactly; a bare origin gets the original path and query. */
  to?: string;
  /** Field overrides, re-encoded in the provider's format and charset. */
  set?: Record<string, string>;
  /** Like `set`, for fields the capture may not have (`--add`, and what `--edit` added). */
  add?: Record<string, string>;
  /** Re-sign (SMSC.ru) or refill the shared secret (Zender) with this secret. */
  resignWith?: string;
  timeoutMs: number;
  /** Told what an edit's charset could not carry (EncodeOptions.onLoss). */
  onLoss?: EncodeOptions['onLoss'];
  /** Called once the edited request is built (its fields accepted), before it is sent. */
  onBuilt?: (request: RawRequest) => void;
}

/** What a replay did; the replay is stored linked to its original unless the target was unreachable. */
export interface ReplayOutcome {
  request: RawRequest;
  /** The one record of this replay: the listener's capture when a listener on this store got it, else replay's own. */
  stored: CaptureRecord;
  /** True when `stored` is the capture a listener on the same store made of it (replay then stored nothing itself). */
  heard: boolean;
  result: ForwardResult;
}

/** The newest capture's seq (0 in an empty store): a replay's capture by a listener comes after it. */
function lastSeq(store: Store): number {
  return store.list({ limit: 1 })[0]?.seq ?? 0;
}

/**
 * The capture a listener writing to this same store made of `request` (it stores before it
 * answers, so it is there once the answer is): after `afterSeq`, marked as a replay of
 * `originalId`, with the same method and bytes. Null when the target was not such a listener.
 */
function heardBy(store: Store, afterSeq: number, originalId: string, request: RawRequest): CaptureRecord | null {
  let before: number | undefined;
  for (;;) {
    const page = store.list({ limit: 50, beforeSeq: before });
    for (const r of page) {
      if (r.seq <= afterSeq) return null;
      if (r.replayOf === originalId && r.remote !== 'replay' && r.method === request.method && r.body.equals(request.body)) return r;
    }
    if (page.length < 50) return null;
    before = page[page.length - 1]!.seq;
  }
}

/** The URL a replay goes to (see ReplayOptions.to); by default where the original was sent. */
export function replayUrl(original: CaptureRecord, to: string | undefined): string {
  if (!to) return absoluteUrl(original);
  const u = new URL(to);
  return u.pathname === '/' && !u.search ? absoluteUrl(original, u.origin) : to;
}

/** The request to replay: byte-exact, or re-encoded by the provider when fields change. */
export function buildReplay(original: CaptureRecord, opts: ReplayOptions): RawRequest {
  if (original.truncated) {
    // The rest of the body was never stored: sending the part would be a request nobody made.
    throw new KitError('E_USAGE', `capture ${original.id} was stored truncated (${original.body.length} of ${original.size ?? 'unknown'} bytes), so it cannot be replayed; send the full request again, e.g. with \`webhook-kit send\``);
  }
  const url = replayUrl(original, opts.to);
  const marker: [string, string] = ['X-Webhook-Kit-Replay-Of', original.id];
  const edits = Object.keys(opts.set ?? {}).length > 0 || Object.keys(opts.add ?? {}).length > 0 || opts.resignWith !== undefined;
  if (!edits) return { method: original.method, url, headers: [...relayHeaders(original.headers), marker], body: original.body };
  const { provider } = inspect(original);
  if (!provider) throw new KitError('E_USAGE', `capture ${original.id} is from no known provider, so it cannot be re-encoded; replay it without --set/--resign`);
  const encoded = provider.encode(original, url, { set: opts.set, add: opts.add, secret: opts.resignWith, onLoss: opts.onLoss });
  if (opts.resignWith !== undefined) {
    // What the provider's own check makes of the result says whether there was anything to sign.
    const check = provider.verify(encoded, parseBody(encoded), opts.resignWith);
    if (check.state !== 'valid') throw new KitError('E_USAGE', `--resign: ${provider.name} callbacks carry no signature or secret that --resign can fill in (checked after re-encoding: ${check.state}); drop --resign and --secret`);
  }
  const type = headerValue(encoded.headers, 'content-type');
  const kept = relayHeaders(original.headers).filter(([k]) => k.toLowerCase() !== 'content-type');
  return { ...encoded, headers: [...kept, ...(type ? [['Content-Type', type] as [string, string]] : []), marker] };
}

/** Sends a replay, judges the answer by the provider's rule and stores it linked to the original. */
export async function replayCapture(store: Store, original: CaptureRecord, opts: ReplayOptions): Promise<ReplayOutcome> {
  const request = buildReplay(original, opts);
  opts.onBuilt?.(request);
  const since = lastSeq(store);
  const r = await sendOnce(request, opts.timeoutMs);
  if (r.error?.kind === 'unreachable') {
    // No flag named here: the TUI's `r` replays too; `webhook-kit replay` adds its --to hint.
    throw new KitError('E_UNREACHABLE', `${r.error.text}; nothing was replayed`);
  }
  // Judge by the original's provider, decoding what was actually sent (it may be edited).
  const base = inspect(original);
  const body = parseBody(request);
  const decoded = base.provider ? base.provider.decode(request, body) : null;
  const { verdict, accepted } = judgeAppAnswer(r, request, { ...base, body, decoded });
  const result: ForwardResult = {
    url: request.url,
    status: r.response?.status ?? null,
    latencyMs: Math.round(r.latencyMs * 10) / 10,
    verdict,
    accepted,
    error: r.error?.text ?? null,
    errorKind: r.error?.kind ?? null,
  };
  // A listener on this store has recorded what it received: a second record of the same
  // request would count its statuses twice (issue #19).
  const heard = r.response ? heardBy(store, since, original.id, request) : null;
  if (heard) return { request, stored: heard, heard: true, result };
  const { path, rawQuery } = splitUrl(request.url);
  const stored = store.insert({
    method: request.method,
    url: rawQuery ? `${path}?${rawQuery}` : path,
    headers: [['Host', new URL(request.url).host], ...request.headers],
    body: request.body,
    receivedAt: Date.now(),
    remote: 'replay',
    size: request.body.length,
    truncated: false,
    answer: r.response,
    replayOf: original.id,
    forward: result,
  });
  return { request, stored, heard: false, result };
}

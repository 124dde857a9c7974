import { headerValue, relayHeaders, splitUrl, type RawRequest, type RawResponse } from '../core/raw-request.js';
import { plainText } from '../core/provider-http.js';
import { sendOnce, type HttpResult } from '../http/send-once.js';
import type { Inspection } from '../providers/inspect.js';
import { consequence, judgeExchange } from '../providers/judge.js';
import type { ForwardResult } from './forward-result.js';

export type { ForwardResult } from './forward-result.js';

export type PathMode = 'keep' | 'replace';

export interface ForwardOptions {
  target: string;
  /** keep: target + received path and query; replace: the target URL exactly. */
  pathMode: PathMode;
  timeoutMs: number;
}

/** Where a captured request goes: the target, plus the received path and query in keep mode. */
export function forwardUrl(target: string, received: string, mode: PathMode): string {
  if (mode === 'replace') return target;
  const { path, rawQuery } = splitUrl(received);
  const base = targetParts(target);
  const joined = `${base.path}${path}`;
  const query = base.query && rawQuery ? `${base.query}&${rawQuery}` : base.query || rawQuery;
  return `${base.origin}${joined}${query ? `?${query}` : ''}`;
}

// A listener relays to one target: parse it once, not per capture.
let lastTarget: { target: string; origin: string; path: string; query: string } | undefined;
function targetParts(target: string): { origin: string; path: string; query: string } {
  if (lastTarget?.target !== target) {
    const u = new URL(target);
    lastTarget = { target, origin: u.origin, path: u.pathname.replace(/\/+$/, ''), query: u.search.slice(1) };
  }
  return lastTarget;
}

/** Names the capture a relayed request comes from (README, `--forward-to`). */
export const CAPTURE_HEADER = 'X-Webhook-Kit-Capture';

/** The request to relay: same method, headers (minus hop-by-hop) and the exact raw body bytes. */
export function relayRequest(raw: RawRequest, url: string, captureId: string): RawRequest {
  return { method: raw.method, url, headers: [...relayHeaders(raw.headers), [CAPTURE_HEADER, captureId]], body: raw.body };
}

/**
 * The captures a listener is relaying right now. A request that arrives carrying one of their
 * ids in its capture header is this listener's own relay come back (a --forward-to that leads
 * here through a name, a proxy or another listener): relaying it again would loop until the
 * headers overflow. Every value counts: each listener in a chain adds its own header.
 */
export class RelaysInFlight {
  private readonly ids = new Set<string>();

  /** The id of this listener's capture the request is a relay of, or null. */
  ownRelay(headers: ReadonlyArray<readonly [string, string]>): string | null {
    const name = CAPTURE_HEADER.toLowerCase();
    for (const [k, v] of headers) {
      if (k.toLowerCase() !== name) continue;
      for (const id of v.split(',')) if (this.ids.has(id.trim())) return id.trim();
    }
    return null;
  }

  /** Runs `relay` with `id` counted as in flight. */
  async during<T>(id: string, relay: () => Promise<T>): Promise<T> {
    this.ids.add(id);
    try {
      return await relay();
    } finally {
      this.ids.delete(id);
    }
  }
}

/** The answer to this listener's own relay come back: 508 Loop Detected (RFC 5842 7.2), not relayed. */
export const loopAnswer = (id: string): RawResponse =>
  plainText(508, `webhook-kit: this request is this listener's own relay of capture ${id}: --forward-to leads back to this listener, so it is not relayed again; point --forward-to at your app\n`);

/** Judges the app's answer by the detected provider's rule (providers/judge.ts), in words about the app. */
export function judgeAppAnswer(result: HttpResult, req: RawRequest, inspection: Inspection): { verdict: string; accepted: boolean | null } {
  const { provider, decoded } = inspection;
  const j = judgeExchange(provider, req, decoded, result);
  // No answer to judge (accepted stays null), but the provider's rule still says what happens next.
  if (j.basis === 'no-answer') return { verdict: provider ? `${j.reason}; ${provider.name} would ${consequence(provider)}` : j.reason, accepted: null };
  // The provider sets no timeout (Zender): late is not lost, and there is still no answer to judge.
  if (j.basis === 'slow') return { verdict: `your app ${j.reason}`, accepted: null };
  if (j.basis !== 'rule' || !provider) return { verdict: `your app ${j.reason}`, accepted: j.accepted };
  return { verdict: j.accepted ? `${provider.name} would count this as received: ${j.reason}` : `${provider.name} would ${consequence(provider)}: ${j.reason}`, accepted: j.accepted };
}

/**
 * Relays a stored capture to the user's app, counted in `inFlight` while it is out; never throws.
 * `stop` ends a relay still waiting on the app (listen stopping): its result says so (errorKind
 * `interrupted`).
 */
export async function forwardCapture(
  raw: RawRequest,
  captureId: string,
  inspection: Inspection,
  opts: ForwardOptions,
  answerLimit: number,
  inFlight = new RelaysInFlight(),
  stop?: AbortSignal,
): Promise<{ result: ForwardResult; answer: RawResponse }> {
  const url = forwardUrl(opts.target, raw.url, opts.pathMode);
  const req = relayRequest(raw, url, captureId);
  const r = await inFlight.during(captureId, () => sendOnce(req, opts.timeoutMs, answerLimit, undefined, stop));
  const { verdict, accepted } = judgeAppAnswer(r, raw, inspection);
  const result: ForwardResult = {
    url,
    status: r.response?.status ?? null,
    latencyMs: Math.round(r.latencyMs * 10) / 10,
    verdict,
    accepted,
    error: r.error?.text ?? (r.cut ? `your app's answer is larger than ${answerLimit} bytes` : null),
    errorKind: r.error?.kind ?? (r.cut ? 'too-large' : null),
  };
  let answer: RawResponse;
  if (r.response && !r.cut) answer = { status: r.response.status, headers: answerHeaders(r.response.headers, raw.method), body: r.response.body };
  else {
    const status = r.error?.kind === 'timeout' ? 504 : 502;
    answer = plainText(status, `webhook-kit: ${result.error ?? 'bad answer from your app'}\n`);
  }
  return { result, answer };
}

/** The app's answer headers to pass back: hop-by-hop ones dropped, and Content-Length too but for HEAD (its body was never sent). */
function answerHeaders(headers: Array<[string, string]>, method: string): Array<[string, string]> {
  const kept = relayHeaders(headers);
  if (method !== 'HEAD') return kept;
  const length = headerValue(headers, 'content-length');
  return length === undefined ? kept : [...kept, ['Content-Length', length]];
}

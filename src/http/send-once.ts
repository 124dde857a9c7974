import { Agent, type Dispatcher } from 'undici';
import type { HttpResult } from '../core/exchange.js';
import { requestTarget, type RawRequest } from '../core/raw-request.js';
import { describeHttpError } from './http-error.js';

/** How much of an answer body is kept; the rest is read no further (a 1 GB answer stays cheap). */
export const ANSWER_LIMIT = 64 * 1024;

export type { HttpResult } from '../core/exchange.js';

/** Why an exchange was abandoned on purpose (not an error of the endpoint's). */
class Stop extends Error {}

/**
 * Sends one request with undici; never throws. `timeoutMs` bounds the whole exchange, not just
 * each wait: undici's own timeouts are per idle gap, so an endpoint trickling a byte a second
 * would otherwise hold a send, relay or replay open for ever.
 *
 * Built on undici's dispatch handler API rather than request(): no body stream, AbortSignal or
 * promise per chunk, which made a relayed capture or a send burst cost about twice the CPU.
 */
/**
 * Our own agent rather than the global dispatcher: Node's built-in fetch installs its bundled
 * (older) undici there when something loads first (ink's yoga-layout does), and that one does
 * not take this handler API.
 */
let agent: Agent | undefined;

/** How an exchange ends early on `signal` (listen stopping while a relay waits on the app). */
export const INTERRUPTED = 'listen stopped before your app answered';

export function sendOnce(
  req: RawRequest,
  timeoutMs: number,
  answerLimit = ANSWER_LIMIT,
  dispatcher: Dispatcher = (agent ??= new Agent()),
  signal?: AbortSignal,
): Promise<HttpResult> {
  const t0 = performance.now();
  return new Promise<HttpResult>((resolve) => {
    let settled = false;
    let controller: Dispatcher.DispatchController | null = null;
    let status = 0;
    let headers: Array<[string, string]> = [];
    const chunks: Buffer[] = [];
    let kept = 0;
    let cut = false;
    const settle = (r: Omit<HttpResult, 'latencyMs'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // A literal, not `{ ...r, latencyMs }`: keys added to a spread copy are slow in Node 20's V8.
      resolve({ response: r.response, latencyMs: performance.now() - t0, error: r.error, cut: r.cut });
    };
    const answer = (): void => settle({ response: { status, headers, body: Buffer.concat(chunks, kept) }, error: null, cut });
    const fail = (e: unknown): void => settle({ response: null, error: describeHttpError(e, req.url, timeoutMs), cut: false });
    const timer = setTimeout(() => {
      settle({ response: null, error: { kind: 'timeout', text: `no complete answer within ${timeoutMs / 1000} s` }, cut: false });
      controller?.abort(new Stop('deadline'));
    }, timeoutMs);
    // Ends the exchange now, its timer and its connection with it: nothing is left to hold the process.
    const onAbort = (): void => {
      settle({ response: null, error: { kind: 'interrupted', text: INTERRUPTED }, cut: false });
      controller?.abort(new Stop('interrupted'));
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        // The deadline passed (or listen stopped) while the request waited for a connection.
        if (settled) c.abort(new Stop('deadline'));
      },
      onResponseStart(_c, statusCode, h) {
        status = statusCode;
        headers = [];
        for (const [k, v] of Object.entries(h)) {
          if (v === undefined) continue;
          if (Array.isArray(v)) for (const x of v) headers.push([k, x]);
          else headers.push([k, String(v)]);
        }
      },
      onResponseData(c, chunk) {
        if (kept + chunk.length > answerLimit) {
          chunks.push(chunk.subarray(0, answerLimit - kept));
          kept = answerLimit;
          cut = true;
          answer();
          c.abort(new Stop('answer limit'));
          return;
        }
        chunks.push(chunk);
        kept += chunk.length;
      },
      onResponseEnd() {
        answer();
      },
      onResponseError(_c, e) {
        if (!(e instanceof Stop)) fail(e);
      },
    };
    if (settled) return;
    try {
      const url = new URL(req.url);
      dispatcher.dispatch(
        {
          origin: url.origin,
          path: requestTarget(url, req.url),
          method: req.method as Dispatcher.HttpMethod,
          headers: req.headers.flat(),
          body: req.body.length || req.method !== 'GET' ? req.body : null,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        },
        handler,
      );
    } catch (e) {
      fail(e);
    }
  });
}

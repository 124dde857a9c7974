import { request } from 'undici';
import type { RawRequest, RawResponse } from '../core/raw-request.js';
import { describeHttpError } from './http-error.js';

/** How much of an answer body is kept; the rest is read no further (a 1 GB answer stays cheap). */
export const ANSWER_LIMIT = 64 * 1024;

export interface HttpResult {
  response: RawResponse | null;
  latencyMs: number;
  error: { kind: 'unreachable' | 'timeout' | 'reset' | 'tls' | 'other'; text: string } | null;
  /** The answer body was cut at the answer limit. */
  cut: boolean;
}

/**
 * Sends one request with undici; never throws. `timeoutMs` bounds the whole exchange, not just
 * each wait: undici's own timeouts are per idle gap, so an endpoint trickling a byte a second
 * would otherwise hold a send, relay or replay open for ever.
 */
export async function sendOnce(req: RawRequest, timeoutMs: number, answerLimit = ANSWER_LIMIT): Promise<HttpResult> {
  const t0 = performance.now();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  try {
    const res = await request(req.url, {
      method: req.method as 'POST',
      headers: req.headers.map(([k, v]) => [k, v]).flat(),
      body: req.body.length || req.method !== 'GET' ? req.body : undefined,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: deadline.signal,
    });
    const chunks: Buffer[] = [];
    let kept = 0;
    let cut = false;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      if (kept + chunk.length > answerLimit) {
        chunks.push(chunk.subarray(0, answerLimit - kept));
        cut = true;
        res.body.destroy();
        break;
      }
      chunks.push(chunk);
      kept += chunk.length;
    }
    const headers: Array<[string, string]> = Object.entries(res.headers).flatMap(([k, v]) =>
      v === undefined ? [] : Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, String(v)] as [string, string]],
    );
    return { response: { status: res.statusCode, headers, body: Buffer.concat(chunks) }, latencyMs: performance.now() - t0, error: null, cut };
  } catch (e) {
    const error = deadline.signal.aborted ? { kind: 'timeout' as const, text: `no complete answer within ${timeoutMs / 1000} s` } : describeHttpError(e, req.url, timeoutMs);
    return { response: null, latencyMs: performance.now() - t0, error, cut: false };
  } finally {
    clearTimeout(timer);
  }
}

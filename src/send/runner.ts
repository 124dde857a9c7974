import { setTimeout as sleep } from 'node:timers/promises';
import { parseBody } from '../core/body.js';
import type { RawRequest } from '../core/raw-request.js';
import type { AckVerdict, Provider } from '../core/types.js';
import { sendOnce, type HttpResult } from '../http/send-once.js';
import { judgeExchange, type Judgement } from '../providers/judge.js';

/** One delivery attempt as the provider would make it, and how the provider judged the answer. */
export interface Attempt {
  n: number;
  /** Milliseconds since the first attempt started. */
  offsetMs: number;
  request: RawRequest;
  result: HttpResult;
  /** The provider's verdict; `basis` says what it rests on (judge.ts), e.g. `slow` for a provider that waits for ever. */
  verdict: AckVerdict & Partial<Pick<Judgement, 'basis'>>;
}

export interface RunOptions {
  provider: Provider;
  request: RawRequest;
  /** Delays before attempts 2..n (see plan.ts). */
  delays: number[];
  timeoutMs: number;
  /** Called as each attempt finishes, and before each wait. */
  onAttempt?: (a: Attempt, nextDelayMs: number | null) => void;
}

/** Plays the provider's delivery and retry rules against the endpoint; resolves with every attempt. */
export async function runDelivery(opts: RunOptions): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  const started = performance.now();
  let req = opts.request;
  // Decoded once per request sent, not per attempt: it only changes when narrowed.
  let decoded = opts.provider.decode(req, parseBody(req));
  for (let n = 1; n <= opts.delays.length + 1; n++) {
    const offsetMs = performance.now() - started;
    const result = await sendOnce(req, opts.timeoutMs);
    const verdict = judgeExchange(opts.provider, req, decoded, result);
    const attempt: Attempt = { n, offsetMs, request: req, result, verdict };
    attempts.push(attempt);
    const last = verdict.accepted || n > opts.delays.length;
    opts.onAttempt?.(attempt, last ? null : opts.delays[n - 1]!);
    if (last) break;
    // Per-message providers (Webcom Mobi) re-send only what was not acknowledged.
    if (opts.provider.retry.perMessage && opts.provider.narrow && verdict.unacknowledged.length) {
      req = opts.provider.narrow(req, verdict.unacknowledged);
      decoded = opts.provider.decode(req, parseBody(req));
    }
    await sleep(opts.delays[n - 1]!);
  }
  return attempts;
}

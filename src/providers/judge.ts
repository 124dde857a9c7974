import type { HttpResult } from '../core/exchange.js';
import type { RawRequest } from '../core/raw-request.js';
import type { AckVerdict, Decoded, Provider } from '../core/types.js';

/** A verdict on one exchange, and what it rests on: no answer, a slow one, an oversized one, no rule, or the provider's rule. */
export interface Judgement extends AckVerdict {
  basis: 'no-answer' | 'slow' | 'too-large' | 'no-provider' | 'rule';
}

/**
 * An answer this late is called slow where the provider waits for ever (docs/providers.md#zender-c1):
 * it still arrives, but the sender is held that long.
 */
export const SLOW_ANSWER_MS = 5_000;

const idsOf = (decoded: Decoded | null): string[] => (decoded?.events ?? []).map((e) => e.messageId).filter((x): x is string => x !== null);

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * Judges what an endpoint answered to `req` by the provider's rule: the one judge behind
 * `send`'s attempts, `listen --forward-to`'s verdicts and `replay`.
 */
export function judgeExchange(provider: Provider | null, req: RawRequest, decoded: Decoded | null, result: HttpResult): Judgement {
  const waitsForever = provider?.retry.waitsForever === true;
  if (!result.response) {
    if (waitsForever && result.error?.kind === 'timeout') {
      // Our wait ran out, the provider's would not: the callback is late, not lost.
      const reason = `had not answered after ${seconds(result.latencyMs)}, when webhook-kit stopped waiting (--timeout sets how long): slow, not lost: ${provider!.name} sets no timeout and would still be waiting, holding its sender until you answer`;
      return { basis: 'slow', accepted: false, reason, unacknowledged: idsOf(decoded) };
    }
    return { basis: 'no-answer', accepted: false, reason: result.error?.text ?? 'no answer', unacknowledged: idsOf(decoded) };
  }
  const { status, body } = result.response;
  if (result.cut) {
    // A gateway waits for a short acknowledgement; an endless or huge answer is not one.
    const reason = `answered ${status} with a body over ${body.length} bytes (read no further): not an acknowledgement a gateway would wait for`;
    return { basis: 'too-large', accepted: false, reason, unacknowledged: idsOf(decoded) };
  }
  if (!provider || !decoded) {
    return { basis: 'no-provider', accepted: status >= 200 && status < 300, reason: `answered ${status} (no provider recognised, so no provider rule to judge by)`, unacknowledged: [] };
  }
  const verdict: Judgement = { basis: 'rule', ...provider.judge(result.response, req, decoded) };
  if (waitsForever && result.latencyMs >= SLOW_ANSWER_MS) {
    verdict.reason += `; it took ${seconds(result.latencyMs)}: slow (${provider.name} waits with no timeout, so it arrived, but its sender was held that long)`;
  }
  return verdict;
}

/** What the provider does with a callback it counts as not received: its retry rule in words. */
export const consequence = (provider: Provider): string => (provider.retry.attempts > 1 ? 'send this again' : 'not send this again: it would be lost');

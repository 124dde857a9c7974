import type { HttpResult } from '../core/exchange.js';
import type { RawRequest } from '../core/raw-request.js';
import type { AckVerdict, Decoded, Provider } from '../core/types.js';

/** A verdict on one exchange, and what it rests on: no answer, an oversized one, no rule, or the provider's rule. */
export interface Judgement extends AckVerdict {
  basis: 'no-answer' | 'too-large' | 'no-provider' | 'rule';
}

const idsOf = (decoded: Decoded | null): string[] => (decoded?.events ?? []).map((e) => e.messageId).filter((x): x is string => x !== null);

/**
 * Judges what an endpoint answered to `req` by the provider's rule: the one judge behind
 * `send`'s attempts, `listen --forward-to`'s verdicts and `replay`.
 */
export function judgeExchange(provider: Provider | null, req: RawRequest, decoded: Decoded | null, result: HttpResult): Judgement {
  if (!result.response) return { basis: 'no-answer', accepted: false, reason: result.error?.text ?? 'no answer', unacknowledged: idsOf(decoded) };
  const { status, body } = result.response;
  if (result.cut) {
    // A gateway waits for a short acknowledgement; an endless or huge answer is not one.
    const reason = `answered ${status} with a body over ${body.length} bytes (read no further): not an acknowledgement a gateway would wait for`;
    return { basis: 'too-large', accepted: false, reason, unacknowledged: idsOf(decoded) };
  }
  if (!provider || !decoded) {
    return { basis: 'no-provider', accepted: status >= 200 && status < 300, reason: `answered ${status} (no provider recognised, so no provider rule to judge by)`, unacknowledged: [] };
  }
  return { basis: 'rule', ...provider.judge(result.response, req, decoded) };
}

/** What the provider does with a callback it counts as not received: its retry rule in words. */
export const consequence = (provider: Provider): string => (provider.retry.attempts > 1 ? 'send this again' : 'not send this again: it would be lost');

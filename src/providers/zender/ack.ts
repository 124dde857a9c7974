import { headerValue, type RawResponse } from '../../core/raw-request.js';
import type { AckVerdict, RetryPolicy } from '../../core/types.js';
import { describeAnswer, plainOk } from '../../core/provider-http.js';
import { safePreview } from '../../core/safe-text.js';
import { NAME } from './statuses.js';

/** One attempt per webhook per event, no retries: Zender's sender code (docs/providers.md#zender-ack). */
export const ZENDER_ATTEMPTS = 1;
/**
 * Stock Zender sets no timeout (Guzzle waits for ever); `send` waits this long, then reports the
 * endpoint as slow, not lost; `--timeout` overrides (docs/providers.md#zender-c1).
 */
export const ZENDER_WAIT_CAP_MS = 60_000;

/** Sent once, the answer ignored, no timeout of its own. */
export const RETRY: RetryPolicy = {
  attempts: ZENDER_ATTEMPTS,
  intervalsMs: [],
  timeoutMs: ZENDER_WAIT_CAP_MS,
  waitsForever: true,
  documented: true,
  perMessage: false,
  note: 'one attempt, answer ignored, no retries, no timeout (Zender code); send waits up to 60 s (--timeout)',
};

/** A healthy endpoint answers 200 `OK` at once; Zender reads nothing from it. */
export const answer = (): RawResponse => plainOk();

/**
 * Guzzle's redirect rule (`allow_redirects` on, not strict): 301, 302 and 303 are followed with
 * a GET and an empty body; 307 and 308 re-send the same method and body (docs/providers.md#zender-c8).
 */
const KEEPS_BODY = new Set([307, 308]);

/**
 * Accepted unless it is a redirect: Zender posts with `http_errors => false` and swallows
 * exceptions, but follows a 3xx, so the registered URL never takes the callback.
 */
export function judge(res: RawResponse): AckVerdict {
  if (res.status >= 300 && res.status < 400) {
    const to = headerValue(res.headers, 'location');
    const where = to ? ` to \`${safePreview(to, 60)}\`` : '';
    const then = KEEPS_BODY.has(res.status)
      ? `${NAME} would post the same form again there (a ${res.status} keeps the method and body), to a URL you did not register, and webhook-kit does not follow it`
      : `${NAME} would follow it with a GET without the form, so the payload never arrives at the final URL`;
    return {
      accepted: false,
      reason: `answered ${res.status} (a redirect${where}): ${then}; answer 200 at the URL you registered (docs/providers.md#zender-c8)`,
      unacknowledged: [],
      redirectExplained: true,
    };
  }
  return {
    accepted: true,
    reason: `${describeAnswer(res)}; ${NAME} ignores the answer and never retries`,
    unacknowledged: [],
  };
}

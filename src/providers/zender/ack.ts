import type { RawResponse } from '../../core/raw-request.js';
import type { AckVerdict, RetryPolicy } from '../../core/types.js';
import { describeAnswer, plainOk } from '../../core/provider-http.js';
import { NAME } from './statuses.js';

/** One attempt per webhook per event, no retries: Zender's sender code (docs/providers.md#zender-ack). */
export const ZENDER_ATTEMPTS = 1;
/** Stock Zender sets no timeout (Guzzle waits forever); we use 10 s (docs/providers.md#zender-c1). */
export const ZENDER_TIMEOUT_MS = 10_000;

/** Sent once, the answer ignored. */
export const RETRY: RetryPolicy = {
  attempts: ZENDER_ATTEMPTS,
  intervalsMs: [],
  timeoutMs: ZENDER_TIMEOUT_MS,
  documented: true,
  perMessage: false,
  note: 'one attempt, answer ignored, no retries (Zender code); 10 s timeout assumed',
};

/** A healthy endpoint answers 200 `OK` at once; Zender reads nothing from it. */
export const answer = (): RawResponse => plainOk();

/** Always accepted: Zender posts with `http_errors => false` and swallows exceptions. */
export function judge(res: RawResponse): AckVerdict {
  return {
    accepted: true,
    reason: `${describeAnswer(res)}; ${NAME} ignores the answer and never retries`,
    unacknowledged: [],
  };
}

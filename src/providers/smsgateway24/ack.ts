import type { RawResponse } from '../../core/raw-request.js';
import type { AckVerdict, RetryPolicy } from '../../core/types.js';
import { judgeBy2xx, plainOk } from '../../core/provider-http.js';
import { NAME } from './statuses.js';

/** One attempt, no retries: answer and re-sending are undocumented (docs/providers.md#smsgateway24-c4). */
export const SG24_ATTEMPTS = 1;
/** How long the app waits for an answer: undocumented, 10 s assumed (docs/providers.md#smsgateway24-c4). */
export const SG24_TIMEOUT_MS = 10_000;

/** Sent once; nothing documented about re-sending. */
export const RETRY: RetryPolicy = {
  attempts: SG24_ATTEMPTS,
  intervalsMs: [],
  timeoutMs: SG24_TIMEOUT_MS,
  documented: false,
  perMessage: false,
  note: 'answer and retries undocumented: one attempt and a 10 s timeout assumed',
};

/** A healthy endpoint answers 200 `OK`; the body is not read (assumed). */
export const answer = (): RawResponse => plainOk();

/** Any 2xx is taken as received (assumed, docs/providers.md#smsgateway24-c4). */
export function judge(res: RawResponse): AckVerdict {
  return judgeBy2xx(res, NAME, 'assumed, docs/providers.md#smsgateway24-c4');
}

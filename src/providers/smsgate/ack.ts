import type { RawResponse } from '../../core/raw-request.js';
import type { AckVerdict, RetryPolicy } from '../../core/types.js';
import { judgeBy2xx, plainOk } from '../../core/provider-http.js';
import { NAME } from './statuses.js';

/** A 2xx within 30 s acknowledges (docs/providers.md#smsgate-ack). */
export const SMSGATE_TIMEOUT_MS = 30_000;
/** 14 retries by default (a user setting), the first after 10 s, doubling (docs/providers.md#smsgate-c2). */
export const SMSGATE_RETRIES = 14;
export const SMSGATE_FIRST_RETRY_MS = 10_000;

/** The documented default schedule: 10 s, 20 s, 40 s … (about 2 days in all). */
export const RETRY: RetryPolicy = {
  attempts: SMSGATE_RETRIES + 1,
  intervalsMs: Array.from({ length: SMSGATE_RETRIES }, (_, i) => SMSGATE_FIRST_RETRY_MS * 2 ** i),
  timeoutMs: SMSGATE_TIMEOUT_MS,
  documented: true,
  perMessage: false,
  note: 'documented: a 2xx within 30 s, else 14 retries after 10 s doubling (about 2 days)',
};

/** A healthy endpoint answers 200 at once; the body is not read. */
export const answer = (): RawResponse => plainOk();

/** Any 2xx acknowledges; anything else, or no answer in 30 s, is retried (documented). */
export function judge(res: RawResponse): AckVerdict {
  return judgeBy2xx(res, NAME, 'documented, docs/providers.md#smsgate-ack');
}

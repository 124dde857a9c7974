import type { ParsedBody } from '../../core/body.js';
import type { RawRequest, RawResponse } from '../../core/raw-request.js';
import { isSuccess, plainOk } from '../../core/provider-http.js';
import type { AckVerdict, Decoded, RetryPolicy } from '../../core/types.js';

// docs/providers.md#smsc-c5: no vendor statement on the answer; a plain 200 `OK` and "any 2xx is
// accepted" are our assumptions.

/**
 * docs/providers.md#smsc-c5: re-sending is not documented; third-party handlers assume SMSC re-sends on
 * failure. Recommended default: 3 retries at 1, 5 and 15 minutes, labelled as an assumption.
 */
export const RETRY: RetryPolicy = {
  attempts: 4,
  intervalsMs: [60_000, 300_000, 900_000],
  timeoutMs: 10_000,
  documented: false,
  perMessage: false,
  note: 'assumed: SMSC.ru documents no re-send policy; simulated as 3 retries after 1, 5 and 15 min when the answer is not 2xx or times out',
};

/** What a healthy endpoint answers: 200 with `OK` (the body is assumed to be ignored). */
export function answer(_req: RawRequest, _body: ParsedBody, _decoded: Decoded): RawResponse {
  return plainOk();
}

function failureReason(status: number): string {
  if (status >= 500) return 'the endpoint reported its own failure';
  if (status >= 400) return 'the endpoint rejected the callback';
  if (status >= 300) return 'a redirect is not a success (SMSC.ru is not known to follow it)';
  return 'not a final HTTP status';
}

/** Judges an answer by the assumed rule: any 2xx is accepted, anything else would be re-sent. */
export function judge(res: RawResponse, _req: RawRequest, _decoded: Decoded): AckVerdict {
  if (isSuccess(res.status)) {
    return { accepted: true, reason: `answered ${res.status}: SMSC.ru is assumed to accept any 2xx`, unacknowledged: [] };
  }
  const why = failureReason(res.status);
  return {
    accepted: false,
    reason: `answered ${res.status}, not 2xx: ${why}; SMSC.ru is assumed to send it again`,
    unacknowledged: [],
  };
}

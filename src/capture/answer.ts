import type { RawRequest, RawResponse } from '../core/raw-request.js';
import type { Inspection } from '../providers/inspect.js';

/** How listen answers when the user overrides the provider's expected answer. */
export interface RespondOverride {
  status: number;
}

const text = (status: number, body: string): RawResponse => ({
  status,
  headers: [['Content-Type', 'text/plain; charset=utf-8']],
  body: Buffer.from(body),
});

/**
 * The answer listen sends: 413 for an oversized body, the user's --respond override, else what
 * the detected provider expects of a healthy endpoint (Webcom's id_sms echo), else 200 OK.
 */
export function chooseAnswer(
  req: RawRequest,
  inspection: Inspection,
  opts: { truncated: boolean; maxBody: number; respond?: RespondOverride },
): RawResponse {
  if (opts.truncated) return text(413, `body larger than ${opts.maxBody} bytes: stored truncated\n`);
  if (opts.respond) return text(opts.respond.status, `webhook-kit: answering ${opts.respond.status} as asked (--respond)\n`);
  const { provider, decoded, body } = inspection;
  if (provider && decoded) {
    try {
      return provider.answer(req, body, decoded);
    } catch {
      // Fall through: a provider bug must not turn a stored capture into a failed answer.
    }
  }
  return text(200, 'OK');
}

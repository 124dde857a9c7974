import { plainOk, plainText } from '../core/provider-http.js';
import type { RawRequest, RawResponse } from '../core/raw-request.js';
import type { Inspection } from '../providers/inspect.js';

/** How listen answers when the user wants it to play a particular (or flaky) endpoint. */
export interface RespondOverride {
  /** Always answer this status. */
  status?: number;
  /** Body template: {{messageId}}, {{messageIds}} (comma-separated), {{echo}} (the provider's healthy answer). */
  body?: string;
  /** Wait this long before answering (the capture is already stored). */
  delayMs?: number;
  /** Fraction (0..1) of requests answered with failStatus instead. */
  failRate?: number;
  failStatus?: number;
}


function healthy(req: RawRequest, inspection: Inspection): RawResponse {
  const { provider, decoded, body } = inspection;
  if (provider && decoded) {
    try {
      return provider.answer(req, body, decoded);
    } catch {
      // Fall through: a provider bug must not turn a stored capture into a failed answer.
    }
  }
  return plainOk();
}

/** Fills a --respond-body template from the decoded request. */
export function renderTemplate(template: string, inspection: Inspection, echo: Buffer): string {
  const ids = (inspection.decoded?.events ?? []).flatMap((e) => (e.messageId ? [e.messageId] : []));
  return template
    .replace(/\{\{messageId\}\}/g, ids[0] ?? '')
    .replace(/\{\{messageIds\}\}/g, ids.join(','))
    .replace(/\{\{echo\}\}/g, echo.toString('utf8'));
}

/**
 * The answer listen sends: 413 for an oversized body, a simulated failure (--fail-rate), the
 * user's --respond override, else what the detected provider expects of a healthy endpoint
 * (Webcom's id_sms echo), else 200 OK.
 */
export function chooseAnswer(
  req: RawRequest,
  inspection: Inspection,
  opts: { truncated: boolean; maxBody: number; respond?: RespondOverride; random?: () => number },
): RawResponse {
  if (opts.truncated) return plainText(413, `body larger than ${opts.maxBody} bytes: stored truncated\n`);
  const r = opts.respond;
  const base = healthy(req, inspection);
  if (r?.failRate && (opts.random ?? Math.random)() < r.failRate) {
    return plainText(r.failStatus ?? 500, 'webhook-kit: simulated failure (--fail-rate)\n');
  }
  if (r?.status === undefined && r?.body === undefined) return base;
  const status = r.status ?? base.status;
  if (r.body !== undefined) return { ...plainText(status, renderTemplate(r.body, inspection, base.body)), headers: base.headers };
  return r.status === base.status ? base : plainText(status, `webhook-kit: answering ${status} as asked (--respond)\n`);
}

import { safePreview } from './safe-text.js';
import { headerValue, type RawRequest, type RawResponse } from './raw-request.js';
import type { AckVerdict } from './types.js';

/** Request and answer helpers shared by Webcom Mobi, SMSGateway24 and Zender. */

/** A request as a provider sends it: POST to the user's URL, Content-Type only (undici adds the rest). */
export function providerRequest(target: string, contentType: string, body: Buffer): RawRequest {
  return { method: 'POST', url: target, headers: [['Content-Type', contentType]], body };
}

/** The sample's own Content-Type, else the provider's default. */
export function contentTypeOf(sample: RawRequest, fallback: string): string {
  return headerValue(sample.headers, 'content-type') ?? fallback;
}

/** True for a 2xx status. */
export const isSuccess = (status: number): boolean => status >= 200 && status < 300;

/** `answered 200 "OK"` / `answered 500 with an empty body`, one line, payload made safe. */
export function describeAnswer(res: RawResponse): string {
  if (res.body.length === 0) return `answered ${res.status} with an empty body`;
  return `answered ${res.status} "${safePreview(res.body.toString('utf8'), 60)}"`;
}

/** A plain `200 OK`: the healthy answer where the provider reads nothing from it. */
export function plainOk(): RawResponse {
  return plainText(200, 'OK');
}

/** A short UTF-8 text answer. */
export function plainText(status: number, body: string): RawResponse {
  return { status, headers: [['Content-Type', 'text/plain; charset=utf-8']], body: Buffer.from(body) };
}

/** Any 2xx accepted; `basis` says where that rule comes from. Nothing is per message. */
export function judgeBy2xx(res: RawResponse, providerName: string, basis: string): AckVerdict {
  const accepted = isSuccess(res.status);
  const rule = `${providerName} ${accepted ? 'accepts' : 'expects'} any 2xx (${basis})`;
  return { accepted, reason: `${describeAnswer(res)}; ${rule}`, unacknowledged: [] };
}

import type { ParsedBody } from '../../core/body.js';
import type { RawRequest } from '../../core/raw-request.js';
import type { SignatureCheck } from '../../core/types.js';
import { isRecord } from '../../core/json-fields.js';
import { checkSharedSecret, queryPairs } from '../../core/shared-secret.js';

/**
 * SMSGateway24 documents no signature or secret (docs/providers.md#smsgateway24-c3). Our
 * recommendation: the user adds a token to the webhook URL's query under one of these names.
 */
export const SG24_TOKEN_PARAMS: readonly string[] = ['token', 'secret'];

/** Compares the URL query token with the secret (constant time); assumed, never vendor-documented. */
export function verify(req: RawRequest, body: ParsedBody, secret: string): SignatureCheck {
  const query = queryPairs(req.url);
  const token = query.find(([k]) => SG24_TOKEN_PARAMS.includes(k));
  const hints: string[] = [];
  const inBody = isRecord(body.fields) && SG24_TOKEN_PARAMS.some((k) => Object.hasOwn(body.fields as object, k));
  if (inBody) {
    hints.push('a token field is in the body, but SMSGateway24 posts only its own fields: put the token in the webhook URL query');
  }
  if (!token) hints.push(`add ?${SG24_TOKEN_PARAMS[0]}=<secret> to the webhook URL in the device settings`);
  const where = `the URL query (${SG24_TOKEN_PARAMS.map((p) => `?${p}=`).join(' or ')})`;
  return checkSharedSecret({ received: token ? token[1] : null, where, hints, assumed: true }, secret);
}

/** The URL token is a shared secret in clear: outputs mask it. */
export function secretsIn(req: RawRequest, _body: ParsedBody): string[] {
  return queryPairs(req.url).flatMap(([k, v]) => (SG24_TOKEN_PARAMS.includes(k) && v !== '' ? [v] : []));
}

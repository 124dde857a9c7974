import type { ParsedBody } from '../../core/body.js';
import type { RawRequest } from '../../core/raw-request.js';
import type { SignatureCheck } from '../../core/types.js';
import { readFields } from './payload.js';
import { checkSharedSecret, queryPairs } from '../../core/shared-secret.js';

/**
 * Zender signs nothing: it sends the webhook's shared secret in clear as the body field
 * `secret` (docs/providers.md#zender-signature); compared in constant time, never echoed.
 */
export function verify(req: RawRequest, body: ParsedBody, secret: string): SignatureCheck {
  const raw = readFields(body)?.['secret'];
  const values = [raw].flat().filter((v): v is string => typeof v === 'string');
  const hints: string[] = [];
  if (values.length > 1) hints.push(`the body carries "secret" ${values.length} times; the first was compared`);
  const query = queryPairs(req.url);
  if (query.some(([k]) => k === 'secret')) {
    hints.push('a secret is in the URL query, but Zender sends it in the body field "secret"; the query one is ignored');
  }
  // Each webhook (one per event type) has its own secret in the Zender dashboard.
  hints.push('each Zender webhook has its own secret: check the one registered for this event type');
  const where = 'the body field "secret"';
  return checkSharedSecret({ received: values[0] ?? null, where, hints, assumed: false }, secret);
}

/**
 * Every value of the `secret` field: repeated (`secret=a&secret=b` decodes to an array), nested
 * (`secret[x]=`) or a JSON number are all the secret in clear to whoever reads the output.
 */
function secretValues(v: unknown, depth = 0): string[] {
  if (typeof v === 'string') return v === '' ? [] : [v];
  if (typeof v === 'number' || typeof v === 'bigint') return [String(v)];
  // Bracket keys nest at most 5 deep (core/form.ts); JSON could go deeper, no secret does.
  if (v !== null && typeof v === 'object' && depth < 8) return Object.values(v).flatMap((x) => secretValues(x, depth + 1));
  return [];
}

/** The webhook's shared secret travels in clear in the body (docs/providers.md#zender-signature): mask it. */
export function secretsIn(_req: RawRequest, body: ParsedBody): string[] {
  return secretValues(readFields(body)?.['secret']);
}

import { createHmac } from 'node:crypto';
import type { ParsedBody } from '../../core/body.js';
import { headerValue, type RawRequest } from '../../core/raw-request.js';
import { maskSecret, safeEqual } from '../../core/secret.js';
import type { SignatureCheck } from '../../core/types.js';

/** Timestamps further than this from now fail the check (docs/providers.md#smsgate-signature). */
export const WINDOW_S = 300;
const ALGORITHM = 'hmac-sha256';

/** Hex HMAC-SHA256 with the signing key over the raw body bytes followed by the X-Timestamp text. */
export function sign(key: string, body: Buffer, timestamp: string): string {
  return createHmac('sha256', key).update(body).update(timestamp, 'latin1').digest('hex');
}

/** The check at the current time; `verifyAt` takes the clock as an argument. */
export function verify(req: RawRequest, _body: ParsedBody, secret: string): SignatureCheck {
  return verifyAt(req, secret, Date.now());
}

/** `301 s old`, `77119230 s old (about 892 days)`: a replay of a recorded request is usually days off. */
function ago(s: number): string {
  const abs = Math.abs(s);
  const about = abs >= 2 * 86_400 ? ` (about ${Math.round(abs / 86_400)} days)` : abs >= 7_200 ? ` (about ${Math.round(abs / 3_600)} h)` : '';
  return s >= 0 ? `${abs} s old${about}` : `${abs} s in the future${about}`;
}

/**
 * `X-Signature` against the raw body + `X-Timestamp`, compared case-insensitively in constant time,
 * and the timestamp within ±5 minutes of `nowMs` (docs/providers.md#smsgate-c1).
 */
export function verifyAt(req: RawRequest, secret: string, nowMs: number): SignatureCheck {
  const received = headerValue(req.headers, 'x-signature')?.trim() ?? null;
  const timestamp = headerValue(req.headers, 'x-timestamp')?.trim() ?? null;
  const base = { algorithm: ALGORITHM, received, diagnoses: [] as string[] };
  if (received === null || timestamp === null) {
    const missing = [received === null ? 'X-Signature' : '', timestamp === null ? 'X-Timestamp' : ''].filter(Boolean).join(' and ');
    return { ...base, state: 'absent', canonical: null, computed: null, detail: `no ${missing} header: the app signs every webhook, so this did not come from it unsigned` };
  }
  const canonical = `raw body (${req.body.length} bytes) + X-Timestamp "${timestamp}", key ${maskSecret(secret)}`;
  const computed = sign(secret, req.body, timestamp);
  const matches = safeEqual(computed, received.toLowerCase());
  const ts = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : null;
  const skew = ts === null ? null : Math.round(nowMs / 1000) - ts;
  const inWindow = skew !== null && Math.abs(skew) <= WINDOW_S;
  const check = { ...base, canonical, computed };
  if (matches && inWindow) return { ...check, state: 'valid', detail: `${ALGORITHM} matches the raw body + X-Timestamp, ${ago(skew!)} (within ±${WINDOW_S / 60} min)` };
  if (matches) {
    const why = skew === null ? `X-Timestamp "${timestamp}" is not Unix seconds` : `X-Timestamp is ${ago(skew)}, outside the ±${WINDOW_S / 60} min window`;
    return { ...check, state: 'invalid', detail: `${ALGORITHM} matches, but ${why}: a replayed request, or a clock off (send --secret signs with a fresh timestamp)` };
  }
  return { ...check, state: 'invalid', detail: `${ALGORITHM} does not match the raw body + X-Timestamp`, diagnoses: diagnose(req.body, timestamp, received.toLowerCase(), secret) };
}

/** Likely causes of a mismatch, each confirmed by computing that variant. */
function diagnose(body: Buffer, timestamp: string, received: string, secret: string): string[] {
  const out: string[] = [];
  const hmac = (data: string | Buffer, key = secret): string => createHmac('sha256', key).update(data).digest('hex');
  if (safeEqual(hmac(body), received)) out.push('it is the HMAC of the body alone: the X-Timestamp value must be appended before hashing');
  try {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))) + timestamp);
    if (!reserialised.equals(Buffer.concat([body, Buffer.from(timestamp)])) && safeEqual(hmac(reserialised), received)) {
      out.push('it matches the JSON re-serialised: hash the raw body as received, before parsing it');
    }
  } catch {
    // Not JSON: nothing to re-serialise.
  }
  if (secret.trim() !== secret && safeEqual(hmac(Buffer.concat([body, Buffer.from(timestamp)]), secret.trim()), received)) out.push('the configured key has surrounding whitespace');
  if (out.length === 0) out.push('wrong signing key (Settings → Webhooks → Signing Key on the phone), or the body was changed on the way');
  return out;
}

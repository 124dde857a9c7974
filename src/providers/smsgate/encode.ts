import { parseBody } from '../../core/body.js';
import { KitError } from '../../core/errors.js';
import { editsOf, isRecord, overrideRecord } from '../../core/json-fields.js';
import { contentTypeOf } from '../../core/provider-http.js';
import type { RawRequest } from '../../core/raw-request.js';
import type { EncodeOptions } from '../../core/types.js';
import { ENVELOPE, readEnvelope, SPECS } from './payload.js';
import { sign } from './signature.js';
import { isEvent } from './statuses.js';

const JSON_TYPE = 'application/json';
const SIGNATURE_HEADERS = new Set(['x-signature', 'x-timestamp']);

/** `encodeAt` at the current time. */
export function encode(sample: RawRequest, target: string, opts: EncodeOptions): RawRequest {
  return encodeAt(sample, target, opts, Date.now());
}

/**
 * The sample as the phone posts it: JSON, with `--set` landing in the payload (or the envelope
 * for `id`, `deviceId`, `webhookId`). `--secret` signs with `X-Timestamp` = `nowMs` in seconds,
 * so the request verifies now; without it the sample's own headers go out as recorded
 * (docs/providers.md#smsgate-c5).
 */
export function encodeAt(sample: RawRequest, target: string, opts: EncodeOptions, nowMs: number): RawRequest {
  const edits = editsOf(opts);
  let body = sample.body;
  if (edits.length > 0) {
    const envelope = readEnvelope(parseBody(sample));
    const event = envelope?.['event'];
    if (!envelope || !isEvent(event) || !isRecord(envelope['payload'])) {
      throw new KitError('E_USAGE', 'not an SMS Gateway for Android sample: expected a JSON object with a documented event and a payload');
    }
    const isTop = (k: string): boolean => k !== 'payload' && k !== 'event' && (ENVELOPE as readonly string[]).includes(k);
    const top = edits.filter((e) => isTop(e.key));
    // `payload.message` is how `show` prints a payload field.
    const inner = edits.filter((e) => !isTop(e.key)).map((e) => ({ ...e, key: e.key.replace(/^payload\./, '') }));
    const payload = overrideRecord(envelope['payload'], inner, SPECS[event].fields, `an ${event} event`);
    body = Buffer.from(JSON.stringify({ ...overrideRecord(envelope, top, {}, 'the envelope'), payload }));
  }
  const headers: Array<[string, string]> = [['Content-Type', contentTypeOf(sample, JSON_TYPE)]];
  if (opts.secret !== undefined) {
    const timestamp = String(Math.floor(nowMs / 1000));
    headers.push(['X-Signature', sign(opts.secret, body, timestamp)], ['X-Timestamp', timestamp]);
  } else {
    for (const [k, v] of sample.headers) if (SIGNATURE_HEADERS.has(k.toLowerCase())) headers.push([k, v]);
  }
  return { method: 'POST', url: target, headers, body };
}

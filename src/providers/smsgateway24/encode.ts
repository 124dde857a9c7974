import { parseBody } from '../../core/body.js';
import { KitError } from '../../core/errors.js';
import { headerValue, type RawRequest } from '../../core/raw-request.js';
import type { EncodeOptions } from '../../core/types.js';
import { contentTypeOf, providerRequest } from '../../core/provider-http.js';
import { editsOf, overrideRecord } from '../../core/json-fields.js';
import { readRecord, shapeOf, type Sg24Shape } from './shape.js';

/** Normalised `--set` names and the SMSGateway24 field each means, per event. */
const ALIASES: Readonly<Record<Sg24Shape, Readonly<Record<string, string>>>> = {
  status: { messageId: 'sms_id', status: 'status_id', phone: 'sendto', time: 'senttime' },
  incoming: { messageId: 'sms_id', phone: 'address', text: 'body', time: 'date' },
};

const JSON_TYPE = 'application/json';

/** The sample as the app sends it; `legacy` turns it into the older doc's field set. */
export function encode(sample: RawRequest, target: string, opts: EncodeOptions): RawRequest {
  const edits = editsOf(opts);
  if (edits.length === 0 && !opts.legacy) return providerRequest(target, contentTypeOf(sample, JSON_TYPE), sample.body);
  const fields = readRecord(parseBody(sample));
  const shape = fields ? shapeOf(fields) : null;
  if (!fields || !shape) {
    throw new KitError('E_USAGE', 'not an SMSGateway24 sample: expected status_id+sms_id or address+body');
  }
  const base = opts.legacy ? toLegacy(fields) : fields;
  const body = JSON.stringify(overrideRecord(base, edits, ALIASES[shape], `an SMSGateway24 ${shape} event`));
  // The app always posts JSON (docs/providers.md#smsgateway24-c5), even when the sample was a form.
  const declared = headerValue(sample.headers, 'content-type');
  return providerRequest(target, declared?.includes('json') ? declared : JSON_TYPE, Buffer.from(body));
}

/**
 * The older doc revision (docs/providers.md#smsgateway24-c2): `sim` in place of `channel_id`, an
 * int `address`, no `type`/`img_url`. Field order is kept.
 */
export function toLegacy(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).flatMap(([k, v]): Array<[string, unknown]> => {
      if (k === 'channel_id') return [['sim', v]];
      if (k === 'type' || k === 'img_url') return [];
      if (k === 'address' && typeof v === 'string') return [[k, legacyAddress(v)]];
      return [[k, v]];
    }),
  );
}

/** `+4917642031983` -> 4917642031983; kept as text when it is not a safe integer. */
function legacyAddress(address: string): unknown {
  const digits = address.replace(/^\+/, '');
  return /^\d+$/.test(digits) && Number.isSafeInteger(Number(digits)) ? Number(digits) : address;
}

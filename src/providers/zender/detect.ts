import type { ParsedBody } from '../../core/body.js';
import { isRecord } from '../../core/json-fields.js';
import type { RawRequest } from '../../core/raw-request.js';
import { readFields, specOf } from './payload.js';

/** 0..1: `type` in {sms, whatsapp, ussd, notification} with `data[...]` fields (+ `secret`). */
export function detect(_req: RawRequest, body: ParsedBody): number {
  const f = readFields(body);
  if (!f) return 0;
  const hasData = isRecord(f['data']);
  const hasSecret = typeof f['secret'] === 'string';
  if (specOf(f['type'])) return hasData ? (hasSecret ? 0.95 : 0.85) : hasSecret ? 0.4 : 0.2;
  return hasData && hasSecret ? 0.6 : 0;
}

import type { ParsedBody } from '../../core/body.js';
import type { RawRequest } from '../../core/raw-request.js';
import { readRecord } from './shape.js';

/** 0..1 from field signatures: `status_id`+`sms_id`, or `address`+`body`. */
export function detect(_req: RawRequest, body: ParsedBody): number {
  const f = readRecord(body);
  if (!f) return 0;
  const has = (k: string): boolean => Object.hasOwn(f, k);
  if (has('status_id')) return has('sms_id') ? 0.95 : 0.6;
  return has('address') && has('body') ? 0.9 : 0;
}

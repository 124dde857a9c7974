import type { ParsedBody } from '../../core/body.js';
import { isRecord } from '../../core/json-fields.js';

/** Which documented SMSGateway24 event a record is, by its fields (docs/providers.md#smsgateway24-shape). */
export type Sg24Shape = 'status' | 'incoming';

/** The body as a flat record: JSON as documented, or a form, which costs nothing to accept. */
export function readRecord(body: ParsedBody): Record<string, unknown> | null {
  return (body.kind === 'json' || body.kind === 'form') && isRecord(body.fields) ? body.fields : null;
}

/** `status_id` marks a delivery status, `address`/`body` an incoming message; else null. */
export function shapeOf(f: Record<string, unknown>): Sg24Shape | null {
  if (Object.hasOwn(f, 'status_id')) return 'status';
  if (Object.hasOwn(f, 'address') || Object.hasOwn(f, 'body')) return 'incoming';
  return null;
}

import type { ParsedBody } from '../../core/body.js';
import type { RawRequest } from '../../core/raw-request.js';
import { lookupStatus } from '../../core/status.js';
import type { Decoded, DecodedEvent } from '../../core/types.js';
import { fieldText, idText, unknownPart } from '../../core/json-fields.js';
import { readRecord, shapeOf } from './shape.js';
import { STATUSES, NAME } from './statuses.js';

const STATUS_KNOWN = new Set(['sms_id', 'status_id', 'sendto', 'senttime']);
const INCOMING_KNOWN = new Set(['sms_id', 'address', 'body', 'date']);

/** A status or incoming event from the current or legacy field set; never throws. */
export function decode(_req: RawRequest, body: ParsedBody): Decoded {
  const problems: string[] = [];
  const f = readRecord(body);
  const shape = f ? shapeOf(f) : null;
  if (!f || !shape) {
    // E.g. the vendor blog's generic example (event/message_id/...): not the documented shape.
    const keys = f ? Object.keys(f).slice(0, 10).join(', ') || '(none)' : '';
    const got = f ? `fields ${keys}` : (body.parseError ?? `a ${body.kind} body`);
    problems.push(`not an SMSGateway24 webhook: expected status_id+sms_id or address+body, got ${got}`);
    return { provider: 'smsgateway24', events: [], problems };
  }
  const event = shape === 'status' ? statusEvent(f, problems) : incomingEvent(f, problems);
  return { provider: 'smsgateway24', events: [event], problems };
}

function required(f: Record<string, unknown>, key: string, problems: string[]): string | null {
  const v = key === 'sms_id' ? idText(f[key], key, problems) : fieldText(f[key]);
  if (v === null) problems.push(`${key} missing`);
  return v;
}

function statusEvent(f: Record<string, unknown>, problems: string[]): DecodedEvent {
  const code = required(f, 'status_id', problems);
  return {
    kind: 'status',
    messageId: required(f, 'sms_id', problems),
    phone: fieldText(f['sendto']),
    // Format undocumented: kept as written, ISO 8601 or `YYYY-MM-DD HH:MM:SS`
    // (docs/providers.md#smsgateway24-c1).
    time: fieldText(f['senttime']),
    status: code === null ? null : lookupStatus(STATUSES, code, NAME),
    ...unknownPart(f, STATUS_KNOWN),
  };
}

function incomingEvent(f: Record<string, unknown>, problems: string[]): DecodedEvent {
  // `address` is a string now, an int in the legacy doc: both become text
  // (docs/providers.md#smsgateway24-c2).
  const phone = required(f, 'address', problems);
  const text = required(f, 'body', problems);
  if (f['type'] === 'img' && fieldText(f['img_url']) === null) problems.push('img_url missing for an image message');
  return {
    kind: 'incoming',
    messageId: idText(f['sms_id'], 'sms_id', problems),
    phone,
    text,
    time: fieldText(f['date']),
    // channel_id/sim, device, type, img_url... stay under their wire names.
    ...unknownPart(f, INCOMING_KNOWN),
  };
}

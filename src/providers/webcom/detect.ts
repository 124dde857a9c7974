import type { ParsedBody } from '../../core/body.js';
import { isRecord } from '../../core/json-fields.js';
import type { RawRequest } from '../../core/raw-request.js';
import { readWire } from './wire.js';

/** 0..1: a JSON array of {id_sms,state} objects, or an XML <response> of <state id_sms=..>. */
export function detect(req: RawRequest, body: ParsedBody): number {
  const wire = readWire(req, body);
  if (wire.format === 'json') {
    const first = wire.items[0];
    if (isRecord(first) && 'id_sms' in first && 'state' in first) return 0.95;
    return wire.items.some((it) => isRecord(it) && 'id_sms' in it) ? 0.6 : 0;
  }
  if (wire.format === 'xml') {
    if (wire.states.some((s) => s.attrs.some(([k]) => k === 'id_sms'))) return 0.95;
    return wire.states.length > 0 ? 0.5 : 0;
  }
  return 0;
}

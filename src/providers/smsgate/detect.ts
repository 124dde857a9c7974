import type { ParsedBody } from '../../core/body.js';
import { isRecord } from '../../core/json-fields.js';
import type { RawRequest } from '../../core/raw-request.js';
import { readEnvelope } from './payload.js';
import { isEvent } from './statuses.js';

/**
 * 0..1 from the envelope (docs/providers.md#smsgate-detect): a documented `event` with a
 * `payload` object and `deviceId` or `webhookId` 0.95, without them 0.8; an unknown
 * `family:name` event in a full envelope 0.6 (a newer app version's event).
 */
export function detect(_req: RawRequest, body: ParsedBody): number {
  const f = readEnvelope(body);
  if (!f || !isRecord(f['payload'])) return 0;
  const ids = typeof f['deviceId'] === 'string' || typeof f['webhookId'] === 'string';
  if (isEvent(f['event'])) return ids ? 0.95 : 0.8;
  const full = typeof f['deviceId'] === 'string' && typeof f['webhookId'] === 'string';
  return full && typeof f['event'] === 'string' && /^[a-z]+:[a-z-]+$/.test(f['event']) ? 0.6 : 0;
}

import type { ParsedBody } from '../../core/body.js';
import { isRecord } from '../../core/json-fields.js';
import type { EventKind } from '../../core/types.js';
import type { SmsgateEvent } from './statuses.js';

/** The envelope every webhook carries (docs/providers.md#smsgate-fields). */
export const ENVELOPE = ['deviceId', 'event', 'id', 'payload', 'webhookId'] as const;

/** How one event's payload maps onto a normalised event. */
export interface EventSpec {
  kind: EventKind;
  /** Normalised name -> payload field; also the `--set` aliases. */
  fields: Readonly<Record<string, string>>;
  required: readonly string[];
}

const status = (time: string): EventSpec => ({
  kind: 'status',
  fields: { messageId: 'messageId', phone: 'phoneNumber', time },
  required: ['messageId', 'phoneNumber'],
});

/** Field names checked against android-sms-gateway/docs-web:docs/features/webhooks.md. */
export const SPECS: Readonly<Record<SmsgateEvent, EventSpec>> = {
  'sms:received': {
    kind: 'incoming',
    fields: { messageId: 'messageId', phone: 'phoneNumber', text: 'message', time: 'receivedAt' },
    required: ['messageId', 'message', 'phoneNumber'],
  },
  'sms:sent': status('sentAt'),
  'sms:delivered': status('deliveredAt'),
  'sms:failed': { ...status('failedAt'), fields: { messageId: 'messageId', phone: 'phoneNumber', time: 'failedAt', text: 'reason' } },
  // The payload is the device's health report (docs-web:docs/features/health.md).
  'system:ping': { kind: 'ping', fields: {}, required: ['health'] },
};

/** The JSON envelope, or null when the body is not one JSON object. */
export function readEnvelope(body: ParsedBody): Record<string, unknown> | null {
  return body.kind === 'json' && isRecord(body.fields) ? body.fields : null;
}

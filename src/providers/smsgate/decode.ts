import type { ParsedBody } from '../../core/body.js';
import { fieldText, isRecord } from '../../core/json-fields.js';
import type { RawRequest } from '../../core/raw-request.js';
import { lookupStatus } from '../../core/status.js';
import type { Decoded, DecodedEvent } from '../../core/types.js';
import { ENVELOPE, readEnvelope, SPECS, type EventSpec } from './payload.js';
import { EVENTS, isEvent, NAME, STATUSES } from './statuses.js';

const PROVIDER_ID = 'smsgate';

/** One event per request (one webhook per event); never throws. */
export function decode(_req: RawRequest, body: ParsedBody): Decoded {
  const problems: string[] = [];
  const done = (events: DecodedEvent[]): Decoded => ({ provider: PROVIDER_ID, events, problems });
  const f = readEnvelope(body);
  if (!f) {
    problems.push(`not an ${NAME} webhook: expected a JSON object with event and payload, got ${body.parseError ?? `a ${body.kind} body`}`);
    return done([]);
  }
  const event = f['event'];
  if (!isEvent(event)) {
    const name = fieldText(event);
    problems.push(name === null ? 'event missing' : `unknown event "${name}": ${NAME} documents ${EVENTS.join(', ')}`);
    return done([]);
  }
  if (!isRecord(f['payload'])) {
    problems.push('payload missing or not an object');
    return done([]);
  }
  return done([toEvent(event, SPECS[event], f['payload'], f, problems)]);
}

function toEvent(name: string, spec: EventSpec, payload: Record<string, unknown>, envelope: Record<string, unknown>, problems: string[]): DecodedEvent {
  for (const key of spec.required) if (payload[key] === undefined || payload[key] === null) problems.push(`payload.${key} missing`);
  const pick = (n: string): string | null => {
    const wire = spec.fields[n];
    return wire === undefined ? null : fieldText(payload[wire]);
  };
  const used = new Set(Object.values(spec.fields));
  const unknown = new Map<string, unknown>();
  // simNumber, the envelope's ids: documented, but with no normalised home, so kept by name.
  for (const [k, v] of Object.entries(payload)) if (!used.has(k) && k !== 'health') unknown.set(k, v);
  for (const k of ENVELOPE) if (k !== 'event' && k !== 'payload' && envelope[k] !== undefined) unknown.set(k, envelope[k]);
  for (const [k, v] of Object.entries(envelope)) if (!(ENVELOPE as readonly string[]).includes(k)) unknown.set(k, v);
  const event: DecodedEvent = {
    kind: spec.kind,
    messageId: pick('messageId'),
    phone: pick('phone'),
    // Device local time with its offset, kept as written (docs/providers.md#smsgate-c4).
    time: pick('time'),
    channel: spec.kind === 'ping' ? null : 'sms',
  };
  if (spec.kind === 'incoming') event.text = pick('text');
  if (spec.kind === 'status') event.status = lookupStatus(STATUSES, name, NAME);
  // The payload names no part: the delivery's id tells one part's report from another's (docs/providers.md#smsgate-c3).
  if (event.status?.perPart) event.part = fieldText(envelope['id']);
  if (name === 'sms:failed') {
    const reason = pick('text');
    event.error = { code: 'reason', meaning: reason ?? 'no reason given' };
  }
  if (spec.kind === 'ping') event.text = healthText(payload['health']);
  if (unknown.size) event.unknown = Object.fromEntries(unknown);
  return event;
}

/** `health pass (version 1.0.0)` from the device's health report. */
function healthText(health: unknown): string | null {
  if (!isRecord(health)) return null;
  const status = fieldText(health['status']) ?? 'unknown';
  const version = fieldText(health['version']);
  return `health ${status}${version ? ` (version ${version})` : ''}`;
}

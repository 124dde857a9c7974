import type { ParsedBody } from '../../core/body.js';
import type { RawRequest } from '../../core/raw-request.js';
import type { Decoded, DecodedEvent } from '../../core/types.js';
import { fieldText, isRecord } from '../../core/json-fields.js';
import { readFields, specOf, type TypeSpec } from './payload.js';

/** Fields sent as strings that are integers (docs/providers.md#zender-c3). */
const INTEGER_FIELDS = new Set(['id', 'rid', 'sim', 'timestamp']);
/** Top-level fields with a meaning; `secret` is never copied into a decoded event. */
const TOP_LEVEL = new Set(['secret', 'type', 'data']);

/** One event per request (Zender sends one event per webhook call); never throws. */
export function decode(_req: RawRequest, body: ParsedBody): Decoded {
  const problems: string[] = [];
  const done = (events: DecodedEvent[]): Decoded => ({ provider: 'zender', events, problems });
  const f = readFields(body);
  if (!f) {
    const got = body.parseError ?? `a ${body.kind} body`;
    problems.push(`not a Zender webhook: expected a form with type and data[...], got ${got}`);
    return done([]);
  }
  const spec = specOf(f['type']);
  if (!spec) {
    const type = fieldText(f['type']);
    problems.push(
      type === null ? 'type missing' : `unknown type "${type}": Zender sends sms, whatsapp, ussd or notifications (the docs write notification)`,
    );
    return done([]);
  }
  const data = isRecord(f['data']) ? f['data'] : {};
  if (!isRecord(f['data'])) problems.push('data[...] fields missing (a JSON string in `data` is not what Zender sends)');
  return done([toEvent(spec, data, f, problems)]);
}

function toEvent(
  spec: TypeSpec,
  data: Record<string, unknown>,
  top: Record<string, unknown>,
  problems: string[],
): DecodedEvent {
  for (const key of spec.required) if (fieldText(data[key]) === null) problems.push(`data[${key}] missing`);
  const pick = (name: string): string | null => {
    const wire = spec.fields[name];
    return wire === undefined ? null : fieldText(data[wire]);
  };
  const used = new Set([...Object.values(spec.fields), ...spec.consumed]);
  const unknown = new Map<string, unknown>();
  for (const [k, v] of Object.entries(data)) {
    const coerced = INTEGER_FIELDS.has(k) ? toInteger(k, v, problems) : v;
    if (!used.has(k)) unknown.set(k, coerced);
  }
  for (const [k, v] of Object.entries(top)) if (!TOP_LEVEL.has(k) && !unknown.has(k)) unknown.set(k, v);
  const isNotification = spec.kind === 'notification';
  const event: DecodedEvent = {
    kind: spec.kind,
    messageId: pick('messageId'),
    phone: pick('phone'),
    time: pick('time'),
    ...(spec.fields['to'] ? { to: pick('to') } : {}),
    text: isNotification ? notificationText(data) : pick('text'),
    // A notification's channel is the app that raised it (`package`).
    channel: isNotification ? fieldText(data['package']) : spec.kind === 'incoming' ? 'sms' : spec.kind,
  };
  if (spec.consumed.includes('attachment') && Object.hasOwn(data, 'attachment')) event.attachment = attachmentOf(data['attachment']);
  // Object.fromEntries keeps even a `__proto__` key as plain data. Set on the literal, not
  // `{ ...event, unknown }`: keys added to a spread copy are slow in Node 20's V8.
  if (unknown.size) event.unknown = Object.fromEntries(unknown);
  return event;
}

/** Form values are strings; integers become numbers, anything else is kept and reported. */
function toInteger(key: string, v: unknown, problems: string[]): unknown {
  const text = fieldText(v);
  if (text !== null && /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  problems.push(`data[${key}] is not an integer`);
  return v;
}

/** `data[attachment]`: `0` (PHP false) or empty means none, anything else is the media URL. */
function attachmentOf(v: unknown): string | null {
  const text = fieldText(v);
  return text === null || text === '' || text === '0' ? null : text;
}

/** A notification's title and content as one line of text, either may be missing. */
function notificationText(data: Record<string, unknown>): string | null {
  const parts = [fieldText(data['title']), fieldText(data['content'])].filter((p): p is string => !!p);
  return parts.length ? parts.join(': ') : null;
}

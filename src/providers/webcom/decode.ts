import type { ParsedBody } from '../../core/body.js';
import type { RawRequest } from '../../core/raw-request.js';
import { lookupStatus } from '../../core/status.js';
import type { Decoded, DecodedEvent } from '../../core/types.js';
import { fieldText, idText, isRecord, unknownPart } from '../../core/json-fields.js';
import { STATUSES, NAME } from './statuses.js';
import { readWire, type XmlState } from './wire.js';

const JSON_KNOWN = new Set(['id_sms', 'time', 'state']);
const XML_KNOWN = new Set(['id_sms', 'time']);
/** Per-channel status attributes of the XML spec, in cascade order (SMS first, then Viber). */
const CHANNEL_ATTRS = ['sms', 'viber'] as const;

/** One status event per array item or `<state>` element; never throws. */
export function decode(req: RawRequest, body: ParsedBody): Decoded {
  const problems: string[] = [];
  const wire = readWire(req, body);
  let events: DecodedEvent[] = [];
  if (wire.format === null) problems.push(wire.problem);
  else if (wire.format === 'json') events = wire.items.flatMap((it, i) => fromJsonItem(it, i + 1, problems));
  else events = wire.states.map((s, i) => fromXmlState(s, i + 1, problems));
  if (wire.format !== null && events.length === 0) problems.push('no statuses in the batch');
  return { provider: 'webcom', events, problems };
}

function fromJsonItem(item: unknown, n: number, problems: string[]): DecodedEvent[] {
  if (!isRecord(item)) {
    problems.push(`item ${n} is not an object`);
    return [];
  }
  const event = statusEvent(n, problems, item['id_sms'], item['time'], item['state']);
  // Object.assign, not a spread copy with keys added (slow in Node 20's V8); unknownPart's only key is `unknown`.
  return [Object.assign(event, unknownPart(item, JSON_KNOWN))];
}

function fromXmlState(state: XmlState, n: number, problems: string[]): DecodedEvent {
  const attrs = new Map(state.attrs);
  const channels = CHANNEL_ATTRS.filter((c) => attrs.has(c));
  // The element text is the last status; the channel is the one that reported it.
  const channel = channels.filter((c) => attrs.get(c) === state.text).pop() ?? channels.at(-1) ?? null;
  const code = state.text ?? (channel ? attrs.get(channel) : undefined);
  // The per-channel statuses (`sms`, `viber`) and any other attributes stay in `unknown`.
  const rest = unknownPart(Object.fromEntries(state.attrs), XML_KNOWN);
  return Object.assign(statusEvent(n, problems, attrs.get('id_sms'), attrs.get('time'), code), { channel }, rest);
}

function statusEvent(
  n: number,
  problems: string[],
  id: unknown,
  time: unknown,
  state: unknown,
): DecodedEvent {
  const messageId = idText(id, `item ${n}: id_sms`, problems);
  if (messageId === null) problems.push(`item ${n}: id_sms missing`);
  const code = fieldText(state);
  if (code === null) problems.push(`item ${n}: state missing`);
  const timeText = fieldText(time);
  return {
    kind: 'status',
    messageId,
    phone: null,
    // `time` is "" while the state is `send` (docs/providers.md#webcom-fields).
    time: timeText === '' ? null : timeText,
    status: code === null ? null : lookupStatus(STATUSES, code, NAME),
  };
}

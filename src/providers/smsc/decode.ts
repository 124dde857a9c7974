import type { ParsedBody } from '../../core/body.js';
import type { RawRequest } from '../../core/raw-request.js';
import { lookupError, lookupStatus } from '../../core/status.js';
import type { Decoded, DecodedEvent } from '../../core/types.js';
import {
  CORE_FIELDS,
  eventKind,
  firstByName,
  OPTIONAL_FIELDS,
  requestFields,
  TRANSPORT_FIELDS,
  type SmscKind,
  type WireField,
} from './fields.js';
import { CHANNELS, EMAIL_FLAGS, ERRORS, NAME, STATUSES } from './statuses.js';

const PROVIDER_ID = 'smsc';

/** Why a body yields no fields at all. */
function noFieldsReason(body: ParsedBody): string {
  if (body.kind === 'empty') return 'empty body';
  if (body.kind === 'json' && Array.isArray(body.fields)) return 'JSON body is an array, not an SMSC.ru object';
  if (body.fields === null && body.parseError) return 'body could not be read';
  return `no SMSC.ru fields in a ${body.kind} body`;
}

/** Known field names by kind, built once (decode runs for every capture listen stores). */
const KNOWN: Partial<Record<SmscKind, ReadonlySet<string>>> = {};

/** Everything not core, optional-known or transport, kept as it arrived. */
function unknownFields(fields: readonly WireField[], kind: SmscKind): Record<string, unknown> {
  const known = (KNOWN[kind] ??= new Set([...CORE_FIELDS[kind], ...OPTIONAL_FIELDS[kind], ...TRANSPORT_FIELDS]));
  // fromEntries defines own properties, so a `__proto__` field stays an inert key.
  return Object.fromEntries(fields.filter((f) => !known.has(f.name)).map((f) => [f.name, f.raw]));
}

function buildEvent(kind: SmscKind, text: (name: string) => string | null, problems: string[]): DecodedEvent {
  // Time is kept as written: `time` in status and incoming, `ts` in waitcall, `sent` as a last resort.
  const time = text('time') ?? text('ts') ?? text('sent');
  if (kind === 'incoming') {
    return { kind: 'incoming', messageId: text('id'), phone: text('phone'), to: text('to'), text: text('mes'), time };
  }
  if (kind === 'call') {
    // The `waitcall` value is the number that was called (docs/providers.md#smsc-c8): our side.
    return { kind: 'call', messageId: text('id'), phone: text('phone'), to: text('waitcall'), time };
  }
  const code = text('status');
  if (code !== null && code !== '' && !/^-?\d+$/.test(code)) problems.push(`status "${code}" is not an integer`);
  const err = text('err');
  const type = text('type');
  return {
    kind: 'status',
    messageId: text('id'),
    phone: text('phone'),
    time,
    status: code ? lookupStatus(STATUSES, code, NAME) : null,
    error: err !== null && err !== '' ? lookupError(ERRORS, err, NAME) : null,
    channel: channelOf(type, text('flag')),
  };
}

/** The message type as a channel (docs/providers.md#smsc-types); an e-mail flag covers an unknown type. */
function channelOf(type: string | null, flag: string | null): string | null {
  const known = type ? CHANNELS.get(type) : undefined;
  if (known) return known;
  if (flag !== null && EMAIL_FLAGS.has(flag)) return 'e-mail';
  return type ? `type ${type}` : null;
}

/**
 * Decodes a delivery status, an incoming SMS (`mes`) or a call confirmation (`waitcall`) from a
 * form, fmt=2 XML or fmt=3 JSON body. Never throws: missing or odd parts become problems.
 */
export function decode(req: RawRequest, body: ParsedBody): Decoded {
  const problems: string[] = body.parseError ? [body.parseError] : [];
  // GET callbacks and `!` handler params arrive in the query (docs/providers.md#smsc-c16).
  const fields = requestFields(req, body);
  if (fields.length === 0) {
    return { provider: PROVIDER_ID, events: [], problems: [...problems, noFieldsReason(body)] };
  }
  const byName = firstByName(fields);
  const repeated = new Set(fields.filter((f) => byName.get(f.name) !== f).map((f) => f.name));
  for (const name of repeated) problems.push(`${name} appears more than once (first value used)`);
  const text = (name: string): string | null => byName.get(name)?.text ?? null;
  const kind = eventKind((n) => byName.has(n));
  for (const name of CORE_FIELDS[kind]) {
    const field = byName.get(name);
    if (!field) problems.push(`${name} missing`);
    else if (field.text === null) problems.push(`${name} is not a plain value`);
    else if (field.text === '') problems.push(`${name} is empty`);
  }
  const event = buildEvent(kind, text, problems);
  event.unknown = unknownFields(fields, kind);
  return { provider: PROVIDER_ID, events: [event], problems };
}

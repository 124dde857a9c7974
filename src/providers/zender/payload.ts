import type { ParsedBody } from '../../core/body.js';
import type { EventKind } from '../../core/types.js';
import { isRecord } from '../../core/json-fields.js';

/** How one Zender `type` maps onto a normalised event (docs/providers.md#zender-payloads). */
export interface TypeSpec {
  kind: EventKind;
  /** Normalised name -> `data[...]` field; also the `--set` aliases. */
  fields: Readonly<Record<string, string>>;
  /** `data[...]` fields every event of this type carries. */
  required: readonly string[];
  /** `data[...]` fields read into the event other than through `fields`. */
  consumed: readonly string[];
}

/** The four event types; nothing else exists in the docs or the code examined (`notifications` is a spelling, see SPELLINGS). */
export const TYPE_SPECS: Readonly<Record<string, TypeSpec>> = {
  sms: {
    kind: 'incoming',
    fields: { messageId: 'id', phone: 'phone', text: 'message', time: 'timestamp' },
    required: ['id', 'phone', 'message'],
    consumed: [],
  },
  whatsapp: {
    kind: 'whatsapp',
    fields: { messageId: 'id', phone: 'phone', to: 'wid', text: 'message', time: 'timestamp' },
    required: ['id', 'phone', 'message'],
    // `0` (PHP false) when there is none, else the media URL (docs/providers.md#zender-real).
    consumed: ['attachment'],
  },
  // The dialled USSD code is where the request went, hence `to`.
  ussd: {
    kind: 'ussd',
    fields: { messageId: 'id', to: 'code', text: 'response', time: 'timestamp' },
    required: ['code', 'response'],
    consumed: [],
  },
  // Text is title and content joined; `--set text` means the content.
  notification: {
    kind: 'notification',
    fields: { messageId: 'id', text: 'content', time: 'timestamp' },
    required: ['package', 'title', 'content'],
    consumed: ['package', 'title'],
  },
};

/**
 * The sender posts `notifications` (plural) where the docs write `notification`; both mean the
 * one type (docs/providers.md#zender-c7).
 */
const SPELLINGS: Readonly<Record<string, string>> = { notifications: 'notification' };

/** The spec of a `type` value, if it is one of the four (in either spelling). */
export function specOf(type: unknown): TypeSpec | undefined {
  if (typeof type !== 'string') return undefined;
  const name = Object.hasOwn(SPELLINGS, type) ? SPELLINGS[type]! : type;
  return Object.hasOwn(TYPE_SPECS, name) ? TYPE_SPECS[name] : undefined;
}

/**
 * The body as nested fields: the documented form (`data[id]` already nested by core/form.ts
 * parse) or the same shape as JSON, accepted on decode only (docs/providers.md#zender-c2).
 */
export function readFields(body: ParsedBody): Record<string, unknown> | null {
  return (body.kind === 'form' || body.kind === 'json') && isRecord(body.fields) ? body.fields : null;
}

/**
 * Ordered pairs as `http_build_query` would flatten fields: `data[id]`, null omitted, true as
 * "1" and false as "0" (PHP's rules), so a JSON body re-encodes as the form Zender sends.
 */
export function flattenFields(fields: Record<string, unknown>, prefix = ''): Array<[string, string]> {
  return Object.entries(fields).flatMap(([k, v]): Array<[string, string]> => {
    const key = prefix ? `${prefix}[${k}]` : k;
    if (v === null || v === undefined) return [];
    if (typeof v === 'object') return flattenFields(v as Record<string, unknown>, key);
    return [[key, typeof v === 'boolean' ? (v ? '1' : '0') : String(v)]];
  });
}

import { encodeText } from '../../core/charset.js';
import { buildForm } from '../../core/form.js';

/** One field on its way out, in wire order. */
export interface Slot {
  name: string;
  value: string;
  /** The JSON value of an untouched fmt=3 sample field, re-emitted as it was. */
  raw?: unknown;
  /** Whether an overridden JSON field was a number. */
  numeric?: boolean;
  /** Came from the target's handler URL (after `?`). */
  fromTarget?: boolean;
  /** Set by the user: kept verbatim, never re-signed. */
  forced?: boolean;
}

/** Plain form (default), fmt=2 XML or fmt=3 JSON. */
export type WireFormat = 'form' | 'xml' | 'json';

/**
 * docs/providers.md#smsc-c6: SMSC.ru documents no Content-Type for fmt=2/3; these are our guesses
 * (decoders sniff `<` / `{` anyway).
 */
const CONTENT_TYPES: Record<WireFormat, string> = {
  form: 'application/x-www-form-urlencoded',
  xml: 'application/xml',
  json: 'application/json',
};

/** docs/providers.md#smsc-c6: fmt=2 element names are undocumented; a flat `<data>` is recommended. */
const XML_ROOT = 'data';

/**
 * docs/providers.md#smsc-c6: numbers vs numeric strings in fmt=3 is undocumented; these fields go out as
 * JSON numbers, as in docs/providers.md#smsc-c6 (phone and hashes stay strings).
 */
const JSON_NUMBER_FIELDS: ReadonlySet<string> = new Set(['id', 'status', 'err', 'time', 'ts', 'cnt', 'type', 'flag', 'sent', 'sms_id']);

const INTEGER = /^-?(0|[1-9]\d*)$/;

function jsonValue(slot: Slot): string {
  if (slot.raw !== undefined) return JSON.stringify(slot.raw);
  const numeric = slot.numeric ?? JSON_NUMBER_FIELDS.has(slot.name);
  return numeric && INTEGER.test(slot.value) && Number.isSafeInteger(Number(slot.value)) ? slot.value : JSON.stringify(slot.value);
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Serialises the slots in order (JSON by hand, so numeric-looking keys keep their place). */
function serialise(format: WireFormat, slots: readonly Slot[], charset: string): Buffer {
  if (format === 'form') return buildForm(slots.map((s) => [s.name, s.value] as const), charset);
  if (format === 'json') {
    return encodeText(`{${slots.map((s) => `${JSON.stringify(s.name)}:${jsonValue(s)}`).join(',')}}`, charset);
  }
  const children = slots.map((s) => `<${s.name}>${escapeXml(s.value)}</${s.name}>`).join('');
  return encodeText(`<?xml version="1.0" encoding="${charset}"?>\n<${XML_ROOT}>${children}</${XML_ROOT}>`, charset);
}

/** The body bytes and Content-Type SMSC.ru would send for these fields. */
export function buildBody(format: WireFormat, slots: readonly Slot[], charset: string): { body: Buffer; contentType: string } {
  return { body: serialise(format, slots, charset), contentType: CONTENT_TYPES[format] };
}

import type { ParsedBody } from '../../core/body.js';
import { charsetFromQuery, isKnownCharset } from '../../core/charset.js';
import { parseForm } from '../../core/form.js';
import { splitUrl, type RawRequest } from '../../core/raw-request.js';

/** One field as it arrived: wire name, its text (null when nested), and the parsed value. */
export interface WireField {
  name: string;
  text: string | null;
  raw: unknown;
}

/** The three SMSC.ru callbacks, told apart by the decoder rule (docs/providers.md#smsc-kinds). */
export type SmscKind = 'status' | 'incoming' | 'call';

/** Signature field names: whichever the client put in the handler URL (md5=, sha1=, crc32=). */
export const SIGNATURE_FIELDS = ['md5', 'sha1', 'crc32'] as const;
/** md5, sha1 or crc32. */
export type Algorithm = (typeof SIGNATURE_FIELDS)[number];

/** True for a signature field name. */
export const isAlgorithm = (name: string): name is Algorithm => (SIGNATURE_FIELDS as readonly string[]).includes(name);

/**
 * Echoed handler-URL settings plus the signature: never "unknown", never event data
 * (docs/providers.md#smsc-c6).
 */
export const TRANSPORT_FIELDS: ReadonlySet<string> = new Set([...SIGNATURE_FIELDS, 'charset', 'fmt']);

/** Fields a callback must carry (docs/providers.md#smsc-c1: the decoder requires only these). */
export const CORE_FIELDS: Readonly<Record<SmscKind, readonly string[]>> = {
  status: ['id', 'phone', 'status'],
  incoming: ['phone', 'mes', 'to'],
  call: ['phone', 'waitcall', 'ts'],
};

const HLR_FIELDS = ['imsi', 'msc', 'mcc', 'mnc', 'cn', 'net', 'rcn', 'rnet'];

/** Fields seen only in third-party code: known, not reported as unknown (docs/providers.md#smsc-c1). */
export const OPTIONAL_FIELDS: Readonly<Record<SmscKind, readonly string[]>> = {
  status: ['err', 'time', 'ts', 'cnt', 'cost', 'sender', 'type', 'flag', 'syserr', ...HLR_FIELDS],
  incoming: ['id', 'sms_id', 'sent', 'time'],
  call: ['id', 'time'],
};

/**
 * The decoder rule (docs/providers.md#smsc-kinds), in order: `mes` → incoming, else `waitcall`
 * → call, else status.
 */
export function eventKind(has: (name: string) => boolean): SmscKind {
  if (has('mes')) return 'incoming';
  if (has('waitcall')) return 'call';
  return 'status';
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Text of a scalar (JSON numbers and numeric strings alike); XML `#text` when attributes exist. */
function scalarText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === null) return '';
  if (isRecord(v) && '#text' in v) return scalarText(v['#text']);
  return null;
}

function fromObject(obj: Record<string, unknown>): WireField[] {
  return Object.entries(obj)
    .filter(([name]) => name !== '#text')
    .map(([name, raw]) => ({ name, text: scalarText(raw), raw }));
}

/** fmt=2: root and element names are not documented, so take any root and map its children. */
function xmlRoot(doc: Record<string, unknown>): Record<string, unknown> {
  for (const [name, value] of Object.entries(doc)) {
    if (!name.startsWith('?') && !name.startsWith('#')) return isRecord(value) ? value : {};
  }
  return {};
}

/** The fields of an SMSC.ru body in wire order: plain form, fmt=2 XML or fmt=3 JSON. */
export function readFields(body: ParsedBody): WireField[] {
  if (body.kind === 'form') return (body.pairs ?? []).map(([name, v]) => ({ name, text: v, raw: v }));
  if (body.kind === 'json' && isRecord(body.fields)) return fromObject(body.fields);
  if (body.kind === 'xml' && isRecord(body.fields)) return fromObject(xmlRoot(body.fields));
  return [];
}

/**
 * First field of each name. SMSC posts its own params before the ones echoed from the handler
 * URL, so on a clash the first one is SMSC's.
 */
export function firstByName(fields: readonly WireField[]): Map<string, WireField> {
  const map = new Map<string, WireField>();
  for (const f of fields) if (!map.has(f.name)) map.set(f.name, f);
  return map;
}

/** SMSC.ru's own field names, of every kind: the ones worth taking from a query string. */
const SMSC_NAMES: ReadonlySet<string> = new Set(
  (['status', 'incoming', 'call'] as const).flatMap((k) => [...CORE_FIELDS[k], ...OPTIONAL_FIELDS[k]]).concat(SIGNATURE_FIELDS),
);

/**
 * The request's fields: the body's, then the query's for names the body lacks
 * (docs/providers.md#smsc-c16). A callback delivered as GET has only a query; a handler URL's
 * `!` part arrives as the query. From a POST with fields only SMSC.ru's own names are taken, so
 * the handler's own `!g=1` stays the URL's business; the body wins a clash.
 */
export function requestFields(req: RawRequest, body: ParsedBody): WireField[] {
  const fields = readFields(body);
  const { rawQuery } = splitUrl(req.url);
  if (!rawQuery) return fields;
  const declared = charsetFromQuery(rawQuery);
  const charset = body.charset ?? (declared && isKnownCharset(declared) ? declared : 'windows-1251');
  const have = new Set(fields.map((f) => f.name));
  const onlyQuery = fields.length === 0;
  const merged = [...fields];
  for (const [name, v] of parseForm(Buffer.from(rawQuery, 'latin1'), charset).pairs) {
    if (have.has(name) || !(onlyQuery || SMSC_NAMES.has(name))) continue;
    have.add(name);
    merged.push({ name, text: v, raw: v });
  }
  return merged;
}

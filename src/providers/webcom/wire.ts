import type { ParsedBody } from '../../core/body.js';
import type { RawRequest } from '../../core/raw-request.js';
import { parseXml } from '../../core/xml.js';
import { isRecord } from '../../core/json-fields.js';

/** One `<state>` element of the XML spec: attributes in wire order and the element text. */
export interface XmlState {
  attrs: Array<[string, string]>;
  text: string | null;
}

/** A Webcom Mobi body: the JSON array, the XML `<state>` list, or why it is neither. */
export type WebcomWire =
  | { format: 'json'; items: unknown[] }
  | { format: 'xml'; states: XmlState[] }
  | { format: null; problem: string };

/**
 * Reads a body as Webcom's JSON array or XML document. The Content-Type is undocumented
 * (docs/providers.md#webcom-c2), so a body core did not parse is sniffed by its first byte.
 */
export function readWire(req: RawRequest, body: ParsedBody): WebcomWire {
  if (body.kind === 'json' || body.kind === 'xml') {
    if (body.fields === null) return { format: null, problem: body.parseError ?? `unreadable ${body.kind}` };
    return body.kind === 'json' ? fromJson(body.fields) : fromXml(body.fields);
  }
  const text = (body.text ?? req.body.toString('utf8')).replace(/^\uFEFF/, '').trimStart();
  try {
    if (text.startsWith('[') || text.startsWith('{')) return fromJson(JSON.parse(text));
    if (text.startsWith('<')) return fromXml(parseXml(text));
  } catch (e) {
    return { format: null, problem: `malformed body: ${(e as Error).message.split('\n')[0]}` };
  }
  return { format: null, problem: 'body is neither a JSON array nor an XML <response>' };
}

function fromJson(v: unknown): WebcomWire {
  if (Array.isArray(v)) return { format: 'json', items: v };
  return { format: null, problem: 'JSON body is not an array: Webcom Mobi sends a list of {id_sms,time,state}' };
}

function fromXml(doc: unknown): WebcomWire {
  const response = isRecord(doc) ? doc['response'] : undefined;
  if (response === undefined) return { format: null, problem: 'XML body has no <response> root' };
  const raw = isRecord(response) ? response['state'] : undefined;
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return { format: 'xml', states: list.map(toState) };
}

function toState(el: unknown): XmlState {
  if (!isRecord(el)) return { attrs: [], text: typeof el === 'string' ? el : null };
  const attrs = Object.entries(el)
    .filter(([k, v]) => k.startsWith('@_') && typeof v === 'string')
    .map(([k, v]): [string, string] => [k.slice(2), v as string]);
  const text = el['#text'];
  return { attrs, text: typeof text === 'string' ? text : null };
}

const XML_HEAD = '<?xml version="1.0" encoding="utf-8" ?>';

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The XML status document in the layout of the vendor's example (docs/providers.md#webcom-fields). */
export function writeStatesXml(states: readonly XmlState[]): string {
  const lines = states.map(({ attrs, text }) => {
    const a = attrs.map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
    return `  <state${a}>${escapeXml(text ?? '')}</state>`;
  });
  return [XML_HEAD, '<response>', ...lines, '</response>'].join('\n');
}

/** The XML acknowledgement: one `<id_sms>` per acknowledged status (vendor's layout). */
export function writeAckXml(ids: readonly string[]): string {
  const lines = ids.map((id) => `     <id_sms>${escapeXml(id)}</id_sms>`);
  return [XML_HEAD, '<response>', ...lines, '</response>'].join('\n');
}

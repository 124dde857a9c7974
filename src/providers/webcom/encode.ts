import { parseBody } from '../../core/body.js';
import { KitError } from '../../core/errors.js';
import type { RawRequest } from '../../core/raw-request.js';
import type { EncodeOptions } from '../../core/types.js';
import { contentTypeOf, providerRequest } from '../../core/provider-http.js';
import { editsOf, fieldText, isRecord, overrideRecord, resolveField, type FieldEdit } from '../../core/json-fields.js';
import { readWire, writeStatesXml, type WebcomWire, type XmlState } from './wire.js';

/** Normalised `--set` names and the Webcom field each means. */
const ALIASES: Readonly<Record<string, string>> = { messageId: 'id_sms', status: 'state' };
const WHAT = 'a Webcom Mobi status';
/** Assumed Content-Types when a sample has none (docs/providers.md#webcom-c2). */
const CONTENT_TYPES = { json: 'application/json', xml: 'text/xml' } as const;

type Readable = Exclude<WebcomWire, { format: null }>;

function readSample(sample: RawRequest): Readable {
  const wire = readWire(sample, parseBody(sample));
  if (wire.format === null) throw new KitError('E_USAGE', `not a Webcom Mobi sample: ${wire.problem}`);
  return wire;
}

/**
 * The edits for item `i` of a batch: `state=x` applies to every item, `1.state=x` (the names
 * `show` prints) to item 1 only.
 */
function editsForItem(edits: readonly FieldEdit[], i: number): FieldEdit[] {
  return edits.flatMap((e) => {
    const m = /^(\d+)\.(.+)$/.exec(e.key);
    if (!m) return [e];
    return Number(m[1]) === i ? [{ ...e, key: m[2]! }] : [];
  });
}

/** The sample as Webcom Mobi sends it; an edit applies to every item, or to the one its index names. */
export function encode(sample: RawRequest, target: string, opts: EncodeOptions): RawRequest {
  const edits = editsOf(opts);
  if (edits.length === 0) return providerRequest(target, contentTypeOf(sample, CONTENT_TYPES.json), sample.body);
  const wire = readSample(sample);
  const count = wire.format === 'json' ? wire.items.length : wire.states.length;
  for (const e of edits) {
    const m = /^(\d+)\./.exec(e.key);
    if (m && Number(m[1]) >= count) throw new KitError('E_USAGE', `--set ${e.key}: the batch has ${count} item${count === 1 ? '' : 's'} (0 to ${count - 1})`);
  }
  const overrideItem = (it: unknown, i: number): unknown => (isRecord(it) ? overrideRecord(it, editsForItem(edits, i), ALIASES, WHAT) : it);
  const body =
    wire.format === 'json'
      ? JSON.stringify(wire.items.map(overrideItem))
      : writeStatesXml(wire.states.map((s, i) => overrideState(s, editsForItem(edits, i))));
  return providerRequest(target, contentTypeOf(sample, CONTENT_TYPES[wire.format]), Buffer.from(body));
}

/** XML: `state`/`status` is the element text, every other name an attribute. */
function overrideState(state: XmlState, edits: readonly FieldEdit[]): XmlState {
  const attrs = new Map(state.attrs);
  let text = state.text;
  const present = new Set(['state', ...attrs.keys()]);
  for (const { key, value, mayAdd } of edits) {
    const name = resolveField(key, present, ALIASES, WHAT, mayAdd);
    if (name === 'state') text = value;
    else attrs.set(name, value);
  }
  return { attrs: [...attrs], text };
}

/** The same request carrying only the given id_sms items: what a retry re-sends. */
export function narrow(req: RawRequest, ids: readonly string[]): RawRequest {
  const keep = new Set(ids);
  const wire = readWire(req, parseBody(req));
  if (wire.format === null) return req;
  const body =
    wire.format === 'json'
      ? JSON.stringify(wire.items.filter((it) => isRecord(it) && keep.has(fieldText(it['id_sms']) ?? '')))
      : writeStatesXml(wire.states.filter((s) => s.attrs.some(([k, v]) => k === 'id_sms' && keep.has(v))));
  // A captured Content-Length no longer fits the shorter body; the client recomputes it.
  const headers = req.headers.filter(([k]) => k.toLowerCase() !== 'content-length');
  return { ...req, headers, body: Buffer.from(body) };
}

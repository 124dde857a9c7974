import { parseBody } from '../../core/body.js';
import { KitError } from '../../core/errors.js';
import type { RawRequest } from '../../core/raw-request.js';
import type { EncodeOptions } from '../../core/types.js';
import { contentTypeOf, providerRequest } from '../../core/provider-http.js';
import { fieldText, hasOverrides, isRecord, overrideRecord, resolveField } from '../../core/json-fields.js';
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

/** The sample as Webcom Mobi sends it; `--set` applies to every item of the batch. */
export function encode(sample: RawRequest, target: string, opts: EncodeOptions): RawRequest {
  const set = opts.set ?? {};
  if (!hasOverrides(set)) return providerRequest(target, contentTypeOf(sample, CONTENT_TYPES.json), sample.body);
  const wire = readSample(sample);
  const overrideItem = (it: unknown): unknown => (isRecord(it) ? overrideRecord(it, set, ALIASES, WHAT) : it);
  const body =
    wire.format === 'json'
      ? JSON.stringify(wire.items.map(overrideItem))
      : writeStatesXml(wire.states.map((s) => overrideState(s, set)));
  return providerRequest(target, contentTypeOf(sample, CONTENT_TYPES[wire.format]), Buffer.from(body));
}

/** XML: `state`/`status` is the element text, every other name an attribute. */
function overrideState(state: XmlState, set: Readonly<Record<string, string>>): XmlState {
  const attrs = new Map(state.attrs);
  let text = state.text;
  const present = new Set(['state', ...attrs.keys()]);
  for (const [key, value] of Object.entries(set)) {
    const name = resolveField(key, present, ALIASES, WHAT);
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

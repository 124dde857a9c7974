import { parseBody } from '../../core/body.js';
import { KitError } from '../../core/errors.js';
import { buildForm } from '../../core/form.js';
import type { RawRequest } from '../../core/raw-request.js';
import type { EncodeOptions } from '../../core/types.js';
import { contentTypeOf, providerRequest } from '../../core/provider-http.js';
import { editsOf, resolveField, unknownField } from '../../core/json-fields.js';
import { flattenFields, readFields, specOf } from './payload.js';

/** What Guzzle sets for `form_params` (docs/providers.md#zender-calls). */
const FORM_TYPE = 'application/x-www-form-urlencoded';
const TOP_LEVEL = new Set(['secret', 'type']);
const DATA_KEY = /^data\[([^\]]*)\]$/;

/**
 * The sample as Zender posts it: `http_build_query` bytes (`data%5Bid%5D=2`, spaces as `+`).
 * `--set` takes `data[phone]`, `phone` or a normalised name; `secret` replaces the field.
 */
export function encode(sample: RawRequest, target: string, opts: EncodeOptions): RawRequest {
  const edits = editsOf(opts);
  const declared = contentTypeOf(sample, FORM_TYPE);
  const contentType = declared.includes('form') ? declared : FORM_TYPE;
  if (edits.length === 0 && opts.secret === undefined) return providerRequest(target, contentType, sample.body);
  const body = parseBody(sample);
  const fields = readFields(body);
  if (!fields) throw new KitError('E_USAGE', 'not a Zender sample: expected a form with type and data[...]');
  // A JSON sample (accepted on decode only) is sent as the form Zender really posts.
  const pairs: Array<[string, string]> =
    body.kind === 'form' && body.pairs ? body.pairs.map(([k, v]) => [k, v]) : flattenFields(fields);
  if (opts.secret !== undefined) setField(pairs, 'secret', opts.secret, true);
  const aliases = specOf(fields['type'])?.fields ?? {};
  for (const { key, value, mayAdd } of edits) setField(pairs, wireKey(key, pairs, aliases, mayAdd), value, false);
  return providerRequest(target, contentType, buildForm(pairs, 'utf-8'));
}

/** Maps `phone`/`messageId`/`data[phone]`/`data.phone` (as `show` prints it) to the pair key it means (`data[phone]`). */
function wireKey(
  key: string,
  pairs: ReadonlyArray<[string, string]>,
  aliases: Readonly<Record<string, string>>,
  mayAdd: boolean,
): string {
  const keys = new Set(pairs.map(([k]) => k));
  const bare = new Set(pairs.flatMap(([k]) => DATA_KEY.exec(k)?.slice(1, 2) ?? []));
  const dotted = /^(\w+)\.([^.[\]]+)$/.exec(key);
  const asKey = dotted ? `${dotted[1]}[${dotted[2]}]` : key;
  const shown = [...keys].map((k) => k.replace(DATA_KEY, 'data.$1'));
  let name: string;
  try {
    name = resolveField(asKey, new Set([...keys, ...bare]), aliases, 'a Zender event', mayAdd, shown);
  } catch (e) {
    // Said in the user's spelling (`data.titel`), suggesting from the names `show` prints.
    if (dotted) throw unknownField(key, shown, 'a Zender event');
    throw e;
  }
  if (keys.has(name) || name.includes('[') || TOP_LEVEL.has(name)) return name;
  return `data[${name}]`;
}

/** Replaces every pair with this key, else adds one (first for `secret`, as Zender orders it). */
function setField(pairs: Array<[string, string]>, key: string, value: string, first: boolean): void {
  let found = false;
  for (const pair of pairs) {
    if (pair[0] === key) {
      pair[1] = value;
      found = true;
    }
  }
  if (!found) {
    if (first) pairs.unshift([key, value]);
    else pairs.push([key, value]);
  }
}

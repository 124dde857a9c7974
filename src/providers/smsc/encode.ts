import { parseBody, type ParsedBody } from '../../core/body.js';
import { decodeText, encodeText, isKnownCharset, normalizeCharset, unencodable } from '../../core/charset.js';
import { KitError } from '../../core/errors.js';
import { editsOf, unknownField, type FieldEdit } from '../../core/json-fields.js';
import type { RawRequest } from '../../core/raw-request.js';
import type { EncodeOptions } from '../../core/types.js';
import { eventKind, isAlgorithm, readFields, type Algorithm, type SmscKind } from './fields.js';
import { parseTarget, type HandlerTarget } from './handler-url.js';
import { CONTROL_FIELDS, controlString, DEFAULT_CHARSET, sign } from './hash.js';
import { buildBody, type Slot, type WireFormat } from './wire-body.js';

/** Normalised override names (EncodeOptions.set) to SMSC.ru wire names, per event kind. */
function wireName(key: string, kind: SmscKind): string {
  const names: Record<string, string> = {
    messageId: 'id',
    text: 'mes',
    error: 'err',
    // A call's "to" is the number that was called, and its time is `ts` (docs/providers.md#smsc-c8).
    to: kind === 'call' ? 'waitcall' : 'to',
    time: kind === 'call' ? 'ts' : 'time',
  };
  return Object.hasOwn(names, key) ? names[key]! : key;
}

/** A sample's own charset: declared (header, query, echoed `charset=`) or its XML prolog's. */
function sampleCharset(body: ParsedBody): string | null {
  if (body.charsetDeclared) return body.charset;
  const prolog = body.kind === 'xml' ? /^\s*<\?xml[^>]*encoding=["']([^"']+)["']/.exec(body.text ?? '') : null;
  return prolog ? normalizeCharset(prolog[1]!) : null;
}

function formatOf(fmt: string | null, body: ParsedBody): WireFormat {
  if (fmt !== null) return fmt === '2' ? 'xml' : fmt === '3' ? 'json' : 'form';
  return body.kind === 'xml' ? 'xml' : body.kind === 'json' ? 'json' : 'form';
}

/** Handler-URL params replace same-named sample fields and follow the standard params. */
function withTargetEcho(slots: Slot[], target: HandlerTarget): Slot[] {
  const echoed = new Set(target.echo.map(([k]) => k));
  const kept = slots.filter((s) => !echoed.has(s.name) && !(target.signature && isAlgorithm(s.name)));
  return [...kept, ...target.echo.map(([name, value]) => ({ name, value, fromTarget: true }))];
}

/** Overrides in place; new fields (`--add` only) go before the signature and handler-URL params. */
function withOverrides(slots: Slot[], edits: readonly FieldEdit[], kind: SmscKind): Slot[] {
  const out = [...slots];
  for (const { key, value, mayAdd } of edits) {
    const name = wireName(key, kind);
    const i = out.findIndex((s) => s.name === name);
    const slot: Slot = { name, value, forced: true, numeric: i >= 0 ? typeof out[i]!.raw === 'number' : undefined };
    if (i >= 0) out[i] = slot;
    else if (!mayAdd) throw unknownField(key, slots.map((s) => s.name), { status: 'this SMSC.ru status report', incoming: 'this SMSC.ru incoming SMS', call: 'this SMSC.ru call' }[kind]);
    else {
      const tail = out.findIndex((s) => s.fromTarget || isAlgorithm(s.name));
      out.splice(tail < 0 ? out.length : tail, 0, slot);
    }
  }
  return out;
}

/** Which slot to (re)sign and with what secret; a user-set hash is left alone. */
function signatureSlot(slots: Slot[], target: HandlerTarget, opts: EncodeOptions): { slot: Slot; secret: string } | null {
  if (slots.some((s) => s.forced && isAlgorithm(s.name))) return null;
  if (target.signature) {
    const { algorithm, secret } = target.signature;
    const slot = slots.find((s) => s.fromTarget && s.name === algorithm)!;
    const key = secret || opts.secret;
    if (!key) throw new KitError('E_USAGE', `${algorithm}= in the target URL has no secret; write ${algorithm}=<secret> or pass --secret`);
    return { slot, secret: key };
  }
  const existing = slots.find((s) => isAlgorithm(s.name));
  if (existing && (!opts.sign || opts.sign === existing.name)) return opts.secret ? { slot: existing, secret: opts.secret } : null;
  if (!opts.secret) {
    if (opts.sign) throw new KitError('E_USAGE', `signing with ${opts.sign} needs a secret; pass --secret`);
    return null;
  }
  // A different algorithm than the sample's: drop its hash and sign last, as the URL would place it.
  for (let i = slots.length - 1; i >= 0; i--) if (isAlgorithm(slots[i]!.name)) slots.splice(i, 1);
  const slot: Slot = { name: opts.sign ?? 'md5', value: '' };
  slots.push(slot);
  return { slot, secret: opts.secret };
}

/**
 * Re-encodes a sample as SMSC.ru would POST it to `target` (plain URL or handler-URL syntax
 * `…/path!get=1?echo=1&md5=SECRET&charset=utf-8&fmt=3`), with overrides and a fresh hash.
 * With no overrides and the sample's secret it reproduces the sample body byte for byte.
 */
export function encode(sample: RawRequest, target: string, opts: EncodeOptions): RawRequest {
  const handler = parseTarget(target);
  const body = parseBody(sample);
  const format = formatOf(handler.fmt, body);
  let charset = handler.charset ?? sampleCharset(body) ?? DEFAULT_CHARSET;
  if (!isKnownCharset(charset)) throw new KitError('E_USAGE', `unknown charset "${charset}"; use utf-8, windows-1251 or koi8-r`);
  // With fmt set, koi8-r is not used (docs/providers.md#smsc-c9).
  if (format !== 'form' && charset === 'koi8-r') charset = DEFAULT_CHARSET;
  const sampleSlots = readFields(body).map(
    (f): Slot => ({ name: f.name, value: f.text ?? JSON.stringify(f.raw), raw: body.kind === 'json' ? f.raw : undefined }),
  );
  const kind = eventKind((n) => sampleSlots.some((s) => s.name === n));
  const edits = editsOf(opts);
  const slots = withOverrides(withTargetEcho(sampleSlots, handler), edits, kind);
  // What the charset cannot carry is sent as "?" (and hashed as sent, below): say so, never silently.
  const lost = [...new Set(edits.flatMap((e) => unencodable(e.value, charset)))];
  if (lost.length) opts.onLoss?.(lost, charset);
  for (const s of slots) if (s.forced) s.value = decodeText(encodeText(s.value, charset), charset);
  for (const s of slots) {
    // An echoed charset must say what the body is now, or the receiver reads it wrong.
    if (s.name === 'charset' && !s.fromTarget && normalizeCharset(s.value) !== charset) Object.assign(s, { value: charset, raw: undefined });
  }
  const signing = signatureSlot(slots, handler, opts);
  if (signing) {
    const first = (n: string): string => slots.find((s) => s.name === n)?.value ?? '';
    const finalKind = eventKind((n) => slots.some((s) => s.name === n));
    const text = controlString(CONTROL_FIELDS[finalKind].map(first), signing.secret);
    Object.assign(signing.slot, { value: sign(signing.slot.name as Algorithm, text, charset), raw: undefined });
  }
  const { body: bytes, contentType } = buildBody(format, slots, charset);
  return { method: 'POST', url: handler.url, headers: [['Content-Type', contentType]], body: bytes };
}

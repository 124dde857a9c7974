import { parseBody, type ParsedBody } from '../../core/body.js';
import type { RawRequest, RawResponse } from '../../core/raw-request.js';
import type { AckVerdict, Decoded, RetryPolicy } from '../../core/types.js';
import { parseXml } from '../../core/xml.js';
import { describeAnswer, isSuccess } from '../../core/provider-http.js';
import { fieldText, isRecord } from '../../core/json-fields.js';
import { NAME } from './statuses.js';
import { readWire, writeAckXml } from './wire.js';

/** Attempts per unacknowledged id_sms: documented (docs/providers.md#webcom-retries). */
export const WEBCOM_ATTEMPTS = 5;
/** Interval between attempts: undocumented, 60 s assumed (docs/providers.md#webcom-c1). */
export const WEBCOM_RETRY_INTERVAL_MS = 60_000;
/** How long the platform waits for an answer: not documented anywhere, 10 s assumed. */
export const WEBCOM_TIMEOUT_MS = 10_000;

/** Re-sent until the answer echoes each id_sms; only the missing ids go again. */
export const RETRY: RetryPolicy = {
  attempts: WEBCOM_ATTEMPTS,
  intervalsMs: [WEBCOM_RETRY_INTERVAL_MS],
  timeoutMs: WEBCOM_TIMEOUT_MS,
  documented: false,
  attemptsDocumented: true,
  perMessage: true,
  note: '5 attempts per id_sms missing from the answer (documented); 60 s interval and 10 s timeout assumed',
};

/** The echo of every id_sms, each in the JSON type received, or the XML acknowledgement. */
export function answer(req: RawRequest, body: ParsedBody): RawResponse {
  const wire = readWire(req, body);
  if (wire.format === 'xml') {
    const ids = wire.states.flatMap((s) => s.attrs.filter(([k]) => k === 'id_sms').map(([, v]) => v));
    return { status: 200, headers: [['Content-Type', 'text/xml']], body: Buffer.from(writeAckXml(ids)) };
  }
  const json = wire.format === 'json' ? jsonEcho(wire.items, (body.text ?? req.body.toString('utf8'))) : '[]';
  return { status: 200, headers: [['Content-Type', 'application/json']], body: Buffer.from(json) };
}

/** A number id_sms as written: JSON.parse rounds one past 2^53, and the echo must match it digit for digit. */
const NUMBER_ID = /"id_sms"\s*:\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*[,}]/g;

/** `[{"id_sms":3234}, ...]`: number ids stay numbers, string ids strings (docs/providers.md#webcom-c4). */
function jsonEcho(items: readonly unknown[], source: string): string {
  const written = [...source.matchAll(NUMBER_ID)].map((m) => m[1]!);
  const numbers = items.filter((it) => isRecord(it) && typeof it['id_sms'] === 'number').length;
  let n = 0;
  const ids = items.flatMap((it) => {
    if (!isRecord(it) || fieldText(it['id_sms']) === null) return [];
    const id = it['id_sms'];
    // The written digits line up with the parsed numbers only when each item has one.
    return [typeof id === 'number' && written.length === numbers ? written[n++]! : JSON.stringify(id)];
  });
  return `[${ids.map((id) => `{"id_sms":${id}}`).join(',')}]`;
}

/** Accepted only when every id_sms is echoed; a non-2xx or unreadable answer acknowledges none. */
export function judge(res: RawResponse, req: RawRequest, decoded: Decoded): AckVerdict {
  const wanted = [...new Set(decoded.events.flatMap((e) => (e.messageId === null ? [] : [e.messageId])))];
  const said = describeAnswer(res);
  const refuse = (reason: string, unacknowledged: string[]): AckVerdict => ({ accepted: false, reason, unacknowledged });
  if (!isSuccess(res.status)) return refuse(`${said}; ${NAME} counts nothing as received and re-sends every status`, wanted);
  const echoed = echoedIds(res.body.toString('utf8'));
  if (echoed === null) return refuse(`${said} but ${NAME} expects the id_sms echo ${compactEcho(req)}`, wanted);
  const missing = wanted.filter((id) => !echoed.has(id));
  if (missing.length === 0) return { accepted: true, reason: `${said}: every id_sms echoed (${wanted.length})`, unacknowledged: [] };
  const count = `${wanted.length - missing.length} of ${wanted.length}`;
  return refuse(`${said}, echoing ${count} id_sms; ${NAME} re-sends ${missing.join(', ')}`, missing);
}

/** A scalar as a one-element list of its text, else empty. */
const textOf = (v: unknown): string[] => {
  const text = fieldText(v);
  return text === null ? [] : [text];
};

/** Ids in a JSON echo or an XML acknowledgement, compared as strings; null when neither. */
function echoedIds(text: string): Set<string> | null {
  const t = text.replace(/^\uFEFF/, '').trim();
  try {
    if (t.startsWith('[')) {
      const list: unknown = JSON.parse(t);
      if (!Array.isArray(list)) return null;
      return new Set(list.flatMap((it) => textOf(isRecord(it) ? it['id_sms'] : undefined)));
    }
    if (t.startsWith('<')) {
      const response = parseXml(t)['response'];
      const raw = isRecord(response) ? response['id_sms'] : undefined;
      const list: unknown[] = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      return new Set(list.flatMap((v) => (typeof v === 'string' ? [v] : textOf(isRecord(v) ? v['#text'] : undefined))));
    }
  } catch {
    return null;
  }
  return null;
}

/** The expected answer on one line, for the reason text. */
function compactEcho(req: RawRequest): string {
  const res = answer(req, parseBody(req));
  return res.body.toString('utf8').replace(/<\?xml[^>]*\?>/, '').replace(/\n\s*/g, '');
}

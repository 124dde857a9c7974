import { editableFields } from '../capture/edit-fields.js';
import { curlCommand } from '../output/export.js';
import { indexable, messageTimeline } from '../capture/correlate.js';
import type { Store } from '../capture/store.js';
import { type CaptureView } from '../capture/view.js';
import { maskedBytes, maskUrl, redactor } from '../core/redact.js';
import { fieldEntries, unixDate } from '../output/describe.js';
import { hexdump } from '../output/hexdump.js';
import { queryObject } from '../output/ndjson.js';
import { listedCapture } from './row.js';
import { shown } from './shown.js';

/** Bytes shown in the hex view (the rest: a count, and the NDJSON/HAR downloads). */
const HEX_MAX = 64 * 1024;

/** One status of a message's timeline as the page draws it. */
export interface TimelineStep {
  captureId: string;
  receivedAt: string;
  code: string;
  label: string;
  meaning: string;
  final: boolean;
  outcome: string;
  flags: string[];
}

/** The body as the page's body tab shows it: JSON indented, else the text as decoded. */
function bodyText(kind: string, text: string | null): string | null {
  if (kind !== 'json' || text === null) return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The dates of an event's time-named fields that hold a Unix timestamp (output/describe.ts unixDate). */
function eventDates(e: { time?: string | null; unknown?: Record<string, unknown> }): Record<string, string> {
  const dates: Record<string, string> = {};
  for (const [name, value] of [['time', e.time] as const, ...Object.entries(e.unknown ?? {})]) {
    const date = unixDate(name, value);
    if (date) dates[name] = date;
  }
  return dates;
}

/**
 * Everything the details pane shows of one capture, secrets masked as in every other output
 * and every string display text (shown.ts) but the raw bytes (base64) and the values to edit.
 */
export function captureDetailsJson(view: CaptureView, store: Store): Record<string, unknown> {
  const { record: r, inspection: i } = view;
  const mask = redactor(view.secrets);
  const timelines: Array<{ messageId: string; steps: TimelineStep[] }> = [];
  if (i.provider) {
    const seen = new Set<string>();
    for (const { messageId } of indexable(i.decoded)) {
      if (seen.has(messageId)) continue;
      seen.add(messageId);
      const steps = messageTimeline(store, i.provider, messageId).map((t) => ({
        captureId: t.captureId,
        receivedAt: new Date(t.receivedAt).toISOString(),
        code: t.status.code,
        label: t.status.label,
        meaning: t.status.meaning,
        final: t.status.final,
        outcome: t.status.outcome,
        flags: t.flags,
      }));
      timelines.push({ messageId, steps });
    }
  }
  let editable: Record<string, string> | null = null;
  let editReason: string | null = null;
  try {
    editable = editableFields(r);
  } catch (e) {
    editReason = (e as Error).message;
  }
  const raw = maskedBytes(r.body, view.secrets, i.body.charset);
  const forward = r.forward as { url?: unknown } | null;
  const pairs = i.body.pairs?.map(([name, value]) => [name, value, unixDate(name, value)]) ?? null;
  const fields = i.body.fields === null || i.body.fields === undefined ? null : fieldEntries(i.body.fields);
  const details = shown(mask.deep({
    capture: listedCapture(view),
    body: { kind: i.body.kind, text: bodyText(i.body.kind, i.body.text), pairs },
    // Tables of the fields tab and the headers, each row [name, value, date of a Unix timestamp].
    fields: { query: fieldEntries(queryObject(r.url)).filter(([name]) => name !== '(value)'), body: fields },
    headers: r.headers.map(([name, value]) => [name, value, unixDate(name, value)]),
    eventDates: (i.decoded?.events ?? []).map(eventDates),
    timelines,
    signature: { ...i.signature },
    answer: r.answer ? { status: r.answer.status, headers: r.answer.headers, body: r.answer.body.toString('utf8') } : null,
    forward: forward ? { ...forward, url: typeof forward.url === 'string' ? maskUrl(forward.url) : forward.url } : null,
    // The same text as `export --format curl` (masked unless --reveal-secrets).
    curl: curlCommand(view, undefined, undefined, view.secrets),
    editReason,
    providerName: i.provider?.name ?? null,
  }));
  // Masked as bytes above; the text masker must not touch base64, where a short secret's
  // letters can occur by chance. The values to edit go back as typed: they are input values.
  return Object.assign(details, { editable: editable && mask.deep(editable), raw: raw.toString('base64'), rawMasked: raw !== r.body, hex: hexdump(raw, HEX_MAX) });
}

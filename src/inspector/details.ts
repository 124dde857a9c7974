import { editableFields } from '../capture/edit-fields.js';
import { curlCommand } from '../output/export.js';
import { indexable, messageTimeline } from '../capture/correlate.js';
import type { Store } from '../capture/store.js';
import { type CaptureView } from '../capture/view.js';
import { captureJson } from '../output/ndjson.js';
import { maskedBytes, maskUrl, redactor } from '../core/redact.js';
import { hexdump } from '../output/hexdump.js';

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

/** Everything the details pane shows of one capture, secrets masked as in every other output. */
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
  const shown = mask.deep({
    capture: captureJson(view),
    body: { kind: i.body.kind, text: i.body.text, pairs: i.body.pairs },
    timelines,
    signature: { ...i.signature },
    answer: r.answer ? { status: r.answer.status, headers: r.answer.headers, body: r.answer.body.toString('utf8') } : null,
    forward: forward ? { ...forward, url: typeof forward.url === 'string' ? maskUrl(forward.url) : forward.url } : null,
    // The same text as `export --format curl` (masked unless --reveal-secrets).
    curl: curlCommand(view, undefined, undefined, view.secrets),
    editable,
    editReason,
    providerName: i.provider?.name ?? null,
  });
  // Masked as bytes above; the text masker must not touch base64, where a short secret's
  // letters can occur by chance.
  return Object.assign(shown, { raw: raw.toString('base64'), rawMasked: raw !== r.body, hex: hexdump(raw, HEX_MAX) });
}

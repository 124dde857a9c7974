import type { CaptureView } from '../capture/view.js';
import { safePreview } from '../core/safe-text.js';
import { formatTime } from '../output/describe.js';
import { appText, FLAG_WORD, SIGNATURE_WORD, summarise } from '../output/row-summary.js';
import { captureJson } from '../output/ndjson.js';

// A list cell holds at most this much text (the row summary caps fields at 200 already).
const CELL_MAX = 300;
const text = (s: string | null | undefined): string => safePreview(s || '-', CELL_MAX);

/**
 * The list row of a capture as the page draws it: the TUI's columns (output/row-summary.ts),
 * every cell already display text (secrets masked, unsafe characters escaped by
 * core/safe-text.ts), so the page only inserts it as text.
 */
export function rowCells(view: CaptureView): Record<string, string | boolean | null> {
  const row = summarise(view);
  const verdict = view.record.forward?.verdict;
  return {
    time: formatTime(row.receivedAt),
    method: text(row.method),
    path: text(row.path),
    provider: text(row.provider),
    event: text(row.event),
    messageId: text(row.messageId),
    phone: text(row.phone),
    outcome: row.outcome ?? '-',
    final: row.final,
    app: row.app ? text(appText(row.app)) : '-',
    appAccepted: row.app ? row.app.accepted === true : null,
    appVerdict: typeof verdict === 'string' ? text(verdict) : null,
    meaning: text(row.meaning),
    signature: SIGNATURE_WORD[row.signature],
    signatureState: row.signature,
    flags: row.flags.map((f) => FLAG_WORD[f]).join(','),
  };
}

/** A capture as the API and the event stream give it: the NDJSON object plus its list row (`row`). */
export function listedCapture(view: CaptureView): Record<string, unknown> {
  return Object.assign(captureJson(view), { row: rowCells(view) });
}

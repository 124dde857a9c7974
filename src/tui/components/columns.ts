import type { ChalkInstance } from 'chalk';
import { formatTime, outcomeColor } from '../../output/describe.js';
import { safePreview } from '../../core/safe-text.js';
import type { RowData } from '../model.js';
import { providerById } from '../../providers/registry.js';
import { appText, FLAG_LETTER, FLAG_WORD, SIGNATURE_WORD } from '../../output/row-summary.js';

export type ColumnKey = 'time' | 'method' | 'path' | 'provider' | 'event' | 'msgid' | 'phone' | 'outcome' | 'final' | 'app' | 'meaning' | 'sig' | 'flags';

/** A list column and the width it got for this terminal. */
export interface Column {
  key: ColumnKey;
  title: string;
  width: number;
}

// `✗ unreachable` and `500 ✗ resend` fit; narrower, the cell says `500 ✗` / `✗ down`.
const APP_WIDTH = 13;
// [key, title, preferred width, title when narrower than the title]; the order is the on-screen order.
const SPEC: ReadonlyArray<readonly [ColumnKey, string, number, string?]> = [
  ['time', 'TIME', 12],
  ['method', 'METH', 4],
  ['path', 'PATH', 12],
  ['provider', 'PROVIDER', 8, 'PROV'],
  ['event', 'EVENT', 8],
  ['msgid', 'MSG ID', 10],
  ['phone', 'PHONE', 13],
  ['outcome', 'OUTCOME', 9],
  ['final', 'F', 1],
  // Only with --forward-to (or stored replays in view): the app's status and the provider's verdict.
  ['app', 'APP', APP_WIDTH],
  ['meaning', 'MEANING', 24],
  ['sig', 'SIG', 4],
  ['flags', 'FLAGS', 7],
];
/**
 * What a row is for (the provider's words for the status) gets at least this much whenever the
 * terminal has room for it: from 80 columns up, with or without the APP column.
 */
const MEANING_MIN = 16;
// When the terminal is narrow: who gives up width first and down to what (SIG keeps "none",
// FLAGS its title and four letters), then who disappears so that MEANING keeps MEANING_MIN.
const SHRINK: ReadonlyArray<readonly [ColumnKey, number]> = [
  ['time', 8], ['flags', 5], ['path', 6], ['provider', 6], ['event', 6], ['meaning', MEANING_MIN],
  ['msgid', 8], ['phone', 11], ['app', 6],
];
const DROP: readonly ColumnKey[] = ['method', 'path', 'event', 'phone', 'provider', 'flags', 'sig', 'msgid'];
/** Width of the selection marker before the first column. */
export const MARKER = 2;

/**
 * Column widths that fit `width` cells exactly (so rows never wrap); extra room goes to the meaning.
 * `app` adds the APP column (the app's answer when forwarding). The meaning is never dropped.
 */
export function columnsFor(width: number, { app = false }: { app?: boolean } = {}): Column[] {
  let cols: Column[] = SPEC.filter(([key]) => app || key !== 'app').map(([key, title, pref, short]) => ({ key, title: pref < title.length && short ? short : title, width: pref }));
  const used = (): number => MARKER + cols.reduce((n, c) => n + c.width, 0) + cols.length - 1;
  for (const [key, min] of SHRINK) {
    const col = cols.find((c) => c.key === key);
    if (!col) continue;
    col.width = Math.max(min, col.width - Math.max(0, used() - width));
  }
  const meaning = cols.find((c) => c.key === 'meaning')!;
  const appCol = cols.find((c) => c.key === 'app');
  // The width the meaning would have if it took what the others leave; columns go until it has
  // MEANING_MIN and the APP column its words (`500 ✗ resend` says whether the provider retries).
  const room = (): number => meaning.width + width - used();
  const needed = (): number => MEANING_MIN + (appCol ? APP_WIDTH - appCol.width : 0);
  for (const key of DROP) if (room() < needed()) cols = cols.filter((c) => c.key !== key);
  // Narrower than even that (under about 40 columns): the meaning takes what is left.
  meaning.width = Math.max(1, Math.min(meaning.width, room()));
  // Room left after a drop goes back to the APP column first, so its words are not cut.
  if (appCol && used() < width) appCol.width = Math.min(APP_WIDTH, appCol.width + width - used());
  if (used() < width) meaning.width += width - used();
  for (const c of cols) if (c.title.length > c.width) c.title = SPEC.find(([k]) => k === c.key)?.[3] ?? c.title;
  return cols;
}

/** A cell: sanitised, cut with an ellipsis, padded to its width. */
export const cell = (text: string | null, width: number): string => safePreview(text ?? '-', width).padEnd(width);

/**
 * A provider id too wide for its cell as its shortest route alias that fits (smsgateway24 as
 * sg24): cut, it would read `smsgate…`, another provider's id.
 */
function providerLabel(id: string | null, width: number): string | null {
  if (id === null || id.length <= width) return id;
  const alias = providerById(id)?.routes.filter((r) => r.length <= width).sort((a, b) => a.length - b.length)[0];
  return alias ?? id;
}

function cellOf(row: RowData, col: Column, paint: ChalkInstance): string {
  const w = col.width;
  const tone = row.outcome ? outcomeColor(paint, row.outcome) : paint.dim;
  switch (col.key) {
    case 'time':
      return paint.dim(cell(formatTime(row.receivedAt).slice(0, w), w));
    case 'method':
      return cell(row.method, w);
    case 'path':
      return cell(row.path, w);
    case 'provider':
      return paint.cyan(cell(providerLabel(row.provider, w), w));
    case 'event':
      return cell(row.event, w);
    case 'msgid':
      return cell(row.messageId, w);
    case 'phone':
      return cell(row.phone, w);
    case 'outcome':
      return tone(cell(row.outcome, w));
    case 'final':
      return row.final ? paint.bold('*') : ' ';
    case 'app':
      if (!row.app) return paint.dim(cell(null, w));
      return (row.app.accepted === true ? paint.green : paint.red)(cell(appText(row.app, w), w));
    case 'meaning':
      return tone(cell(row.meaning || null, w));
    case 'sig': {
      const sig = cell(SIGNATURE_WORD[row.signature], w);
      return row.signature === 'valid' ? paint.green(sig) : row.signature === 'invalid' ? paint.red(sig) : paint.dim(sig);
    }
    case 'flags': {
      const words = row.flags.map((f) => (w >= 7 ? FLAG_WORD[f] : FLAG_LETTER[f])).join(w >= 7 ? ',' : '');
      return row.flags.length ? paint.yellow(cell(words, w)) : cell('', w);
    }
  }
}

/** One list row, exactly as wide as the columns; the selected row gets a marker and inverse video. */
export function rowLine(row: RowData, cols: readonly Column[], paint: ChalkInstance, selected: boolean): string {
  const line = cols.map((c) => cellOf(row, c, paint)).join(' ');
  return selected ? paint.inverse(`> ${line}`) : `  ${line}`;
}

/** The column titles line. */
export function titleLine(cols: readonly Column[], paint: ChalkInstance): string {
  return paint.bold(`  ${cols.map((c) => c.title.slice(0, c.width).padEnd(c.width)).join(' ')}`);
}

// The list rows: the TUI's columns, each cell the display text the server built for it
// (`row` of each capture: src/inspector/row.ts, from src/output/row-summary.ts).
import { h } from './dom.js';

const COLUMNS = ['time', 'method', 'path', 'provider', 'event', 'msgid', 'phone', 'outcome', 'final', 'app', 'meaning', 'sig', 'flags'];

/** [text, class, title] of each column of a capture's row. */
function cellsOf(c) {
  const x = c.row;
  const tone = `o-${x.outcome}`;
  return {
    time: [x.time, 'dim'],
    method: [x.method],
    path: [x.path],
    provider: [x.provider, 'ok'],
    event: [x.event],
    msgid: [x.messageId],
    phone: [x.phone],
    outcome: [x.outcome, tone],
    final: [x.final ? '*' : ''],
    app: [x.app, x.appAccepted === null ? 'dim' : x.appAccepted ? 'ok' : 'bad', x.appVerdict],
    meaning: [x.meaning, tone],
    sig: [x.signature, x.signatureState === 'valid' ? 'ok' : x.signatureState === 'invalid' ? 'bad' : 'dim'],
    flags: [x.flags, 'warn'],
  };
}

/** Draws capture `c` into the row `tr` (a new one, or one reused when a burst redraws the list). */
export function fillRow(tr, c) {
  tr.dataset.id = c.id;
  tr.dataset.received = c.receivedAt;
  tr.setAttribute('aria-selected', 'false');
  const cells = cellsOf(c);
  COLUMNS.forEach((key, i) => {
    const [text, cls, title] = cells[key];
    const td = tr.children[i];
    td.className = cls ? `c-${key} ${cls}` : `c-${key}`;
    td.textContent = text;
    if (title) td.title = title;
    else td.removeAttribute('title');
  });
  return tr;
}

/** A new `<tr>` for capture `c`. */
export const rowOf = (c) => fillRow(h('tr', { class: 'row' }, COLUMNS.map(() => h('td'))), c);

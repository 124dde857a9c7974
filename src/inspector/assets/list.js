// The list rows: the TUI's columns (src/tui/components/columns.ts), drawn from the NDJSON object
// of each capture the same way src/tui/model.ts summarise() reads a capture.
import { h, preview } from './dom.js';

const SIG = { valid: 'ok', invalid: 'BAD', absent: 'none', unchecked: '-' };
const FLAG = { duplicate: 'dup', 'out-of-order': 'ooo', impossible: 'imp', problem: 'err' };

const time = (iso) => {
  const d = new Date(iso);
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
};

/** The cells of one capture: what the TUI row shows. */
export function cellsOf(c) {
  const events = c.events ?? [];
  const main = events.find((e) => e.status) ?? events[0];
  const status = main?.status ?? null;
  const more = events.length > 1 ? `+${events.length - 1}` : '';
  const meaning = status
    ? `${status.label}: ${status.meaning}`
    : (main?.text ?? (main?.error && main.error.code !== '0' ? main.error.meaning : null) ?? '');
  const flags = [...new Set(events.flatMap((e) => e.flags ?? []))];
  if (c.parseError || (c.problems ?? []).length) flags.push('problem');
  const f = c.forward;
  let app = null;
  if (f && typeof f.verdict === 'string') {
    app = f.status === null || f.status === undefined ? `✗ ${f.errorKind ?? 'no answer'}` : `${f.status} ${f.accepted ? '✓' : '✗'}`;
  }
  return {
    time: time(c.receivedAt),
    method: c.method,
    path: c.path,
    provider: c.provider ?? '-',
    event: main ? `${main.kind}${more}` : '-',
    msgid: main?.messageId ?? '-',
    phone: main?.phone ?? '-',
    outcome: status?.outcome ?? '-',
    final: status?.final ? '*' : '',
    app: app ?? '-',
    appOk: f ? f.accepted === true : null,
    appVerdict: f?.verdict ?? '',
    meaning,
    sig: SIG[c.signature?.state] ?? '-',
    sigState: c.signature?.state,
    flags: flags.map((x) => FLAG[x] ?? x).join(','),
  };
}

/** A `<tr>` for one capture. */
export function rowOf(c, onPick) {
  const x = cellsOf(c);
  const td = (key, text, cls = '', title) => h('td', { class: `c-${key} ${cls}`.trim(), title: title ?? null }, preview(text, 300));
  const tr = h('tr', { class: 'row', 'data-id': c.id, 'data-received': c.receivedAt, 'aria-selected': 'false', onclick: () => onPick(c.id) },
    td('time', x.time, 'dim'),
    td('method', x.method),
    td('path', x.path),
    td('provider', x.provider, 'ok'),
    td('event', x.event),
    td('msgid', x.msgid),
    td('phone', x.phone),
    td('outcome', x.outcome, `o-${x.outcome}`),
    td('final', x.final),
    td('app', x.app, x.appOk === null ? 'dim' : x.appOk ? 'ok' : 'bad', x.appVerdict),
    td('meaning', x.meaning, `o-${x.outcome}`),
    td('sig', x.sig, x.sigState === 'valid' ? 'ok' : x.sigState === 'invalid' ? 'bad' : 'dim'),
    td('flags', x.flags, 'warn'));
  return tr;
}

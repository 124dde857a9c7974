// The details pane of one capture: decoded events, timeline, fields, JSON tree, headers, body,
// raw and hex views, the answer sent and the app's answer; copy as curl, downloads, replay.
import { api, add, fill, h, kvTable } from './dom.js';
import { jsonTree, prettyXml } from './tree.js';

export const TABS = ['decoded', 'fields', 'json', 'headers', 'body', 'raw', 'hex', 'answer', 'replay'];

const withId = (el, id) => Object.assign(el, { id });

const bytesOf = (b64) => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));

/** The bytes as the wire carried them: printable ASCII as itself, the rest as \xNN (LF kept). */
function rawText(bytes) {
  let out = '';
  for (const b of bytes) {
    if (b === 0x0a) out += '\\n\n';
    else if (b >= 0x20 && b < 0x7f && b !== 0x5c) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** [name, value, date] rows (the server's, src/inspector/details.ts) as table rows: a Unix timestamp shows its date. */
const dated = (rows) => rows.map(([k, v, date]) => [k, date ? `${v} (${date})` : v]);

function eventBlock(e, dates) {
  const rows = [['kind', e.kind]];
  if (e.messageId) rows.push(['message id', e.messageId]);
  if (e.phone) rows.push(['phone', e.phone]);
  if (e.to) rows.push(['to', e.to]);
  if (e.status) {
    const s = e.status;
    rows.push(['status', h('span', { class: `o-${s.outcome}` }, `${s.label} (code ${s.code}) — ${s.meaning}`)]);
    rows.push(['finality', s.final ? `final: ${s.outcome}` : `not final (${s.outcome}); more statuses follow`]);
  }
  if (e.error) rows.push(['error', `${e.error.code}: ${e.error.meaning}`]);
  if (e.text !== undefined && e.text !== null) rows.push(['text', e.text]);
  if (e.time) rows.push(['time', dates.time ? `${e.time} (${dates.time})` : e.time]);
  if (e.channel) rows.push(['channel', e.channel]);
  if (e.flags?.length) rows.push(['flags', h('span', { class: 'warn' }, e.flags.join(', '))]);
  for (const [k, v] of Object.entries(e.unknown ?? {})) rows.push([`(unknown) ${k}`, `${typeof v === 'string' ? v : JSON.stringify(v)}${dates[k] ? ` (${dates[k]})` : ''}`]);
  return kvTable(rows);
}

function appBlock(f) {
  if (!f) return null;
  const answered = f.status === null ? h('span', { class: 'bad' }, 'no answer') : `${f.status} in ${Math.round(f.latencyMs ?? 0)} ms`;
  return [h('h3', {}, 'Your app'), kvTable([
    ['url', f.url ?? ''], ['answer', answered],
    ['verdict', h('span', { class: f.accepted === true ? 'ok' : f.accepted === false ? 'bad' : 'warn' }, f.verdict ?? '')],
    ...(f.error ? [['error', f.error]] : []),
  ])];
}

const views = {
  decoded(d) {
    const c = d.capture;
    const out = [];
    out.push(h('h3', {}, d.providerName ? `Decoded (${d.providerName})` : 'Decoded'));
    if (!c.provider) out.push(h('p', { class: 'dim' }, 'no provider recognised (plain capture)'));
    c.events.forEach((e, n) => out.push(eventBlock(e, d.eventDates[n] ?? {})));
    for (const p of c.problems) out.push(h('p', { class: 'bad' }, `! ${p}`));
    if (c.parseError && !c.problems.includes(c.parseError)) out.push(h('p', { class: 'bad' }, `! ${c.parseError}`));
    for (const t of d.timelines) {
      out.push(h('h3', {}, `Timeline of message ${t.messageId}`));
      out.push(h('ol', { class: 'timeline' }, t.steps.map((s) => h('li', { class: s.captureId === c.id ? 'here' : null },
        h('span', { class: `o-${s.outcome}` }, `${s.label}${s.final ? ' (final)' : ''}`), ' ',
        h('a', { href: `#/capture/${encodeURIComponent(s.captureId)}` }, s.captureId), ' ',
        h('span', { class: 'dim' }, s.receivedAt),
        s.flags.length ? h('span', { class: 'warn' }, ` [${s.flags.join(', ')}]`) : null))));
    }
    const sig = d.signature;
    out.push(h('h3', {}, 'Signature'));
    out.push(kvTable([
      ['state', h('span', { class: sig.state === 'valid' ? 'ok' : sig.state === 'invalid' ? 'bad' : 'dim' }, sig.state)],
      ['detail', sig.detail], ...(sig.algorithm ? [['algorithm', sig.algorithm]] : []),
      ...(sig.canonical ? [['signed string', sig.canonical]] : []), ...(sig.received ? [['received', sig.received]] : []), ...(sig.computed ? [['computed', sig.computed]] : []),
    ]));
    out.push(h('h3', {}, 'Answer sent'));
    out.push(d.answer ? h('pre', {}, `${d.answer.status}\n${d.answer.body}`) : h('p', { class: 'dim' }, 'none (the client went away, or the app is being asked)'));
    out.push(appBlock(d.forward));
    return out;
  },
  fields(d) {
    const c = d.capture;
    const out = [h('h3', {}, 'Query')];
    out.push(d.fields.query.length ? withId(kvTable(dated(d.fields.query), ['name', 'value']), 'query-fields') : h('p', { class: 'dim' }, 'no query'));
    out.push(h('h3', {}, `Body fields (${d.body.kind}${c.charset ? `, ${c.charset}` : ''})`));
    if (d.body.pairs) out.push(withId(kvTable(dated(d.body.pairs), ['name', 'value']), 'body-fields'));
    else if (d.fields.body !== null) out.push(withId(kvTable(dated(d.fields.body), ['field', 'value']), 'body-fields'));
    else out.push(h('p', { class: 'dim' }, 'no fields'));
    return out;
  },
  json(d) {
    const c = d.capture;
    return [c.fields !== null ? [h('h3', {}, 'Body'), jsonTree(c.fields)] : null, h('h3', {}, 'Capture (the NDJSON object)'), jsonTree(c, null, 0, 1)];
  },
  headers(d) {
    return [h('h3', {}, 'Headers, in received order'), kvTable(dated(d.headers), ['name', 'value'])];
  },
  body(d) {
    const c = d.capture;
    const head = h('h3', {}, `Body (${c.size} bytes, ${d.body.kind}${c.charset ? `, ${c.charset}` : ''}${c.truncated ? ', truncated' : ''})`);
    if (d.body.text === null) return [head, h('p', { class: 'dim' }, 'not text: see raw and hex')];
    // JSON comes indented from the server; XML is re-indented here, for display only.
    const text = d.body.kind === 'xml' ? prettyXml(d.body.text) : d.body.text;
    return [head, h('pre', { class: 'body' }, text)];
  },
  raw(d) {
    return [h('h3', {}, `Raw bytes${d.rawMasked ? ' (secrets masked; `webhook-kit show --raw` gives the exact bytes)' : ''}`), h('pre', { class: 'raw' }, rawText(bytesOf(d.raw)))];
  },
  hex(d) {
    return [h('h3', {}, 'Hex'), h('pre', { class: 'hex' }, d.hex)];
  },
  answer(d) {
    const a = d.answer;
    return [h('h3', {}, 'Answer sent'), a ? [kvTable([['status', a.status]]), kvTable(a.headers, ['name', 'value']), h('pre', {}, a.body)] : h('p', { class: 'dim' }, 'none'), appBlock(d.forward)];
  },
  replay(d) {
    const c = d.capture;
    const result = h('div', { class: 'result', id: 'replay-result', role: 'status' });
    const url = h('input', { class: 'field', id: 'replay-url', type: 'url', placeholder: 'where it was sent (or your app, e.g. http://localhost:3000/sms)' });
    const send = async (body) => {
      fill(result, h('span', { class: 'dim' }, 'sending…'));
      try {
        const r = await api(`/api/captures/${encodeURIComponent(c.id)}/replay`, { body: { url: url.value || undefined, ...body } });
        fill(result, h('div', { class: r.accepted === true ? 'ok' : 'bad', id: 'replay-verdict' }, `${r.accepted === true ? '✓' : '✗'} ${r.status ?? 'no answer'}: ${r.verdict}`),
          r.id ? h('div', {}, 'stored as ', h('a', { href: `#/capture/${encodeURIComponent(r.id)}` }, r.id)) : h('div', { class: 'dim' }, 'the listener lists it as a new capture'));
      } catch (e) {
        fill(result, h('div', { class: 'bad', id: 'replay-verdict' }, `✗ ${e.message}`));
      }
    };
    const out = [h('h3', {}, 'Replay'), h('label', {}, 'to ', url), h('div', { class: 'actions' }, h('button', { type: 'button', id: 'replay-send', onclick: () => send({}) }, 'replay byte for byte'))];
    out.push(h('h3', {}, 'Edit and replay'));
    if (!d.editable) out.push(h('p', { class: 'dim' }, d.editReason ?? 'not editable'));
    else {
      const inputs = Object.entries(d.editable).map(([k, v]) => [k, v, h('input', { class: 'field', 'data-field': k, value: v })]);
      const secret = h('input', { class: 'field', id: 'resign-secret', type: 'password', placeholder: 'secret to re-sign with (SMSC.ru) or to fill in (Zender)', autocomplete: 'off' });
      const resign = h('input', { type: 'checkbox', id: 'resign' });
      out.push(kvTable(inputs.map(([k, , input]) => [k, input]), ['field', 'value']));
      out.push(h('label', {}, resign, ' re-sign with '), secret);
      out.push(h('div', { class: 'actions' }, h('button', { type: 'button', id: 'edit-send', onclick: () => {
        // Only what the user changed: a field shown masked and left alone keeps its real value.
        const set = Object.fromEntries(inputs.filter(([, v, input]) => input.value !== v).map(([k, , input]) => [k, input.value]));
        void send({ set, resign: resign.checked ? secret.value : undefined });
      } }, 'send edited')));
    }
    out.push(result);
    return out;
  },
};

/** Draws capture details `d` into `el`, on `tab`; `onTab` is told when the user picks another. */
export function drawDetails(el, d, tab, { onTab, onClose, onMessage }) {
  const c = d.capture;
  const body = h('div', { id: 'tab-body' });
  const tabs = h('div', { class: 'tabs', role: 'tablist' }, TABS.map((t) => h('button', { type: 'button', role: 'tab', 'data-tab': t, 'aria-selected': String(t === tab), onclick: () => onTab(t) }, t)));
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(d.curl);
      onMessage('curl command copied');
    } catch {
      // No clipboard (an insecure context or a denied permission): show it to copy by hand.
      fill(body, h('h3', {}, 'curl'), h('textarea', { id: 'curl-text', rows: 8, cols: 80, readonly: true, value: d.curl }));
    }
  };
  const id = encodeURIComponent(c.id);
  fill(el,
    h('h2', {}, `${c.id}  `, h('span', { class: 'dim' }, `${c.receivedAt} from ${c.remote}`), c.replayOf ? h('span', { class: 'warn' }, `  replay of ${c.replayOf}`) : null),
    h('div', {}, `${c.method} ${c.url}`),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'copy-curl', onclick: copy }, 'copy as curl'),
      h('a', { class: 'button', href: `/api/captures/${id}/export?format=har`, download: `webhook-kit-${c.id}.har` }, 'HAR'),
      h('a', { class: 'button', href: `/api/captures/${id}/export?format=ndjson`, download: `webhook-kit-${c.id}.ndjson` }, 'NDJSON'),
      h('button', { type: 'button', onclick: () => onTab('replay') }, 'replay / edit'),
      h('button', { type: 'button', onclick: onClose, title: 'Esc' }, 'close')),
    tabs, body);
  add(body, [views[tab]?.(d) ?? []]);
}


// DOM helpers for the inspector page. Payload text only ever becomes a text node (never HTML),
// and control, bidi and invisible characters are shown as escapes, as src/core/safe-text.ts
// does for the terminal.

// The same set as UNSAFE in src/core/safe-text.ts.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

const escapeChar = (ch) => {
  const c = ch.charCodeAt(0);
  if (c === 0x0d) return '\\r';
  return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
};

/** Text as it may be shown: every unsafe character as a visible escape. */
export const visible = (s) => String(s).replace(UNSAFE, escapeChar);

/** One line, cut to `max` with an ellipsis. */
export const preview = (s, max = 200) => {
  const t = visible(String(s ?? '')).replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

/**
 * An element: `props` become properties/attributes (on* listeners), children are nodes or
 * strings (each string a text node, escaped by visible()).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  add(el, children);
  return el;
}

/** Appends children (nested arrays allowed; null/false skipped). */
export function add(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(visible(c)));
  }
  return el;
}

/** Replaces every child of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  return add(el, children);
}

/** A two-column table of [key, value] rows. */
export function kvTable(rows, head) {
  return h('table', { class: 'kv' },
    head ? h('thead', {}, h('tr', {}, head.map((t) => h('th', {}, t)))) : null,
    h('tbody', {}, rows.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v instanceof Node ? v : String(v ?? ''))))));
}

/** The token the server put in the page, for state-changing requests. */
export const token = () => document.querySelector('meta[name="inspector-token"]')?.getAttribute('content') ?? '';

/** A JSON API call; throws an Error carrying the server's one-line message. */
export async function api(path, opts = {}) {
  const init = opts.body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Inspector-Token': token() }, body: JSON.stringify(opts.body) };
  const res = await fetch(path, init);
  const value = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
  if (!res.ok) throw new Error(value.error ?? `HTTP ${res.status}`);
  return value;
}

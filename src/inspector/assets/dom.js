// DOM helpers for the inspector page. Payload text only ever becomes a text node (never HTML);
// the server sends it as display text already (src/inspector/shown.ts, src/core/safe-text.ts:
// control, bidi and invisible characters as escapes), so the page has no character set of its own.

/**
 * An element: `props` become properties/attributes (on* listeners), children are nodes or
 * strings (each string a text node).
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
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
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

// A collapsible JSON tree (<details> per object/array), every key and value as text.
import { h } from './dom.js';

const leaf = (v) => {
  if (typeof v === 'string') return h('span', { class: 'str' }, JSON.stringify(v));
  if (typeof v === 'number' || typeof v === 'boolean') return h('span', { class: 'num' }, String(v));
  return h('span', { class: 'dim' }, 'null');
};

/** The tree of `value`; levels deeper than `openDepth` start collapsed. */
export function jsonTree(value, key = null, depth = 0, openDepth = 2) {
  const label = key === null ? [] : [h('span', { class: 'key' }, JSON.stringify(key)), ': '];
  if (value === null || typeof value !== 'object') return h('div', { class: 'leaf' }, label, leaf(value));
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return h('div', { class: 'leaf' }, label, brackets.join(''));
  return h('details', { class: 'node', open: depth < openDepth },
    h('summary', {}, label, `${brackets[0]} ${entries.length} ${Array.isArray(value) ? 'items' : 'keys'} ${brackets[1]}`),
    entries.map(([k, v]) => jsonTree(v, Array.isArray(value) ? k : k, depth + 1, openDepth)));
}

/** XML text re-indented (one element per line), read with the browser's parser, shown as text. */
export function prettyXml(text) {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) return null;
  const lines = [];
  const walk = (node, depth) => {
    const pad = '  '.repeat(depth);
    if (node.nodeType === Node.TEXT_NODE || node.nodeType === Node.CDATA_SECTION_NODE) {
      const t = node.nodeValue.trim();
      if (t) lines.push(pad + t);
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const attrs = [...node.attributes].map((a) => ` ${a.name}="${a.value}"`).join('');
    const kids = [...node.childNodes].filter((c) => c.nodeType !== Node.TEXT_NODE || c.nodeValue.trim());
    if (kids.length === 0) lines.push(`${pad}<${node.nodeName}${attrs}/>`);
    else if (kids.length === 1 && kids[0].nodeType === Node.TEXT_NODE) lines.push(`${pad}<${node.nodeName}${attrs}>${kids[0].nodeValue.trim()}</${node.nodeName}>`);
    else {
      lines.push(`${pad}<${node.nodeName}${attrs}>`);
      kids.forEach((c) => walk(c, depth + 1));
      lines.push(`${pad}</${node.nodeName}>`);
    }
  };
  walk(doc.documentElement, 0);
  return lines.join('\n');
}

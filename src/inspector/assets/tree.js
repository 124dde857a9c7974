// A collapsible JSON tree (<details> per object/array), every key and value as text (display
// text already: src/inspector/shown.ts).
import { h } from './dom.js';

const leaf = (v) => {
  if (typeof v === 'string') return h('span', { class: 'str' }, `"${v}"`);
  if (typeof v === 'number' || typeof v === 'boolean') return h('span', { class: 'num' }, String(v));
  return h('span', { class: 'dim' }, 'null');
};

/** The tree of `value`; levels deeper than `openDepth` start collapsed. */
export function jsonTree(value, key = null, depth = 0, openDepth = 2) {
  const label = key === null ? [] : [h('span', { class: 'key' }, typeof key === 'string' ? `"${key}"` : String(key)), ': '];
  if (value === null || typeof value !== 'object') return h('div', { class: 'leaf' }, label, leaf(value));
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return h('div', { class: 'leaf' }, label, brackets.join(''));
  return h('details', { class: 'node', open: depth < openDepth },
    h('summary', {}, label, `${brackets[0]} ${entries.length} ${Array.isArray(value) ? 'items' : 'keys'} ${brackets[1]}`),
    entries.map(([k, v]) => jsonTree(v, k, depth + 1, openDepth)));
}

/**
 * XML text re-indented, one element per line. A plain tokenizer rather than DOMParser: the
 * parser's error document carries inline styles the page's CSP refuses, and this is display only.
 */
export function prettyXml(text) {
  const tokens = text.replace(/>\s+</g, '><').split(/(<[^>]+>)/).filter((x) => x.trim() !== '');
  const lines = [];
  let depth = 0;
  const pad = () => '  '.repeat(depth);
  for (let i = 0; i < tokens.length; i++) {
    const x = tokens[i];
    const opens = x.startsWith('<') && !x.startsWith('</') && !x.startsWith('<?') && !x.startsWith('<!') && !x.endsWith('/>');
    if (x.startsWith('</')) {
      depth = Math.max(0, depth - 1);
      lines.push(pad() + x);
    } else if (opens && tokens[i + 1] !== undefined && !tokens[i + 1].startsWith('<') && tokens[i + 2]?.startsWith('</')) {
      lines.push(pad() + x + tokens[i + 1] + tokens[i + 2]);
      i += 2;
    } else {
      lines.push(pad() + x.trim());
      if (opens) depth++;
    }
  }
  return lines.join('\n');
}

/**
 * The one sanitiser for every human-readable output (plain lines, TUI, verdicts, errors).
 * Payload text must never move the cursor, clear the screen, set the title, reach the
 * clipboard (OSC 52) or reorder text (bidi), so every C0/C1 control, DEL, and bidi or
 * invisible format character is shown as a visible escape instead of being written.
 */
// C0 except TAB/LF, DEL, C1; bidi embeddings/overrides/isolates, LRM/RLM/ALM; zero-width and BOM.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

function escapeChar(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c === 0x0a) return '\\n';
  if (c === 0x0d) return '\\r';
  if (c === 0x09) return '\\t';
  return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
}

/** Text safe to write to a terminal. `oneLine` also escapes tab and newline. */
export function toSafeText(text: string, opts: { oneLine?: boolean } = {}): string {
  return text.replace(opts.oneLine ? UNSAFE_ONE_LINE : UNSAFE, escapeChar);
}

/** One-line safe text cut to `max` characters with an ellipsis. */
export function safePreview(text: string, max: number): string {
  const safe = toSafeText(text, { oneLine: true });
  return safe.length > max ? `${safe.slice(0, Math.max(0, max - 1))}…` : safe;
}

// What JSON.stringify leaves raw but a terminal acts on: DEL and C1 (U+009B is a CSI), line and
// paragraph separators, bidi and invisible format characters; the same set as UNSAFE beyond C0,
// which JSON.stringify already escapes. Outside strings JSON is ASCII, so a match is in a string.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/;
const UNSAFE_IN_JSON_ALL = new RegExp(UNSAFE_IN_JSON.source, 'g');

const jsonEscape = (ch: string): string => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * JSON.stringify for output (every --json line, exports): the same value, with every character
 * the sanitiser escapes written as `\uXXXX`, so a JSON line never acts on a terminal either.
 */
export function toSafeJson(value: unknown, indent?: number): string {
  const json = JSON.stringify(value, null, indent);
  // Cheapest first (listen --json writes a line per capture): an ASCII line, as its UTF-8 length
  // tells (~4x faster than the regex over ~1 KB), can hold only DEL; most others hold none either.
  const ascii = Buffer.byteLength(json) === json.length;
  if (ascii ? !json.includes('\x7f') : !UNSAFE_IN_JSON.test(json)) return json;
  return json.replace(UNSAFE_IN_JSON_ALL, jsonEscape);
}

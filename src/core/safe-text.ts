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

/**
 * Plain lines are for people: one capture is one line, whatever its body holds (a 10,000-item
 * Webcom batch would otherwise be one 0.5 MB line). NDJSON is for programs and is never cut.
 */

/** The width of a plain line when stdout is not a terminal (a file, a pipe, `less`). */
export const PIPE_WIDTH = 500;

/** Columns a plain line may use on this stream: the terminal's width, else PIPE_WIDTH. */
export function lineWidth(stream: { isTTY?: boolean; columns?: number }): number {
  return stream.isTTY === true && typeof stream.columns === 'number' && stream.columns > 0 ? stream.columns : PIPE_WIDTH;
}

// Chalk's colour codes are the only escapes in a line: payload text went through
// core/safe-text.ts first, which shows every ESC as a visible `\x1b`.
const SGR = /\x1b\[[0-9;]*m/y;

/** Terminal columns of one code point: 2 for East Asian wide characters and emoji, else 1. */
function columnsOf(cp: number): number {
  return (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
    ? 2
    : 1;
}

/** Columns `text` takes on a terminal, colour codes not counted. */
export function visibleWidth(text: string): number {
  let cols = 0;
  for (let i = 0; i < text.length; ) {
    if (text.charCodeAt(i) === 0x1b) {
      SGR.lastIndex = i;
      if (SGR.test(text)) {
        i = SGR.lastIndex;
        continue;
      }
    }
    const cp = text.codePointAt(i)!;
    cols += columnsOf(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return cols;
}

/**
 * `line` cut to `width` columns, ending in a visible "…" when anything was cut (and a colour
 * reset, so a cut inside a coloured part does not colour the next line).
 */
export function fitLine(line: string, width: number): string {
  // Below U+1100 every character is one column and the codes only add length.
  if (line.length <= width && !/[^\x00-\u10ff]/.test(line)) return line;
  let cols = 0;
  let keep = 0; // end of the part that fits beside the "…"
  let painted = false;
  for (let i = 0; i < line.length; ) {
    if (line.charCodeAt(i) === 0x1b) {
      SGR.lastIndex = i;
      if (SGR.test(line)) {
        painted = true;
        i = SGR.lastIndex;
        if (cols <= width - 1) keep = i;
        continue;
      }
    }
    const cp = line.codePointAt(i)!;
    cols += columnsOf(cp);
    if (cols > width) return `${line.slice(0, keep)}…${painted ? '\x1b[0m' : ''}`;
    i += cp > 0xffff ? 2 : 1;
    if (cols <= width - 1) keep = i;
  }
  return line;
}

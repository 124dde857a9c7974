/** A classic 16-bytes-a-line hex dump (offset, hex, ASCII with dots); output is always safe text. */
export function hexdump(bytes: Buffer, maxBytes = 512): string {
  const lines: string[] = [];
  const shown = bytes.subarray(0, maxBytes);
  for (let off = 0; off < shown.length; off += 16) {
    const row = shown.subarray(off, off + 16);
    const hex = [...row].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  if (bytes.length > shown.length) lines.push(`… ${bytes.length - shown.length} more bytes`);
  return lines.join('\n');
}

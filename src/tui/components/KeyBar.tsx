import type { ChalkInstance } from 'chalk';
import { Box, Text } from 'ink';
import type { Mode } from '../state.js';

const LIST: ReadonlyArray<readonly [string, string]> = [
  ['↑↓/jk', 'move'], ['PgUp/PgDn', 'page'], ['g/G', 'first/last'], ['Enter/d', 'details'], ['Tab', 'tab'],
  ['/', 'filter'], ['Esc', 'clear'], ['f', 'follow'], ['r', 'replay'], ['c', 'curl'], ['?', 'help'], ['q', 'quit'],
];
const PROMPT: Record<'filter' | 'replay' | 'help', ReadonlyArray<readonly [string, string]>> = {
  filter: [['type', 'narrow'], ['Enter', 'keep'], ['Esc', 'clear'], ['Ctrl-U', 'erase'], ['Ctrl-C', 'quit']],
  replay: [['type', 'URL'], ['Enter', 'send'], ['Esc', 'cancel'], ['Ctrl-U', 'erase'], ['Ctrl-C', 'quit']],
  help: [['any key', 'back'], ['q', 'quit']],
};

/** The key hints packed into as few lines as the width allows (always on screen). */
export function keyBarLines(mode: Mode, details: boolean, width: number, paint: ChalkInstance): string[] {
  const items = mode === 'list' ? (details ? [...LIST.slice(0, 5), ['J/K', 'scroll'] as const, ...LIST.slice(5)] : LIST) : PROMPT[mode];
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const [key, label] of items) {
    const len = key.length + 1 + label.length;
    if (used && used + 2 + len > width) {
      lines.push(line);
      line = '';
      used = 0;
    }
    line += `${used ? '  ' : ''}${paint.bold(key)} ${paint.dim(label)}`;
    used += (used ? 2 : 0) + len;
  }
  return [...lines, line];
}

/** Draws the lines of keyBarLines. */
export function KeyBar({ lines }: { readonly lines: readonly string[] }) {
  return (
    <Box flexDirection="column">
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate-end">
          {l}
        </Text>
      ))}
    </Box>
  );
}

import { describe, expect, it } from 'vitest';
import { fitLine, lineWidth, PIPE_WIDTH, visibleWidth } from '../../src/output/fit-line.js';

describe('fitLine', () => {
  it('keeps a line that fits, cuts one that does not with a visible …', () => {
    expect(fitLine('abc', 3)).toBe('abc');
    expect(fitLine('abcd', 3)).toBe('ab…');
    expect(visibleWidth(fitLine('x'.repeat(10_000), 80))).toBe(80);
  });

  it('does not count colour codes, and resets the colour after a cut', () => {
    const red = (s: string): string => `\x1b[31m${s}\x1b[39m`;
    expect(fitLine(`${red('abc')}de`, 5)).toBe(`${red('abc')}de`);
    expect(fitLine(`${red('abcdef')}gh`, 4)).toBe('\x1b[31mabc…\x1b[0m');
  });

  it('counts wide characters as two columns and never splits a surrogate pair', () => {
    expect(visibleWidth('Привет')).toBe(6);
    expect(visibleWidth('日本😀')).toBe(6);
    expect(fitLine('日本語です', 6)).toBe('日本…');
    expect(fitLine('a😀😀😀', 4)).toBe('a😀…');
  });

  it('takes the terminal width, or 500 when stdout is not a terminal', () => {
    expect(lineWidth({ isTTY: true, columns: 80 })).toBe(80);
    expect(lineWidth({ isTTY: false, columns: 80 })).toBe(PIPE_WIDTH);
    expect(lineWidth({})).toBe(500);
  });
});

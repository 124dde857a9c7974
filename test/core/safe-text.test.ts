import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safePreview, toSafeText } from '../../src/core/safe-text.js';

const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/;

describe('toSafeText', () => {
  it('shows escape sequences, OSC 52 and bidi overrides as visible text', () => {
    const hostile = '\x1b[2J\x1b]52;c;ZXZpbA==\x07\u202eevil\x9b0m\r';
    const safe = toSafeText(hostile);
    expect(safe).toBe('\\x1b[2J\\x1b]52;c;ZXZpbA==\\x07\\u202eevil\\x9b0m\\r');
  });

  it('leaves no control or bidi character in any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(toSafeText(s, { oneLine: true })).not.toMatch(UNSAFE);
        expect(toSafeText(s, { oneLine: true })).not.toMatch(/[\n\t]/);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps Cyrillic and emoji, and cuts previews with an ellipsis', () => {
    expect(toSafeText('Привет 😀')).toBe('Привет 😀');
    expect(safePreview('abcdefghij', 5)).toBe('abcd…');
  });
});

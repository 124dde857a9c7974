import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toSafeJson } from '../../src/core/safe-text.js';

// Raw in JSON.stringify's output, acted on by terminals: DEL, C1 (U+009B is CSI), U+2028/9, bidi.
const TERMINAL_UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('toSafeJson', () => {
  it('writes C1 controls, line separators and bidi controls as \\u escapes', () => {
    const value = { text: '\u009b2J\u0085\u2028\u2029\u202eevil\u2066x\u2069\u007f', n: 1 };
    const json = toSafeJson(value);
    expect(json).toBe('{"text":"\\u009b2J\\u0085\\u2028\\u2029\\u202eevil\\u2066x\\u2069\\u007f","n":1}');
    expect(JSON.parse(json)).toEqual(value);
    expect(JSON.parse(toSafeJson(value, 2))).toEqual(value);
    expect(toSafeJson(['ascii\u007f'])).toBe('["ascii\\u007f"]');
  });

  it('parses back to the same value and holds no raw terminal-unsafe character, for any strings', () => {
    // Mostly the characters at stake, so most runs hold some; plain ASCII-only strings too.
    const str = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('a', '"', '\\', '\u007f', '\u0085', '\u009b', '\u2028', '\u202e', '\u2066', 'я') }));
    fc.assert(
      fc.property(fc.dictionary(str, fc.oneof(str, fc.array(str), fc.integer())), str, (obj, s) => {
        for (const v of [obj, s, [s, obj]]) {
          const json = toSafeJson(v);
          expect(json).not.toMatch(TERMINAL_UNSAFE);
          expect(JSON.parse(json)).toEqual(v);
        }
      }),
      { numRuns: 400 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskSecret } from '../../src/core/secret.js';
import { maskUrl, redactor, urlSecrets } from '../../src/core/redact.js';

const SECRET = 'ZSECRETpct';
const MASK = maskSecret(SECRET);

/** The secret with each character chosen as itself, %XX in either case, or a JSON \u escape. */
const spelled = (secret: string, ways: number[]): string =>
  [...secret]
    .map((ch, i) => {
      const hex = ch.charCodeAt(0).toString(16).padStart(2, '0');
      return [ch, `%${hex.toUpperCase()}`, `%${hex.toLowerCase()}`, `\\u00${hex}`][ways[i % ways.length]! % 4];
    })
    .join('');

describe('redactor', () => {
  it('masks non-canonical percent-encodings and JSON escapes of a secret, not just its plain spelling', () => {
    const r = redactor([SECRET]);
    expect(r.text('secret=ZSEC%52ETpct&type=sms')).toBe(`secret=${MASK}&type=sms`);
    expect(r.text('/sg24?token=zsec%52etpct')).toBe('/sg24?token=zsec%52etpct'); // a different secret (case)
    expect(r.text('{"secret":"ZSEC\\u0052ETpct"}')).toBe(`{"secret":"${MASK}"}`);
    expect(redactor(['TOKSECRET999']).text('POST /sg24?token=TOKS%45CRET999')).toBe(`POST /sg24?token=${maskSecret('TOKSECRET999')}`);
    expect(redactor(['my secret/ü']).text('a=my+secret%2F%C3%BC&b=my%20secret/%c3%bc')).toBe(`a=${maskSecret('my secret/ü')}&b=${maskSecret('my secret/ü')}`);
  });

  it('masks any mix of spellings anywhere in a string', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(3), { minLength: 1, maxLength: 10 }), fc.string(), fc.string(), (ways, before, after) => {
        const out = redactor([SECRET]).text(`${before}${spelled(SECRET, ways)}${after}`);
        expect(out).toContain(MASK);
      }),
      { numRuns: 300 },
    );
  });

  it('masks inside objects, keys too', () => {
    expect(redactor([SECRET]).deep({ url: '/z?x=ZSEC%52ETpct', [`k${SECRET}`]: [SECRET] })).toEqual({ url: `/z?x=${MASK}`, [`k${MASK}`]: [MASK] });
  });
});

describe('maskUrl', () => {
  it('masks a URL password, a lone user name and secret-named query values, leaving the rest readable', () => {
    expect(maskUrl('http://user:hunter2@127.0.0.1:3000/hook')).toBe(`http://user:${maskSecret('hunter2')}@127.0.0.1:3000/hook`);
    expect(maskUrl('https://APIKEY123@example.com/')).toBe(`https://${maskSecret('APIKEY123')}@example.com/`);
    expect(maskUrl('http://127.0.0.1:8/sg24?a=1&token=URLTOKEN77#f')).toBe(`http://127.0.0.1:8/sg24?a=1&token=${maskSecret('URLTOKEN77')}#f`);
    expect(maskUrl('http://h/p?token=TOKS%45CRET999')).toBe(`http://h/p?token=${maskSecret('TOKSECRET999')}`);
    expect(maskUrl('http://h/p?Api_Key=k1&page=2')).toBe(`http://h/p?Api_Key=${maskSecret('k1')}&page=2`);
    expect(maskUrl('http://h/sms.php!g=1?md5=abc', ['abc'])).toBe(`http://h/sms.php!g=1?md5=${maskSecret('abc')}`);
    expect(maskUrl('http://127.0.0.1:3000/hook?page=2')).toBe('http://127.0.0.1:3000/hook?page=2');
  });

  it('masks a credential wherever else the URL repeats it', () => {
    expect(maskUrl('http://h/URLTOKEN77/x?token=URLTOKEN77')).toBe(`http://h/${maskSecret('URLTOKEN77')}/x?token=${maskSecret('URLTOKEN77')}`);
    expect(urlSecrets('http://u:p%40ss@h/?secret=a+b')).toEqual(['p@ss', 'a b']);
  });
});

describe('redactor on secrets made of escape characters', () => {
  it('masks a literal %XX-looking or backslashed secret as itself and percent-encoded', () => {
    expect(redactor(['a%41\\u0042']).text('x=a%41\\u0042')).toBe(`x=${maskSecret('a%41\\u0042')}`);
    expect(redactor(['a%41\\u0042']).text('x=a%2541%5cu0042')).toBe(`x=${maskSecret('a%41\\u0042')}`);
  });
});

describe('redaction bounds', () => {
  it('masks a number only when it is the whole secret, keeping other numbers numbers', () => {
    expect(redactor(['1234']).deep({ size: 11234, secret: 1234 })).toEqual({ size: 11234, secret: maskSecret('1234') });
  });

  it('finds the password of a URL typed without its scheme', () => {
    expect(maskUrl('admin:hunter22@localhost:3000/hook')).toBe(`admin:${maskSecret('hunter22')}@localhost:3000/hook`);
  });
});

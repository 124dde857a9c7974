import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectMojibake, mojibakeProblem } from '../../src/core/mojibake.js';
import { inspect } from '../../src/providers/inspect.js';

// Real words as SMS text has them: Russian with ё, capitalised and CamelCase names, units cased
// as written (дБ, кВт, мА), one-letter words, English, accented Latin, digits, emoji, punctuation.
const RUSSIAN = ['привет', 'мир', 'Привет', 'Москва', 'ещё', 'её', 'всё', 'ёлка', 'Ёлка', 'код', 'подтверждения', 'ваш', 'Ваш', 'заказ', 'доставлен', 'МегаФон', 'СберБанк', 'ВКонтакте', 'СССР', 'ПРИВЕТ', 'дБ', 'кВт', 'мА', 'кДж', 'в', 'с', 'к', 'у', 'и', 'я', 'В', 'С', 'К', 'Я', 'Съешь', 'же', 'этих', 'мягких', 'французских', 'булок', 'щука', 'объявление', 'Юлия', 'Эльдар', 'Україна', 'їжак', 'ґанок', 'Беларусь', 'ў'];
const OTHER = ['hello', 'World', 'iPhone', 'SMS', 'code', 'OK', 'café', 'naïve', 'garçon', 'Straße', 'Über', 'Ærø', 'São', 'NÃO', 'ÂGE', 'Ёж', '1234', '79991234567', '12:30', 'v2.0', '👍', '🎄', '👋🏽', '❤️', '€5', '№7', '100%'];
const PUNCT = [' ', ' ', ' ', ', ', '. ', '! ', '? ', ' — ', ' – ', '…', ' «', '» ', '"', ': ', '; ', '-', '(', ') ', '\n'];

// One-letter words next to punctuation are what comes closest to mojibake ("С»" is valid UTF-8 in
// windows-1251 bytes), so they are drawn often, and punctuation also without a space.
const LETTERS = ['В', 'Г', 'Р', 'С', 'К', 'Я', 'в', 'с', 'к', 'я', 'п', 'ё', 'Ё', 'é', 'ß', 'ü', 'Ä'];
const word = fc.oneof({ arbitrary: fc.constantFrom(...RUSSIAN, ...OTHER), weight: 3 }, { arbitrary: fc.constantFrom(...LETTERS), weight: 2 });
const gap = fc.oneof({ arbitrary: fc.constantFrom(...PUNCT), weight: 3 }, { arbitrary: fc.constantFrom('', '»', '—', '…', '№', '«', '“', '”', '•', '©', '°'), weight: 1 });
const phrase = fc.array(fc.tuple(word, gap), { minLength: 1, maxLength: 10 }).map((parts) => parts.flat().join('').trim());

const misread = (text: string, bytesIn: string, readAs: string): string => iconv.decode(iconv.encode(text, bytesIn), readAs);

describe('detectMojibake', () => {
  it('never flags ordinary Russian, English, accented, emoji or mixed text', () => {
    fc.assert(
      fc.property(phrase, (text) => {
        expect(detectMojibake(text)).toBeNull();
      }),
      { numRuns: 3000 },
    );
  });

  it('never flags text sent correctly in the charset it declares (the whole decode path)', () => {
    fc.assert(
      fc.property(phrase, fc.constantFrom('utf-8', 'windows-1251', 'koi8-r'), (text, charset) => {
        // What the charset cannot carry is left out, as a correct sender would have to.
        const sendable = [...text].filter((ch) => iconv.decode(iconv.encode(ch, charset), charset) === ch).join('');
        fc.pre(/\S/.test(sendable)); // an empty text is a problem of its own ("mes is empty")
        const mes = [...iconv.encode(sendable, charset)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
        const body = `id=1&phone=79991234567&mes=${mes}&to=79990000000&sent=1700000000&time=1700000005&charset=${charset}`;
        const i = inspect({ method: 'POST', url: '/smsc', headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: Buffer.from(body) });
        expect(i.decoded?.problems).toEqual([]);
      }),
      { numRuns: 600 },
    );
  });

  const SENTENCES = ['Привет мир', 'Ваш код подтверждения: 4821', 'Съешь же ещё этих мягких французских булок', 'Заказ №7 доставлен, спасибо!', 'Привет, John! 👋', 'Ёлка 🎄 и ёж', 'ИВАН ПЕТРОВ', 'Україна, їжак', 'Да, код 12'];
  const LATIN = ['café crème', 'Straße', 'naïve garçon', 'São Paulo'];

  it.each([...SENTENCES.flatMap((s) => ['windows-1251', 'koi8-r', 'windows-1252'].map((cs) => [s, cs] as const)), ...LATIN.map((s) => [s, 'windows-1252'] as const)])('reads UTF-8 %j shown as %s', (text, readAs) => {
    const shown = misread(text, 'utf-8', readAs);
    // windows-1252 leaves five bytes undefined: iconv turns them into U+FFFD, lost for good.
    if (shown.includes('\ufffd') && readAs === 'windows-1252') return expect(detectMojibake(shown)).toMatchObject({ kind: 'lost' });
    expect(detectMojibake(shown)).toEqual({ kind: 'misread', charset: 'utf-8', readAs, text });
  });

  it('reads UTF-8 that was double-encoded, for any phrase of real words', () => {
    // Words of three letters or more with a common Russian letter: "кДж кДж" alone is not told apart.
    const words = fc.array(fc.constantFrom(...RUSSIAN.filter((w) => w.length >= 3 && /[оеаинтсрвл]/i.test(w))), { minLength: 2, maxLength: 8 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(words, fc.constantFrom('windows-1251', 'koi8-r'), (text, readAs) => {
        expect(detectMojibake(misread(text, 'utf-8', readAs))).toEqual({ kind: 'misread', charset: 'utf-8', readAs, text });
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['Привет мир', 'windows-1251', 'windows-1252'],
    ['Съешь же ещё этих мягких французских булок', 'windows-1251', 'latin1'],
    ['Ваш код подтверждения', 'koi8-r', 'windows-1252'],
    ['Привет мир', 'koi8-r', 'windows-1251'],
    ['Ваш Заказ Доставлен', 'koi8-r', 'windows-1251'],
    ['Привет Москва', 'windows-1251', 'koi8-r'],
  ])('reads %j in %s shown as %s', (text, bytesIn, shownAs) => {
    const readAs = shownAs === 'latin1' ? 'windows-1252' : shownAs;
    expect(detectMojibake(misread(text, bytesIn, shownAs))).toEqual({ kind: 'misread', charset: bytesIn, readAs, text });
  });

  it('says letters replaced by U+FFFD are lost, and how many', () => {
    const shown = misread('Привет', 'windows-1251', 'utf-8');
    expect(shown).toBe('\ufffd'.repeat(6));
    const found = detectMojibake(`${shown} 123`);
    expect(found).toEqual({ kind: 'lost', count: 6 });
    expect(mojibakeProblem('mes', found!)).toBe('field "mes" has 6 U+FFFD replacement characters: the sender read bytes in another charset (windows-1251, koi8-r) as UTF-8 before sending, and those letters are lost');
  });

  it('names the field, both charsets and the readable text in one line', () => {
    expect(mojibakeProblem('mes', detectMojibake('РџСЂРёРІРµС‚ РјРёСЂ')!)).toBe('field "mes" as UTF-8 reads "Привет мир": it was read as windows-1251 (mojibake: double-encoded, or another charset than declared)');
  });

  it('finds it in a nested JSON field written with \\u escapes, naming its path', () => {
    const shown = misread('Ваш код 4821', 'utf-8', 'windows-1251');
    const json = JSON.stringify({ event: 'sms:received', payload: { messageId: 'a1', message: shown, phoneNumber: '6505551212' } }).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    expect(json).not.toMatch(/[^\x00-\x7f]/);
    const i = inspect({ method: 'POST', url: '/smsgate', headers: [['Content-Type', 'application/json']], body: Buffer.from(json) });
    expect(i.decoded?.problems).toContain('field "payload.message" as UTF-8 reads "Ваш код 4821": it was read as windows-1251 (mojibake: double-encoded, or another charset than declared)');
  });
});

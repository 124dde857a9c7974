import { isAscii } from 'node:buffer';
import { decodeText, isUtf8 } from './charset.js';

/**
 * Text that was read in the wrong charset (mojibake): UTF-8 bytes shown as windows-1251
 * ("РџСЂРёРІРµС‚" for "Привет"), koi8-r, or windows-1252; windows-1251 or koi8-r bytes shown as
 * latin1 ("Ïðèâåò"); koi8-r and windows-1251 swapped ("рТЙЧЕФ"); or letters already replaced by
 * U+FFFD before the text reached us. Each shape is undone byte for byte and kept only when the
 * result reads as text: plausible characters, a real word (in Cyrillic, three letters with one of
 * Russian's most common), and for the Cyrillic swaps a normal letter case and more of the common
 * letters than before. test/core/mojibake.test.ts holds ordinary text to never being flagged.
 */
export type Mojibake =
  | { kind: 'misread'; /** the charset the bytes are in */ charset: string; /** the one they were read in */ readAs: string; text: string }
  | { kind: 'lost'; count: number };

// The quick pre-check, run on every non-ASCII text: a character each shape leaves behind. UTF-8's
// lead bytes D0/D1 (Cyrillic) and C2/C3 (Latin-1) are Р С В Г in windows-1251 and Ð Ñ Â Ã in
// windows-1252, followed by a continuation byte (never a basic letter there); in koi8-r the
// continuation bytes are box drawing and math signs; latin1-read Cyrillic is a run of À–ÿ.
const SUSPECT = new RegExp(
  [
    '[\u0412\u0413\u0420\u0421][^\\x00-\\x7f\u0410-\u044f]',
    '[\u2500-\u25ff\u2320\u2321\u2219\u221a\u2248\u2264\u2265]',
    '[\u00c2\u00c3\u00d0\u00d1\u00e2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]',
    '[\u00c0-\u00ff]{3}',
    '[\u0430-\u044f\u0451][\u0410-\u042f\u0401]',
    '\ufffd',
  ].join('|'),
);

const NON_ASCII = /[^\x00-\x7f]/;

/** Charsets UTF-8 bytes get misread in, most likely first. */
const MISREAD_AS = ['windows-1251', 'koi8-r', 'windows-1252'] as const;

// Characters a readable result may hold: ASCII, Latin-1 and Latin Extended-A, Greek, the
// Cyrillic of Russian, Ukrainian and Belarusian, punctuation, currency, letterlike signs (№),
// arrows, symbols and emoji. A byte-level accident lands elsewhere (NKo, Tibetan, Arabic forms).
const PLAUSIBLE = /^[\x09\x0a\x0d\x20-\x7e\u00a0-\u017f\u0370-\u03ff\u0400-\u045f\u0490\u0491\u2010-\u2027\u2030-\u205e\u20a0-\u20bf\u2100-\u214f\u2190-\u21ff\u2600-\u27bf\u200d\ufe0f\u{1f000}-\u{1faff}]*$/u;

const CYRILLIC_WORD = /[\u0410-\u044f\u0401\u0451]{2,}/g;
/** A lower-case letter right before an upper-case one: what a koi8-r / windows-1251 swap does to a capitalised word. */
const CASE_FLIP = /[\u0430-\u044f\u0451][\u0410-\u042f\u0401]/;
const SWAPPED_CAPITAL = /^[\u0430-\u044f\u0451][\u0410-\u042f\u0401]+$/;
const SWAPPED_OTHER = /^(?:[\u0410-\u042f\u0401]+|[\u0430-\u044f\u0451]+)$/;
// The ten most frequent letters of Russian text (о е а и н т с р в л: about 60% of its letters).
const COMMON_RUSSIAN = /[оеаинтсрвлОЕАИНТСРВЛ]/g;
const CYRILLIC_LETTER = /[\u0410-\u044f\u0401\u0451]/g;

type Table = Map<string, number>;
const tables = new Map<string, Table>();

/**
 * Character → byte for a single-byte charset, read from iconv-lite on first use. Sloppy like the
 * software that makes mojibake: a byte the charset leaves undefined passes through as U+0080–U+009F,
 * and windows-1251's one undefined byte, 0x98 (the second byte of UTF-8 "И"), also as U+FFFD.
 */
function table(charset: string): Table {
  let t = tables.get(charset);
  if (t) return t;
  t = new Map();
  for (let b = 0x80; b <= 0xff; b++) {
    const ch = decodeText(Uint8Array.of(b), charset);
    if (ch !== '\ufffd') t.set(ch, b);
  }
  for (let b = 0x80; b <= 0x9f; b++) if (![...t.values()].includes(b)) t.set(String.fromCharCode(b), b);
  if (charset === 'windows-1251') t.set('\ufffd', 0x98);
  tables.set(charset, t);
  return t;
}

/** The bytes `text` was read from in `charset`, or null when it holds a character the charset has no byte for. */
function bytesIn(text: string, charset: string): Buffer | null {
  const t = table(charset);
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    const b = c < 0x80 ? c : t.get(ch);
    if (b === undefined) return null;
    out.push(b);
  }
  return Buffer.from(out);
}

const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;
const nonAscii = (text: string): number => count(text, /[^\x00-\x7f]/gu);
const hasWord = (text: string): boolean => (text.match(/\p{L}+/gu) ?? []).some((w) => w.length >= 2 && /[^\x00-\x7f]/.test(w));
/** Share of Cyrillic letters that are among Russian's most frequent. */
const russianScore = (text: string): number => count(text, COMMON_RUSSIAN) / Math.max(1, count(text, CYRILLIC_LETTER));
const flippedWords = (text: string): number => (text.match(CYRILLIC_WORD) ?? []).filter((w) => CASE_FLIP.test(w)).length;

/** UTF-8 bytes shown in a single-byte charset: their bytes again, read as UTF-8. */
function utf8Misread(text: string): Mojibake | null {
  for (const readAs of MISREAD_AS) {
    const bytes = bytesIn(text, readAs);
    if (!bytes || isAscii(bytes) || !isUtf8(bytes)) continue;
    const fixed = bytes.toString('utf8');
    // Read as windows-1252, one recovered Latin-1 letter is enough ("cafÃ©"). Read as a Cyrillic
    // charset it must give a Cyrillic word of three letters with a common one: capitals before a
    // dash, a quote or a degree sign ("Г°", "С»", "Р—Р»") are valid UTF-8 too, so "Да" alone is not told apart.
    const enough = readAs === 'windows-1252' ? nonAscii(fixed) >= 2 || /[\u00c0-\u00ff]/.test(fixed) : (fixed.match(CYRILLIC_WORD) ?? []).some((w) => w.length >= 3 && count(w, COMMON_RUSSIAN) > 0);
    if (enough && PLAUSIBLE.test(fixed) && hasWord(fixed)) return { kind: 'misread', charset: 'utf-8', readAs, text: fixed };
  }
  return null;
}

// How much more of its letters must be common Russian ones for a Cyrillic reading to win.
const BETTER_BY = 0.1;

/** Readable Cyrillic from `bytes` in windows-1251 or koi8-r, the one that reads better, or null. */
function cyrillicFrom(bytes: Buffer, than: string): { charset: string; text: string } | null {
  let best: { charset: string; text: string; score: number } | null = null;
  for (const charset of ['windows-1251', 'koi8-r']) {
    const text = decodeText(bytes, charset);
    if (!PLAUSIBLE.test(text) || count(text, CYRILLIC_WORD) === 0 || flippedWords(text) > 0) continue;
    const score = russianScore(text);
    if (score >= russianScore(than) + BETTER_BY && (!best || score > best.score)) best = { charset, text, score };
  }
  return best && { charset: best.charset, text: best.text };
}

/** windows-1251 or koi8-r bytes shown as latin1 / windows-1252 ("Ïðèâåò"). */
function cyrillicAsLatin(text: string): Mojibake | null {
  if (!/[\u00c0-\u00ff]{3}/.test(text)) return null;
  const bytes = bytesIn(text, 'windows-1252');
  const fixed = bytes && cyrillicFrom(bytes, text);
  return fixed ? { kind: 'misread', charset: fixed.charset, readAs: 'windows-1252', text: fixed.text } : null;
}

/**
 * koi8-r read as windows-1251 or the reverse. The two differ in letter case too, so a capitalised
 * word comes out lower-case first and capitals after ("рТЙЧЕФ"), lower-case words as capitals and
 * capitals as lower case; any other casing is text as written. Units cased so ("дБ", "мА") are
 * short: at least half the words, one such word of four letters, eight letters in all.
 */
function cyrillicSwapped(text: string): Mojibake | null {
  const words = text.match(CYRILLIC_WORD) ?? [];
  const flipped = words.filter((w) => SWAPPED_CAPITAL.test(w));
  if (!words.every((w) => SWAPPED_CAPITAL.test(w) || SWAPPED_OTHER.test(w))) return null;
  if (flipped.length * 2 < words.length || !flipped.some((w) => w.length >= 4) || words.join('').length < 8) return null;
  for (const readAs of ['windows-1251', 'koi8-r']) {
    const bytes = bytesIn(text, readAs);
    const fixed = bytes && cyrillicFrom(bytes, text);
    if (fixed && fixed.charset !== readAs) return { kind: 'misread', charset: fixed.charset, readAs, text: fixed.text };
  }
  return null;
}

/** What charset mix-up `text` shows, if any. Cheap for ordinary text: one regex test. */
export function detectMojibake(text: string): Mojibake | null {
  // One character class first: most field values (ids, phones, hashes, times) are ASCII.
  if (!NON_ASCII.test(text) || !SUSPECT.test(text)) return null;
  const fixed = utf8Misread(text) ?? cyrillicAsLatin(text) ?? cyrillicSwapped(text);
  if (fixed) return fixed;
  const lost = count(text, /\ufffd/g);
  return lost > 0 ? { kind: 'lost', count: lost } : null;
}

const charsetName = (c: string): string => (c === 'utf-8' ? 'UTF-8' : c);

/** The problem line for a field whose text shows a charset mix-up (payload text is cut and made safe by the views). */
export function mojibakeProblem(field: string, found: Mojibake): string {
  if (found.kind === 'lost') {
    return `field "${field}" has ${found.count} U+FFFD replacement character${found.count === 1 ? '' : 's'}: the sender read bytes in another charset (windows-1251, koi8-r) as UTF-8 before sending, and those letters are lost`;
  }
  const readable = found.text.length > 120 ? `${found.text.slice(0, 119)}…` : found.text;
  // The readable text first: a list line cuts the end of a long problem.
  return `field "${field}" as ${charsetName(found.charset)} reads "${readable}": it was read as ${found.readAs} (mojibake: double-encoded, or another charset than declared)`;
}

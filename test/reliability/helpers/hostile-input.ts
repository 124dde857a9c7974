import fc from 'fast-check';
import { formEncode } from '../../../src/core/form.js';

/** Fragments that have broken parsers and terminals: escapes, bidi, NUL, bad percent-encoding, prototype keys. */
const NASTY = [
  '\x1b[2J', '\x1b]0;pwned\x07', '\x1b]52;c;cHduZWQ=\x07', '\x9b31m', '\u202e', '\u2066', '\u200f', '\ufeff', '\u2028',
  '\0', '\r\n', '\x7f', '%', '%zz', '%f', '%ff', '%C0%AF', '%D0', '%00', '%1b', '%E2%80%AE', '+', '&', '=', '[', ']', '[]',
  '__proto__', 'constructor', 'prototype', 'Привет', '😀', '\ud800', '<', '>', '"', "'", '\\', '&lol;', '{"', '[', '<![CDATA[',
];

/** Text mixing nasty fragments with arbitrary (also lone-surrogate) strings. */
export const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 12 })
  .map((parts) => parts.join(''));

/** Bytes that are not valid UTF-8 (overlongs, surrogates, stray continuations) among ASCII. */
export const invalidUtf8 = fc
  .array(fc.oneof(fc.constantFrom(0xc0, 0xc1, 0xf5, 0xff, 0x80, 0xbf, 0xed, 0xa0, 0xe2, 0xf0, 0x25, 0x26, 0x3d), fc.integer({ min: 0x20, max: 0x7e })), { maxLength: 300 })
  .map((a) => Buffer.from(a));

const FORM_KEYS = [
  '__proto__', '__proto__[polluted]', 'constructor[prototype][polluted]', 'a[__proto__][polluted]', 'a[constructor][prototype][polluted]',
  'data[]', 'data[a][b]', 'data[][x]', 'data[a][b][c][d][e][f][g]', 'charset', 'id', 'status', 'phone', 'mes', 'secret', 'sha1', 'md5', 'id_sms',
  'data[id]', 'data[message]', 'data[phone]', 'type',
];

/** A form body: hostile keys and values, percent-encoded or raw, in any charset's bytes. */
export const formBody = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...FORM_KEYS), hostileText), hostileText, fc.constantFrom('encoded', 'raw', 'cp1251')), { maxLength: 20 })
  .map((pairs) =>
    Buffer.concat(
      pairs.flatMap(([k, v, how], i) => {
        const sep = i ? [Buffer.from('&')] : [];
        if (how === 'raw') return [...sep, Buffer.from(`${k}=${v}`)];
        const cs = how === 'cp1251' ? 'windows-1251' : 'utf-8';
        return [...sep, Buffer.from(`${formEncode(k, cs)}=${formEncode(v, cs)}`, 'latin1')];
      }),
    ),
  );

const PROTO_JSON = [
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '[{"__proto__":{"polluted":1},"id_sms":"1","state":"deliver"}]',
  '{"data":{"__proto__":{"polluted":1}},"secret":"x"}',
  '{"id":1e999,"status":-0,"phone":12345678901234567890}',
];

/** JSON: arbitrary values, prototype keys, nesting on both sides of the parse limit, cut short. */
export const jsonBody = fc
  .tuple(
    fc.oneof(fc.json({ maxDepth: 4 }), fc.constantFrom(...PROTO_JSON), hostileText.map((t) => JSON.stringify({ text: t, id_sms: t }))),
    // Shallow, around the 100-level parse limit, and deep enough to overflow JSON.stringify.
    fc.oneof(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 5_000, max: 20_000 })),
    fc.constantFrom('[', '{"a":'),
    fc.boolean(),
  )
  .map(([inner, depth, open, cut]) => {
    const close = open === '[' ? ']' : '}';
    const text = open.repeat(depth) + inner + close.repeat(depth);
    return Buffer.from(cut ? text.slice(0, Math.floor(text.length / 2)) : text);
  });

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** XML: deep nesting, entity declarations (no expansion allowed), prototype tags, Webcom-like states. */
export const xmlBody = fc
  .oneof(
    fc.tuple(fc.integer({ min: 1, max: 300 }), hostileText).map(([n, t]) => '<a>'.repeat(n) + escapeXml(t) + '</a>'.repeat(n)),
    fc.tuple(hostileText, fc.integer({ min: 1, max: 200 })).map(([t, n]) => `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "${escapeXml(t)}"><!ENTITY f "&e;&e;&e;&e;">]><r>${'&f;'.repeat(n)}</r>`),
    fc.constantFrom(
      '<__proto__><polluted>1</polluted></__proto__>',
      '<r __proto__="x" constructor="y"><prototype><polluted>1</polluted></prototype></r>',
      '<response><state id_sms="__proto__" time="x">deliver</state></response>',
    ),
    fc.tuple(hostileText, hostileText, fc.boolean()).map(([id, state, raw]) =>
      raw ? `<response><state id_sms="${id}">${state}</state></response>` : `<response><state id_sms="${escapeXml(id)}">${escapeXml(state)}</state></response>`,
    ),
  )
  .map((s) => Buffer.from(s));

/** Content-Type values, wrong and missing ones included; all sendable by undici. */
export const contentType = fc.oneof(
  fc.constantFrom(
    undefined,
    'application/x-www-form-urlencoded',
    'application/x-www-form-urlencoded; charset=windows-1251',
    'application/x-www-form-urlencoded; charset=',
    'application/json',
    'application/json; charset=utf-16le',
    'application/json; charset=koi8-r',
    'text/xml',
    'application/xml; charset=utf-7',
    'text/plain',
    'text/plain; charset=constructor',
    'text/plain; charset=__proto__',
    'text/plain; charset=base64',
    'text/plain; charset="hex"',
    'application/octet-stream',
    'multipart/form-data',
    ';;;charset=;',
    'json',
  ),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, '').trim() || undefined),
);

/** Percent-encodes every byte outside printable ASCII (undici sends only those in a path). */
export function pathSafe(text: string): string {
  let out = '';
  for (const b of Buffer.from(text)) out += b > 0x20 && b < 0x7f ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`;
  return out;
}

/** Request targets: provider routes and others, with hostile queries (a `charset=` among them). */
export const target = fc
  .tuple(
    fc.constantFrom('/', '/smsc', '/webcom', '/smsgateway24', '/sg24', '/zender', '/hook', '/smsc/x/../y', '//', '/%2e%2e/', '/SMSC'),
    fc.array(fc.tuple(fc.oneof(fc.constantFrom('charset', 'secret', 'id', '__proto__', 'constructor[prototype][x]'), hostileText), fc.oneof(fc.constantFrom('utf-8', 'koi8-r', 'constructor', 'x'), hostileText)), { maxLength: 4 }),
  )
  .map(([route, query]) => (query.length ? `${route}?${query.map(([k, v]) => `${pathSafe(k)}=${pathSafe(v)}`).join('&')}` : route));

/** Header values as a client writes them: UTF-8 bytes read as latin1, no CR/LF/NUL, no edge spaces. */
export const headerValue = hostileText.map((t) =>
  Buffer.from(t)
    .toString('latin1')
    .replace(/[^\t\x20-\x7e\x80-\xff]/g, '')
    .trim(),
);

/** Header names, including ones that look like object keys. */
export const headerName = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'x-signature', 'X-Webhook-Kit-Replay-Of', 'Content-Type', 'user-agent', 'x-forwarded-for'),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/),
);

import { charsetFromQuery, decodeText, normalizeCharset } from '../../core/charset.js';
import { percentDecode, splitForm } from '../../core/form.js';
import { isAlgorithm, type Algorithm } from './fields.js';

/** Where and how to send, read from a target written like an SMSC.ru handler URL. */
export interface HandlerTarget {
  /** Absolute URL to POST to: the text after `!` (up to `?`) becomes its query string. */
  url: string;
  /** Pairs after `?`, posted back after the standard params; a signature pair still holds the secret. */
  echo: Array<[string, string]>;
  charset: string | null;
  fmt: string | null;
  signature: { algorithm: Algorithm; secret: string } | null;
}

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Handler-URL params are typed by the user into a browser-like field: read them as UTF-8. */
function decodePairs(query: string): Array<[string, string]> {
  const text = (s: string): string => decodeText(percentDecode(s).bytes, 'utf-8');
  return splitForm(query).map(([k, v]): [string, string] => [text(k), text(v)]);
}

/**
 * Reads `http://host/path!g1=a?p1=x&md5=SECRET&charset=utf-8&fmt=3` as SMSC.ru does
 * (docs/providers.md#smsc-handler-url). A target without `!` and without md5=/sha1=/crc32= is a
 * plain URL, used as is; a secret in the query only makes sense as handler syntax, so that alone
 * also selects it.
 */
export function parseTarget(target: string): HandlerTarget {
  const absolute = HAS_SCHEME.test(target) ? target : `http://${target}`;
  const q = absolute.indexOf('?');
  const path = q < 0 ? absolute : absolute.slice(0, q);
  const query = q < 0 ? '' : absolute.slice(q + 1);
  const echo = decodePairs(query);
  const bang = path.indexOf('!');
  if (bang < 0 && !echo.some(([k]) => isAlgorithm(k))) {
    // A plain query still declares the charset to the receiver (parseBody honours it).
    return { url: absolute, echo: [], charset: charsetFromQuery(query), fmt: null, signature: null };
  }
  const get = bang < 0 ? '' : path.slice(bang + 1);
  const base = bang < 0 ? path : path.slice(0, bang);
  const value = (name: string): string | null => echo.find(([k]) => k === name)?.[1] ?? null;
  const sig = echo.find((pair): pair is [Algorithm, string] => isAlgorithm(pair[0]));
  const charset = value('charset');
  return {
    url: get ? `${base}?${get}` : base,
    echo,
    charset: charset ? normalizeCharset(charset) : null,
    fmt: value('fmt'),
    signature: sig ? { algorithm: sig[0], secret: sig[1] } : null,
  };
}

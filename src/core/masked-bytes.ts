import { encodeText, isKnownCharset } from './charset.js';
import { formEncode } from './form.js';
import { maskSecret } from './secret.js';

const replaceBytes = (buf: Buffer, what: Buffer, by: Buffer): Buffer => {
  if (what.length === 0 || buf.indexOf(what) < 0) return buf;
  const parts: Buffer[] = [];
  let at = 0;
  for (let i = buf.indexOf(what); i >= 0; i = buf.indexOf(what, at)) {
    parts.push(buf.subarray(at, i), by);
    at = i + what.length;
  }
  parts.push(buf.subarray(at));
  return Buffer.concat(parts);
};

/**
 * The body bytes with every secret masked, for the raw and hex views and curl commands: as itself (UTF-8 and the
 * body's charset), URL- and form-encoded, the spellings the text redactor replaces first
 * (redactor above). `show --raw` stays the way to get the exact bytes.
 */
export function maskedBytes(body: Buffer, secrets: readonly string[], charset: string | null): Buffer {
  let out = body;
  for (const secret of [...new Set(secrets.filter((s) => s !== ''))].sort((a, b) => b.length - a.length)) {
    const by = Buffer.from(maskSecret(secret));
    const spellings = new Set([secret, encodeURIComponent(secret), formEncode(secret, 'utf-8')]);
    const bytes: Buffer[] = [...spellings].map((s) => Buffer.from(s, 'utf8'));
    if (charset && isKnownCharset(charset)) bytes.push(encodeText(secret, charset), Buffer.from(formEncode(secret, charset), 'latin1'));
    for (const b of bytes) out = replaceBytes(out, b, by);
  }
  return out;
}

import { charsetFromContentType, charsetFromQuery, decodeText, guessCharset, isKnownCharset, normalizeCharset } from './charset.js';
import { contentDecoded } from './content-encoding.js';
import { decodeForm, formBytes, formCharsetField, guessFormCharset, MAX_FORM_PAIRS } from './form.js';
import { headerValue, splitUrl, type RawRequest } from './raw-request.js';
import { MAX_NESTING, parseXml } from './xml.js';

export type BodyKind = 'empty' | 'form' | 'json' | 'xml' | 'text' | 'binary';

/** A body made readable for display and decoding; the raw bytes stay on the request. */
export interface ParsedBody {
  kind: BodyKind;
  contentType: string | null;
  /** Charset used to read the bytes (declared, else utf-8, else windows-1251). */
  charset: string | null;
  /** Whether the charset came from Content-Type or the query rather than a guess. */
  charsetDeclared: boolean;
  text: string | null;
  /** Parsed form/JSON/XML body, or null. */
  fields: unknown;
  /** Ordered decoded pairs for form bodies. */
  pairs: Array<[string, string]> | null;
  /** One-line reason when the body is malformed, mis-encoded, binary or truncated. */
  parseError: string | null;
  /** The Content-Encoding undone for reading (`gzip`), or null; the stored bytes stay as received. */
  contentEncoding?: string | null;
  /** The body with its Content-Encoding undone (what decoders and signatures read), or null when not encoded. */
  inflated?: Buffer | null;
}

// Each `&` part is one unambiguous run: the old `[^=&\s]*=?[^&\s]*` could split a run many
// ways, and 16 parts plus a stray space took minutes to reject (catastrophic backtracking).
const FORM_LIKE = /^[^=&\s]+=[^&\s]*(?:&[^&\s]*)*$/;

function sniffKind(contentType: string, body: Buffer): BodyKind {
  const ct = contentType.toLowerCase();
  if (ct.includes('x-www-form-urlencoded')) return 'form';
  if (ct.includes('json')) return 'json';
  if (ct.includes('xml')) return 'xml';
  const head = body.subarray(0, 64).toString('latin1').trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return 'json';
  if (head.startsWith('<')) return 'xml';
  if (looksBinary(body)) return 'binary';
  if (FORM_LIKE.test(body.subarray(0, 4096).toString('latin1').trim())) return 'form';
  return 'text';
}

function looksBinary(body: Buffer): boolean {
  const sample = body.subarray(0, 1024);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x1b) control++;
  }
  return control > sample.length / 10;
}

/**
 * How deeply a JSON text nests arrays and objects, counted without parsing and stopping past
 * `limit`. Deeper documents are not parsed: their fields would overflow the stack of every
 * recursive consumer (JSON.stringify in --json, the field views), and no callback nests so.
 */
function jsonDepthOver(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0]!.slice(0, 200);
}

/**
 * Reads a request body for display: charset from Content-Type, then the query's `charset=`,
 * then UTF-8 when the bytes are valid UTF-8, else windows-1251 (SMSC.ru's default).
 * Never throws: anything unreadable becomes `parseError` with the raw bytes untouched.
 */
export function parseBody(req: RawRequest, opts: { truncatedFrom?: number | null } = {}): ParsedBody {
  const contentType = headerValue(req.headers, 'content-type') ?? null;
  const base: ParsedBody = {
    kind: 'empty',
    contentType,
    charset: null,
    charsetDeclared: false,
    text: null,
    fields: null,
    pairs: null,
    parseError: null,
  };
  if (req.body.length === 0) return base;
  // A gzip body (SMSC.ru read "id missing" from one) is read inflated; the raw bytes stay stored.
  const encoded = contentDecoded(req, { truncated: opts.truncatedFrom !== undefined });
  const bytes = encoded.body;
  if (encoded.encoding) {
    base.contentEncoding = encoded.encoding;
    base.inflated = bytes;
  }
  // Bytes still compressed are binary, whatever Content-Type says they become once inflated.
  const kind = encoded.problem ? 'binary' : sniffKind(contentType ?? '', bytes);
  if (kind === 'binary') {
    const what = `binary body (${bytes.length} bytes), shown as hex`;
    return { ...base, kind, parseError: encoded.problem ? `${encoded.problem}; ${what}` : what };
  }
  const form = kind === 'form' ? formBytes(bytes) : null;
  // SMSC.ru echoes its handler URL's `charset=` in a form body: honour it like a declaration.
  const formCharset = form ? formCharsetField(form) : null;
  const declared =
    charsetFromContentType(contentType ?? undefined) ??
    charsetFromQuery(splitUrl(req.url).rawQuery) ??
    (formCharset ? normalizeCharset(formCharset) : null);
  const problems: string[] = encoded.problem ? [encoded.problem] : [];
  if (opts.truncatedFrom !== undefined) {
    const of = opts.truncatedFrom === null ? 'an unknown number of' : String(opts.truncatedFrom);
    problems.push(`body truncated: ${req.body.length} of ${of} bytes stored`);
  }
  // Form values are percent-encoded: what matters for the charset is the bytes they decode to.
  let charset: string = form ? guessFormCharset(form) : guessCharset(bytes);
  if (declared) {
    if (!isKnownCharset(declared)) {
      problems.push(`unknown charset "${declared}", read as ${charset}`);
    } else if (declared === 'utf-8' && charset !== 'utf-8') {
      problems.push(`declared utf-8 but the bytes are not valid UTF-8, read as windows-1251`);
      charset = 'windows-1251';
    } else {
      charset = declared;
    }
  }
  const result: ParsedBody = { ...base, kind, charset, charsetDeclared: declared === charset };
  try {
    if (form) {
      const parsed = decodeForm(form, charset);
      result.text = decodeText(bytes, charset);
      result.fields = parsed.fields;
      result.pairs = parsed.pairs;
      if (parsed.malformed) problems.push('malformed percent-encoding (kept literally)');
      if (form.capped) problems.push(`more than ${MAX_FORM_PAIRS} fields: only the first ${MAX_FORM_PAIRS} decoded`);
    } else {
      result.text = decodeText(bytes, charset);
      if (kind === 'json') {
        if (jsonDepthOver(result.text, MAX_NESTING)) problems.push(`JSON nested deeper than ${MAX_NESTING} levels: fields not parsed`);
        else result.fields = JSON.parse(result.text.replace(/^\uFEFF/, ''));
      }
      else if (kind === 'xml') result.fields = parseXml(result.text);
    }
  } catch (e) {
    result.fields = null;
    problems.push(`${kind === 'json' ? 'malformed JSON' : kind === 'xml' ? 'malformed XML' : 'unreadable body'}: ${firstLine(e)}`);
  }
  result.parseError = problems.length ? problems.join('; ') : null;
  return result;
}

import { brotliDecompressSync, constants, gunzipSync, inflateRawSync, inflateSync, type ZlibOptions } from 'node:zlib';
import { headerValue, type RawRequest } from './raw-request.js';

/**
 * A body is inflated for reading at most to this size. A request picks its own bytes: 1 MiB of
 * gzip (the default --max-body) can inflate to 1 GiB, and every view of a capture inflates it.
 */
export const MAX_INFLATED = 8 * 1024 * 1024;

/** A request body with its Content-Encoding undone, for reading only (the raw bytes are what is stored). */
export interface ContentDecoded {
  /** The bytes as the sender meant them (the raw bytes when nothing was undone). */
  body: Buffer;
  /** What was undone (`gzip`, `deflate, br`...), or null. */
  encoding: string | null;
  /** One line when the encoding could not be undone; the raw bytes are then read as they are. */
  problem: string | null;
}

const undo: Record<string, (b: Buffer, o: ZlibOptions) => Buffer> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  // RFC 9110 says zlib-wrapped, some senders write raw deflate: the header tells which.
  deflate: (b, o) => ((b[0]! & 0x0f) === 8 && ((b[0]! << 8) | b[1]!) % 31 === 0 ? inflateSync(b, o) : inflateRawSync(b, o)),
  br: (b, o) => brotliDecompressSync(b, { maxOutputLength: o.maxOutputLength, finishFlush: o.finishFlush === undefined ? undefined : constants.BROTLI_OPERATION_FLUSH }),
};

/** Undoes the request's Content-Encoding (last applied, first undone), bounded by MAX_INFLATED. */
export function contentDecoded(req: RawRequest, opts: { truncated?: boolean } = {}): ContentDecoded {
  const header = headerValue(req.headers, 'content-encoding');
  const raw: ContentDecoded = { body: req.body, encoding: null, problem: null };
  if (header === undefined || req.body.length === 0) return raw;
  const codings = header.toLowerCase().split(',').map((c) => c.trim()).filter((c) => c !== '' && c !== 'identity');
  if (codings.length === 0) return raw;
  const unknown = codings.find((c) => !undo[c]);
  if (unknown) return { ...raw, problem: `Content-Encoding "${unknown.slice(0, 40)}" not decoded: body shown as received` };
  // A stored-truncated body ends mid-stream: inflate what is there instead of failing on it.
  const o: ZlibOptions = { maxOutputLength: MAX_INFLATED, ...(opts.truncated ? { finishFlush: constants.Z_SYNC_FLUSH } : {}) };
  let body = req.body;
  try {
    for (const c of [...codings].reverse()) body = undo[c]!(body, o);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ERR_BUFFER_TOO_LARGE' ? `inflates past ${MAX_INFLATED / 1024 / 1024} MiB` : `cannot be inflated (${err.message.split('\n')[0]!.slice(0, 80)})`;
    return { ...raw, problem: `${header.slice(0, 40)} body ${why}: shown as received` };
  }
  return { body, encoding: codings.join(', '), problem: null };
}

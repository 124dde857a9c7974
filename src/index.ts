// The library: `import { decodeRequest, … } from 'webhook-kit'`. Nothing here loads the CLI, Ink,
// React or SQLite; startCaptureServer loads the server and the store when it is called.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaptureRecord } from './capture/store.js';
import { viewCapture } from './capture/view.js';
import { isPort, PORT_RANGE } from './core/address.js';
import { parseBody } from './core/body.js';
import { DEFAULTS } from './core/defaults.js';
import { KitError } from './core/errors.js';
import type { RawRequest } from './core/raw-request.js';
import { loadSample } from './core/samples.js';
import type { EncodeOptions, Provider, SignatureCheck } from './core/types.js';
import { captureJson } from './output/ndjson.js';
import { checkProviderIds, providers, resolveProvider } from './providers/registry.js';
import { resolveFixture } from './send/fixtures.js';

export { providers };
export type { DecodedEvent, DecodedStatus, EventKind, Outcome, Provider, SignatureCheck, SignatureState, StatusInfo } from './core/types.js';
export type { RawRequest, RawResponse } from './core/raw-request.js';

/** A request as a test or a handler has it: headers as pairs (received order) or an object. */
export interface RequestInput {
  method?: string;
  /** The request target, e.g. `/smsc?x=1`. */
  url: string;
  headers?: Array<[string, string]> | Record<string, string | string[] | undefined>;
  body?: Buffer | Uint8Array | string;
}

/** Secrets by provider id (`{ smsc: '…' }`), to check signatures with. */
export type Secrets = Readonly<Record<string, string>>;

/** The decoded part of an NDJSON capture: the same keys and values `listen --json` prints. */
export interface DecodedRequest {
  query: Record<string, unknown>;
  contentType: string | null;
  charset: string | null;
  parseError: string | null;
  fields: unknown;
  provider: string | null;
  events: Array<Record<string, unknown>>;
  problems: string[];
  signature: { state: string; detail: string };
}

function toRaw(req: RequestInput): RawRequest {
  const headers: Array<[string, string]> = Array.isArray(req.headers)
    ? req.headers.map(([k, v]) => [k, v])
    : Object.entries(req.headers ?? {}).flatMap(([k, v]) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x])));
  const body = req.body === undefined ? Buffer.alloc(0) : typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : Buffer.from(req.body);
  return { method: (req.method ?? 'POST').toUpperCase(), url: req.url, headers, body };
}

const DECODED_KEYS = ['query', 'contentType', 'charset', 'parseError', 'fields', 'provider', 'events', 'problems', 'signature'] as const;

/** Identifies, decodes and checks a request exactly as `listen` does (secrets masked as in its NDJSON). */
export function decodeRequest(req: RequestInput, opts: { secrets?: Secrets } = {}): DecodedRequest {
  const raw = toRaw(req);
  const record: CaptureRecord = { ...raw, seq: 0, id: '', receivedAt: 0, remote: '', size: raw.body.length, truncated: false, answer: null, replayOf: null, forward: null };
  const json = captureJson(viewCapture(record, { secrets: opts.secrets }));
  return Object.fromEntries(DECODED_KEYS.map((k) => [k, json[k]])) as unknown as DecodedRequest;
}

/** Checks a request's signature or shared secret by `provider`'s rule: what was hashed, computed against received. */
export function verifySignature(provider: string, req: RequestInput, secret: string): SignatureCheck {
  const p = resolveProvider(provider);
  const raw = toRaw(req);
  return p.verify(raw, parseBody(raw), secret);
}

/** A provider's fixture (samples/<id>/<name>.http) encoded for `to`, as `webhook-kit send` would put it on the wire. */
export function encodeFixture(provider: string, fixture: string | undefined, opts: EncodeOptions & { to: string }): RawRequest {
  const p: Provider = resolveProvider(provider);
  return p.encode(loadSample(resolveFixture(p, fixture)), opts.to, opts);
}

/** A capture server started from code (a test): the captures as NDJSON objects, as they are stored. */
export interface CaptureServerHandle {
  url: string;
  /** The store file. */
  store: string;
  /** Every capture from now on, in arrival order (ends when the server closes). */
  captures: AsyncIterable<Record<string, unknown>>;
  /** The first `n` captures (counting from the start), or a KitError after `timeoutMs`. */
  waitFor(n: number, timeoutMs?: number): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

export interface CaptureServerOptions {
  port?: number;
  host?: string;
  /** A store file; by default a fresh one in a temp folder, removed by close(). */
  store?: string;
  secrets?: Secrets;
  maxBody?: number;
}

/** Starts a capture server like `listen` (stored before answered, provider answers), for tests. */
export async function startCaptureServer(opts: CaptureServerOptions = {}): Promise<CaptureServerHandle> {
  // The checks `listen --port` and `--secret` make: a KitError saying what is wrong, before anything is opened.
  if (opts.port !== undefined && !isPort(opts.port)) throw new KitError('E_USAGE', `port ${String(opts.port)}: expected ${PORT_RANGE}`);
  checkProviderIds(Object.keys(opts.secrets ?? {}));
  // As the config file's secrets (cli/config.ts): a number or '' would fail every capture's store.
  for (const [id, secret] of Object.entries(opts.secrets ?? {})) {
    if (typeof secret !== 'string' || secret === '') throw new KitError('E_USAGE', `secrets.${id} must be a non-empty string, not ${secret === '' ? 'an empty one' : typeof secret}`);
  }
  const [{ Store }, { CaptureServer }] = await Promise.all([import('./capture/store.js'), import('./capture/server.js')]);
  const temp = opts.store === undefined ? mkdtempSync(join(tmpdir(), 'webhook-kit-')) : null;
  const store = Store.open(opts.store ?? join(temp!, 'captures.db'));
  const server = new CaptureServer({ store, host: opts.host ?? DEFAULTS.host, port: opts.port ?? 0, maxBody: opts.maxBody ?? DEFAULTS.maxBody, secrets: opts.secrets });
  try {
    await server.listen();
  } catch (e) {
    store.close();
    if (temp) rmSync(temp, { recursive: true, force: true });
    throw e;
  }
  const seen: Array<Record<string, unknown>> = [];
  server.on('capture', (view) => seen.push(captureJson(view)));
  let closed = false;
  const captures: AsyncIterable<Record<string, unknown>> = {
    async *[Symbol.asyncIterator]() {
      let next = seen.length;
      while (!closed) {
        if (next < seen.length) yield seen[next++]!;
        else await Promise.race([once(server, 'capture'), once(server.http, 'close')]);
      }
      while (next < seen.length) yield seen[next++]!;
    },
  };
  return {
    url: server.url,
    store: store.file,
    captures,
    async waitFor(n, timeoutMs = 10_000) {
      // The listener that fills `seen` was added first, so it has run when once() resolves.
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        while (seen.length < n) await once(server, 'capture', { signal });
      } catch (e) {
        if (signal.aborted) throw new KitError('E_TIMEOUT', `timed out after ${timeoutMs} ms: got ${seen.length} of ${n} captures`);
        throw e;
      }
      return seen.slice(0, n);
    },
    async close() {
      if (closed) return;
      closed = true;
      await server.close();
      store.close();
      if (temp) rmSync(temp, { recursive: true, force: true });
    },
  };
}

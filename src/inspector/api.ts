import type { IncomingMessage, ServerResponse } from 'node:http';
import { harDocument } from '../output/export.js';
import { callbackUrls } from '../output/paste.js';
import type { ListenSession } from '../capture/session.js';
import { captureIdFor, seqForId } from '../capture/capture-id.js';
import { factsOf, isEmptyFilter, matches, parseFilter, problemOf } from '../capture/filter.js';
import { factsKeyOf } from '../capture/store-facts.js';
import { replayUrl } from '../capture/replay.js';
import type { CaptureRecord } from '../capture/store.js';
import { secretsOf, viewCapture, type CaptureView } from '../capture/view.js';
import { captureJsonLine } from '../output/ndjson.js';
import { isKitError, KitError } from '../core/errors.js';
import { isHttpUrl } from '../core/raw-request.js';
import { toSafeJson, toSafeText } from '../core/safe-text.js';
import { maskUrl, redactor } from '../core/redact.js';
import { inspect } from '../providers/inspect.js';
import { providerIds, providers } from '../providers/registry.js';
import { captureDetailsJson } from './details.js';
import type { Feed } from './feed.js';
import { answer } from './guard.js';
import { listedCapture } from './row.js';
import { shown } from './shown.js';

/** Captures one list request returns at most; and how many it decodes looking for filter matches. */
export const MAX_LIMIT = 500;
export const SCAN_BUDGET = 2000;
const MAX_POST = 64 * 1024;

const json = (res: ServerResponse, status: number, value: unknown, extra: ReadonlyArray<readonly [string, string]> = []): void =>
  answer(res, status, 'application/json; charset=utf-8', `${toSafeJson(value)}\n`, extra);

/** A KitError as an API answer: a wrong id is 404, a bad request 400, an unreachable target 502. */
function fail(res: ServerResponse, e: unknown): void {
  if (!isKitError(e)) throw e;
  const status = e.code === 'E_BAD_ID' ? 404 : e.code === 'E_UNREACHABLE' ? 502 : e.code === 'E_USAGE' ? 400 : 500;
  json(res, status, { error: toSafeText(e.message, { oneLine: true }), code: e.code });
}

/**
 * A whole-number query parameter from `min` to `max`, `fallback` when absent; anything else is
 * a bad request naming the parameter and what it takes (a typo must not quietly mean the default).
 */
function intParam(params: URLSearchParams, name: string, min: number, max: number, fallback: number): number {
  const text = params.get(name);
  if (text === null) return fallback;
  const n = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) throw new KitError('E_USAGE', `${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text.slice(0, 40))}`);
  return n;
}

/** `before=`: a capture id, as the list's `next` gives it. */
function idParam(params: URLSearchParams, name: string): string | null {
  const text = params.get(name);
  if (text === null || text === '') return null;
  if (!/^[0-9a-z]{1,40}$/.test(text)) throw new KitError('E_USAGE', `${name} must be a capture id (letters a-z and digits, as "next" of the previous page gives it), not ${JSON.stringify(text.slice(0, 40))}`);
  return text;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new KitError('E_USAGE', 'send the request body as Content-Type: application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_POST) throw new KitError('E_USAGE', `the request body is larger than ${MAX_POST} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let value: unknown;
  try {
    value = text.trim() ? JSON.parse(text) : {};
  } catch {
    throw new KitError('E_USAGE', 'the request body is not valid JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new KitError('E_USAGE', 'the request body must be a JSON object');
  return value as Record<string, unknown>;
}

/** The JSON routes under /api/: the NDJSON objects of `listen --json`, paged from the store. */
export class Api {
  constructor(
    private readonly session: ListenSession,
    private readonly feed: Feed,
  ) {}

  private view(record: CaptureRecord): CaptureView {
    return viewCapture(record, { secrets: this.session.secrets, store: this.session.store });
  }

  /** Answers `req` when its path is an API route; false when it is not one. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const path = url.pathname;
    try {
      if (path === '/api/session' && req.method === 'GET') this.sessionInfo(res);
      else if (path === '/api/captures' && req.method === 'GET') this.list(res, url.searchParams);
      else if (path === '/api/events' && req.method === 'GET') {
        const max = intParam(url.searchParams, 'max', 1, MAX_LIMIT, Infinity);
        const first = intParam(url.searchParams, 'page', 1, MAX_LIMIT, 0);
        const q = url.searchParams.get('q') ?? '';
        this.feed.open(res, q, max, first > 0 ? () => this.page(q, first, null) : undefined);
      }
      else {
        const m = /^\/api\/captures\/([0-9a-z]{1,40})(?:\/(details|export|replay))?$/.exec(path);
        if (!m) return false;
        const [, id, what] = m as unknown as [string, string, string | undefined];
        if (what === 'replay' && req.method === 'POST') await this.replay(req, res, id);
        else if (req.method !== 'GET') json(res, 405, { error: `${req.method} is not allowed here` });
        else if (what === 'details') json(res, 200, captureDetailsJson(this.view(this.session.store.get(id)), this.session.store));
        else if (what === 'export') this.export(res, id, url.searchParams.get('format') ?? 'ndjson');
        else json(res, 200, listedCapture(this.view(this.session.store.get(id))));
      }
    } catch (e) {
      fail(res, e);
    }
    return true;
  }

  private sessionInfo(res: ServerResponse): void {
    const base = this.session.urls[0] ?? '';
    const forward = this.session.forward;
    const publicUrl = this.session.tunnel?.state().publicUrl ?? null;
    json(res, 200, shown({
      urls: this.session.urls,
      routes: providers.map((p) => ({ provider: p.id, name: p.name, url: `${base}/${p.routes[0]}` })),
      forward: forward ? { target: forward.target, state: forward.state() } : null,
      // The public URL and its probe (--tunnel, --public-url), and what to paste into each gateway.
      tunnel: this.session.tunnel?.state() ?? null,
      callbacks: publicUrl ? callbackUrls(publicUrl) : [],
    }));
  }

  private list(res: ServerResponse, params: URLSearchParams): void {
    const limit = intParam(params, 'limit', 1, MAX_LIMIT, 50);
    const before = idParam(params, 'before');
    json(res, 200, this.page(params.get('q') ?? '', limit, before));
  }

  /**
   * Newest first, `before` an id, `limit` from 1 to MAX_LIMIT; with `q`, SQLite picks the rows it
   * may match (capture/store-filter.ts) and up to SCAN_BUDGET of them are decoded and judged per request.
   */
  page(q: string, limit: number, before: string | null): { captures: Array<Record<string, unknown>>; next: string | null; scanned: number; problem?: string } {
    const parsed = parseFilter(q);
    const filter = isEmptyFilter(parsed) ? null : parsed;
    const rows = this.session.store.iterate({ newestFirst: true, beforeSeq: before ? this.seqOf(before) : undefined, filter: filter ?? undefined, factsKey: factsKeyOf(this.session.secrets) });
    let oldest: string | null = null;
    const captures: Array<Record<string, unknown>> = [];
    let scanned = 0;
    let exhausted = true;
    for (const r of rows) {
      if (captures.length >= limit || scanned >= SCAN_BUDGET) {
        exhausted = false;
        break;
      }
      scanned++;
      oldest = r.id;
      const view = this.view(r);
      if (!filter || matches(factsOf(view), filter)) captures.push(listedCapture(view));
    }
    // A word that can match nothing (outcome:faild), as list says it: the page shows why the list is empty.
    const problem = filter && problemOf(filter, providerIds());
    return { captures, next: exhausted ? null : oldest, scanned, ...(problem ? { problem } : {}) };
  }

  /** The sequence number of `id`, also when rotation (--retention rotate) deleted it meanwhile. */
  private seqOf(id: string): number {
    // Ids are scrambled with the store's own offset (capture-id.ts).
    const offset = this.session.store.idOffset;
    const seq = seqForId(id, offset);
    if (seq !== null && captureIdFor(seq, offset) === id) return seq;
    return this.session.store.get(id).seq;
  }

  private export(res: ServerResponse, id: string, format: string): void {
    const view = this.view(this.session.store.get(id));
    const mask = redactor(view.secrets);
    const name = `webhook-kit-${view.record.id}`;
    if (format === 'har') {
      answer(res, 200, 'application/json; charset=utf-8', `${toSafeJson(mask.deep(harDocument([view])), 2)}\n`, [['Content-Disposition', `attachment; filename="${name}.har"`]]);
    } else if (format === 'ndjson') {
      answer(res, 200, 'application/x-ndjson; charset=utf-8', `${captureJsonLine(view)}\n`, [['Content-Disposition', `attachment; filename="${name}.ndjson"`]]);
    } else throw new KitError('E_USAGE', `unknown export format ${JSON.stringify(format.slice(0, 20))}; use har or ndjson`);
  }

  /** Body: `{ url?, set?: {field: value}, resign?: secret }`; the answer is `replay --json`'s object. */
  private async replay(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const body = await readJson(req);
    const original = this.session.store.get(id);
    const to = typeof body.url === 'string' && body.url.trim() ? body.url.trim() : undefined;
    if (to !== undefined && !isHttpUrl(to)) throw new KitError('E_USAGE', `${JSON.stringify(to.slice(0, 80))} is not an absolute http(s) URL`);
    const set: Record<string, string> = {};
    if (body.set !== undefined) {
      if (!body.set || typeof body.set !== 'object' || Array.isArray(body.set)) throw new KitError('E_USAGE', '"set" must be an object of field: value');
      for (const [k, v] of Object.entries(body.set)) set[k] = typeof v === 'string' ? v : JSON.stringify(v);
    }
    const resign = typeof body.resign === 'string' && body.resign !== '' ? body.resign : undefined;
    const url = replayUrl(original, to);
    const done = await this.session.replay(original.id, url, { set, resignWith: resign });
    // Sent to this listener, the replay is its own capture, already in the stream.
    if (done.stored) this.feed.publish(done.stored);
    const { record, result } = done;
    const secrets = [...secretsOf(original, inspect(original), this.session.secrets), ...secretsOf(record, inspect(record)), resign ?? ''];
    const answerText = record.answer ? record.answer.body.toString('utf8') : null;
    // `replay --json`'s line (src/commands/replay.ts); id null when the listener lists it as its own.
    const line = { type: 'replay', id: done.stored?.id ?? null, replayOf: original.id, url: maskUrl(result.url, secrets), status: result.status, latencyMs: result.latencyMs, body: answerText, verdict: result.verdict, accepted: result.accepted, error: result.error };
    json(res, 200, shown(redactor(secrets).deep(line)));
  }
}

import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KitError } from '../core/errors.js';
import { headerValue, type RawResponse } from '../core/raw-request.js';
import { isIdLike } from './capture-id.js';
import { setTimeout as delay } from 'node:timers/promises';
import { inspect, type Inspection } from '../providers/inspect.js';
import { forwardCapture, type ForwardOptions } from './forward.js';
import { chooseAnswer, type RespondOverride } from './answer.js';
import { flagEvents, indexable, RecentStatuses, type Flag } from './correlate.js';
import type { CaptureRecord, IndexedEvent, NewCapture, Store } from './store.js';
import { secretsOf, type CaptureView } from './view.js';

export const DEFAULT_PORT = 8686;
export const DEFAULT_MAX_BODY = 1024 * 1024;

/** Limits against slow and abusive clients; documented in the README. */
export const LIMITS = {
  maxHeaderSize: 16 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  /** Past max-body we keep reading (and discarding) this many bytes to learn the true length. */
  drainFactor: 16,
} as const;

export interface CaptureServerOptions {
  store: Store;
  host: string;
  port: number;
  maxBody: number;
  secrets?: Readonly<Record<string, string>>;
  respond?: RespondOverride;
  /** Stand in front of the user's app: relay every capture and answer with the app's answer. */
  forward?: ForwardOptions;
  /** Randomness for --fail-rate (an argument so tests can fix it). */
  random?: () => number;
  requestTimeoutMs?: number;
  headersTimeoutMs?: number;
}

/**
 * Emits 'capture' (CaptureView) after each stored and answered request, 'forward' (ForwardResult)
 * after relaying one to the user's app, and 'problem' (Error) when a store write fails.
 */
export class CaptureServer extends EventEmitter {
  readonly http: Server;
  url = '';

  constructor(private readonly opts: CaptureServerOptions) {
    super();
    this.recent = new RecentStatuses(opts.store);
    const requestTimeout = opts.requestTimeoutMs ?? LIMITS.requestTimeoutMs;
    this.http = createServer(
      {
        maxHeaderSize: LIMITS.maxHeaderSize,
        requestTimeout,
        headersTimeout: Math.min(opts.headersTimeoutMs ?? LIMITS.headersTimeoutMs, requestTimeout),
        keepAliveTimeout: LIMITS.keepAliveTimeoutMs,
        // Timeouts are only enforced when checked; check often so slow clients go quickly.
        connectionsCheckingInterval: Math.min(1000, requestTimeout),
      },
      (req, res) => this.handle(req, res),
    );
  }

  /** Binds; a busy port becomes a KitError that suggests --port 0. */
  async listen(): Promise<string> {
    const { host, port } = this.opts;
    await new Promise<void>((resolve, reject) => {
      const onError = (e: NodeJS.ErrnoException): void => {
        if (e.code === 'EADDRINUSE') {
          reject(new KitError('E_PORT_IN_USE', `port ${port} on ${host} is in use; pass --port 0 for a free port or stop the other listener`, { cause: e }));
        } else {
          reject(new KitError('E_BIND', `cannot listen on ${host}:${port}: ${e.message}; check --host and --port`, { cause: e }));
        }
      };
      this.http.once('error', onError);
      this.http.listen(port, host, () => {
        this.http.off('error', onError);
        resolve();
      });
    });
    const addr = this.http.address() as AddressInfo;
    const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    this.url = `http://${shownHost}:${addr.port}`;
    return this.url;
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  /** Stops accepting, lets answers in flight finish (up to graceMs), then drops the rest. */
  async close(graceMs = 1000): Promise<void> {
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => this.http.closeAllConnections(), graceMs);
      this.http.close(() => {
        clearTimeout(force);
        resolve();
      });
      this.http.closeIdleConnections();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const receivedAt = Date.now();
    const max = this.opts.maxBody;
    const declaredLength = Number(req.headers['content-length']);
    const chunks: Buffer[] = [];
    let kept = 0;
    let total = 0;
    let done = false;
    const finish = (complete: boolean): void => {
      if (done) return;
      done = true;
      const over = total > max;
      const size = complete ? total : Number.isFinite(declaredLength) ? declaredLength : null;
      this.store(req, res, { receivedAt, body: Buffer.concat(chunks, kept), size, truncated: over || !complete, over });
    };
    req.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (kept < max) {
        const part = chunk.subarray(0, max - kept);
        chunks.push(part);
        kept += part.length;
      }
      if (total > max * LIMITS.drainFactor) {
        // An endless body: answer now and drop the connection once the answer is out.
        res.once('finish', () => req.socket.destroy());
        finish(false);
      }
    });
    req.on('end', () => finish(true));
    // A client that gives up or times out mid-body still leaves what it sent in the store.
    req.on('close', () => finish(req.complete));
  }

  private store(
    req: IncomingMessage,
    res: ServerResponse,
    c: { receivedAt: number; body: Buffer; size: number | null; truncated: boolean; over: boolean },
  ): void {
    const headers: Array<[string, string]> = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
    const raw = { method: req.method ?? 'GET', url: req.url ?? '/', headers, body: c.body };
    const inspection = inspect(raw, { secrets: this.opts.secrets, truncatedFrom: c.truncated ? c.size : undefined });
    const forwarding = this.opts.forward !== undefined && !c.over;
    // When forwarding, the app's answer is not known yet: the capture is stored first, without one.
    const answer = forwarding ? null : chooseAnswer(raw, inspection, { truncated: c.over, maxBody: this.opts.maxBody, respond: this.opts.respond, random: this.opts.random });
    const provider = inspection.provider?.id;
    const events = provider ? indexable(inspection.decoded).map((e) => ({ provider, ...e })) : [];
    const capture: NewCapture = {
      ...raw,
      receivedAt: c.receivedAt,
      remote: `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`,
      size: c.size,
      truncated: c.truncated,
      answer,
      replayOf: replayMarker(raw.headers),
    };
    const flags = (): Flag[][] => flagEvents(this.recent.codesOf, inspection.provider, inspection.decoded);
    this.enqueue(capture, events, flags, (result, eventFlags) => {
      if (result instanceof Error) {
        // Never a 2xx for something not stored.
        this.emit('problem', new KitError('E_STORE', `capture not stored (${result.message}); answered 500. Free disk space or check --store`, { cause: result }));
        send(res, { status: 500, headers: [['Content-Type', 'text/plain']], body: Buffer.from('webhook-kit: capture not stored\n') });
      } else void this.answer(res, result, inspection, answer, eventFlags);
    });
  }

  private outcomes: Array<{ id: string; answer: RawResponse; forward: unknown }> = [];

  /** The app's answers are written in batches too; the capture itself is already durable. */
  private recordOutcome(id: string, answer: RawResponse, forward: unknown): void {
    this.outcomes.push({ id, answer, forward });
    if (this.outcomes.length > 1) return;
    setImmediate(() => {
      const batch = this.outcomes;
      this.outcomes = [];
      try {
        this.opts.store.setOutcomes(batch);
      } catch (e) {
        this.emit('problem', new KitError('E_STORE', `could not record your app's answers (${batch.length}): ${(e as Error).message}`, { cause: e }));
      }
    });
  }

  private pending: Array<{ capture: NewCapture; events: IndexedEvent[]; flags: () => Flag[][]; done: (r: CaptureRecord | Error, flags: Flag[][]) => void }> = [];
  private readonly recent: RecentStatuses;

  /**
   * Group commit: captures that arrive in the same turn of the event loop are written in one
   * transaction, and each is answered only after that transaction has committed.
   */
  private enqueue(capture: NewCapture, events: IndexedEvent[], flags: () => Flag[][], done: (r: CaptureRecord | Error, flags: Flag[][]) => void): void {
    this.pending.push({ capture, events, flags, done });
    if (this.pending.length === 1) setImmediate(() => this.flush());
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    // Flag in arrival order, each against the statuses before it, then write them all at once.
    const flags = batch.map((b) => {
      const f = b.flags();
      this.recent.add(b.events);
      return f;
    });
    let records: CaptureRecord[] | Error;
    try {
      records = this.opts.store.insertBatch(batch);
    } catch (e) {
      records = e instanceof Error ? e : new Error(String(e));
    }
    batch.forEach((b, i) => b.done(records instanceof Error ? records : records[i]!, flags[i]!));
  }

  /** Answers (after forwarding or the --respond delay) and announces the capture. */
  private async answer(res: ServerResponse, record: CaptureRecord, inspection: Inspection, planned: RawResponse | null, flags: Flag[][]): Promise<void> {
    let answer = planned;
    if (answer === null && this.opts.forward) {
      const { result, answer: appAnswer } = await forwardCapture(record, record.id, inspection, this.opts.forward, this.opts.maxBody);
      answer = appAnswer;
      record = { ...record, answer, forward: result };
      this.recordOutcome(record.id, answer, result);
      this.emit('forward', result);
    } else if (this.opts.respond?.delayMs) {
      await delay(this.opts.respond.delayMs);
    }
    send(res, answer!);
    this.emit('capture', { record, inspection, flags, secrets: secretsOf(record, inspection, this.opts.secrets) } satisfies CaptureView);
  }
}

/** The original's id when this request is a `webhook-kit replay`. */
function replayMarker(headers: Array<[string, string]>): string | null {
  const v = headerValue(headers, 'x-webhook-kit-replay-of');
  return v && isIdLike(v) ? v : null;
}

function send(res: ServerResponse, answer: RawResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = answer.status;
  for (const [k, v] of answer.headers) res.setHeader(k, v);
  res.setHeader('Content-Length', answer.body.length);
  res.end(answer.body);
}

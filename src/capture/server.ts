import { EventEmitter, setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { KitError } from '../core/errors.js';
import { headerValue, type RawResponse } from '../core/raw-request.js';
import { isIdLike } from './capture-id.js';
import { probeToken } from '../core/probe-path.js';
import { answerProbe } from './probe-answer.js';
import { setTimeout as delay } from 'node:timers/promises';
import { inspect, type Inspection } from '../providers/inspect.js';
import { forwardCapture, loopAnswer, RelaysInFlight } from './forward.js';
import { chooseAnswer } from './answer.js';
import { AnswersInFlight, delayUnlessClosed, send, sendAndConfirm, sendThen } from './send-answer.js';
import type { Flag } from './correlate.js';
import type { CaptureEvents } from './events.js';
import { answerClientError } from './client-error.js';
import { GroupCommit, type CommitReports } from './group-commit.js';
import { describeStoreError } from './store-errors.js';
import type { CaptureRecord, NewCapture } from './store.js';
import { LIMITS, type CaptureServerOptions } from './server-options.js';
import { secretsOf, type CaptureView } from './view.js';

export { LIMITS, type CaptureServerOptions } from './server-options.js';
export type { CaptureEvents, Rejection, Rotation } from './events.js';

export class CaptureServer extends EventEmitter<CaptureEvents> {
  readonly http: Server;
  url = '';

  constructor(private readonly opts: CaptureServerOptions) {
    super();
    // Each relay waiting on the app listens for close() (http/send-once.ts), one per request in
    // flight: past Node's default of 10 it printed a leak warning into the user's terminal.
    setMaxListeners(0, this.stopRelays.signal);
    this.commits = new GroupCommit(opts.store, this.commitReports(), opts.retention, opts.secrets);
    const requestTimeout = opts.requestTimeoutMs ?? LIMITS.requestTimeoutMs;
    const make = opts.tls ? (o: object, h: (req: IncomingMessage, res: ServerResponse) => void): Server => createTlsServer({ ...o, cert: opts.tls!.cert, key: opts.tls!.key }, h) : createServer;
    this.http = make(
      {
        maxHeaderSize: LIMITS.maxHeaderSize,
        requestTimeout,
        headersTimeout: Math.min(opts.headersTimeoutMs ?? LIMITS.headersTimeoutMs, requestTimeout),
        keepAliveTimeout: LIMITS.keepAliveTimeoutMs,
        // An HTTP/1.1 request without Host would get Node's bare 400 and never reach the store.
        requireHostHeader: false,
        // Timeouts are only enforced when checked; check often so slow clients go quickly.
        connectionsCheckingInterval: Math.min(1000, requestTimeout),
      },
      (req, res) => this.handle(req, res),
    );
    // Header bytes are already capped by maxHeaderSize; Node's default 2000-header cap would
    // silently drop the rest from the stored request instead.
    this.http.maxHeadersCount = 0;
    this.http.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
      const said = answerClientError(err, socket, LIMITS.maxHeaderSize);
      if (said) this.emit('rejected', said);
    });
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
    this.url = `${this.opts.tls ? 'https' : 'http'}://${shownHost}:${addr.port}`;
    return this.url;
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  /**
   * Stops accepting, lets answers in flight finish (up to graceMs), then drops the connections
   * left and stops the relays still waiting on the app: each is recorded as not answered, its
   * relay as interrupted, before this resolves (so before the store closes).
   */
  async close(graceMs: number = LIMITS.closeGraceMs): Promise<void> {
    const { signal } = this.stopRelays;
    const stopped = signal.aborted ? Promise.resolve() : new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    const stop = (): void => {
      this.http.closeAllConnections();
      this.stopRelays.abort();
    };
    const force = setTimeout(stop, graceMs);
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeIdleConnections();
    });
    // A relay whose client left already still gets the rest of the grace.
    await Promise.race([this.answering.idle(), stopped]);
    clearTimeout(force);
    stop();
    // Stopped relays record their outcome at once; a store that hangs is not waited for past another grace.
    await Promise.race([this.answering.idle(), delay(graceMs, undefined, { ref: false })]);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const probe = probeToken(req.url ?? '');
    if (probe !== null) return void this.emit('probe', answerProbe(req, res, probe));
    const receivedAt = Date.now();
    const max = this.opts.maxBody;
    const declaredLength = Number(req.headers['content-length']);
    const chunks: Buffer[] = [];
    let kept = 0;
    let total = 0;
    let done = false;
    const finish = (complete: boolean, answerable = complete): void => {
      if (done) return;
      done = true;
      const over = total > max;
      const size = complete ? total : Number.isFinite(declaredLength) ? declaredLength : null;
      this.store(req, res, { receivedAt, body: Buffer.concat(chunks, kept), size, truncated: over || !complete, over, answerable });
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
        finish(false, true);
      }
    });
    req.on('end', () => finish(true));
    // A client that gives up or times out mid-body still leaves what it sent in the store.
    req.on('close', () => finish(req.complete));
  }

  private store(
    req: IncomingMessage,
    res: ServerResponse,
    c: { receivedAt: number; body: Buffer; size: number | null; truncated: boolean; over: boolean; answerable: boolean },
  ): void {
    const headers: Array<[string, string]> = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
    const raw = { method: req.method ?? 'GET', url: req.url ?? '/', headers, body: c.body };
    const inspection = inspect(raw, { secrets: this.opts.secrets, truncatedFrom: c.truncated ? c.size : undefined });
    const looped = this.opts.forward ? this.relays.ownRelay(headers) : null;
    const forwarding = this.opts.forward !== undefined && !c.over && c.answerable && looped === null;
    // When forwarding, the app's answer is not known yet: the capture is stored first, without one.
    // A client that went away mid-request gets no answer, so none is recorded.
    const answer = forwarding || !c.answerable ? null : looped !== null ? loopAnswer(looped) : chooseAnswer(raw, inspection, { truncated: c.over, maxBody: this.opts.maxBody, respond: this.opts.respond, random: this.opts.random });
    // Literals, not `{ ...raw, more }`: in Node 20's V8 adding keys to a spread copy costs ~1 µs
    // each (a fresh map per object), several µs a capture on this hot path.
    const capture: NewCapture = {
      method: raw.method,
      url: raw.url,
      headers: raw.headers,
      body: raw.body,
      receivedAt: c.receivedAt,
      remote: `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`,
      size: c.size,
      truncated: c.truncated,
      answer,
      replayOf: replayMarker(raw.headers),
      publicUrl: this.calledUrl?.(headers, raw.url) ?? null,
    };
    this.commits.add(capture, inspection, (result, eventFlags, masked) => {
      // Never a 2xx for something not stored.
      if (result instanceof Error) return send(res, { status: 500, headers: [['Content-Type', 'text/plain']], body: Buffer.from('webhook-kit: capture not stored\n') });
      const secrets = masked ?? secretsOf(result, inspection, this.opts.secrets);
      if (!c.answerable) this.announce({ record: result, inspection, flags: eventFlags, secrets });
      else if (answer !== null && !this.opts.respond?.delayMs) this.answerNow(res, result, inspection, answer, eventFlags, secrets);
      else {
        // close() waits for these, so an answer cut off at exit is recorded before the store closes.
        this.answering.start();
        void this.answer(res, result, inspection, answer, eventFlags)
          .catch((e: unknown) => this.answerFailed(res, result.id, e))
          .finally(() => this.answering.end());
      }
    });
  }

  /** Tells the live views; a view that throws must not take the listener down with it. */
  private announce(view: CaptureView): void {
    try {
      this.emit('capture', view);
    } catch (e) {
      this.emit('problem', new KitError('E_STORE', `capture ${view.record.id} is stored but could not be shown (${(e as Error).message}); see \`webhook-kit show ${view.record.id}\``, { cause: e }));
    }
  }

  private readonly commits: GroupCommit;
  /** The public URL a request was called on (listen sets it once --tunnel/--public-url is up), stored with each capture. */
  calledUrl: ((headers: ReadonlyArray<readonly [string, string]>, url: string) => string | null) | null = null;
  private readonly relays = new RelaysInFlight();
  /** Aborted by close(): relays still waiting on the app end as interrupted. */
  private readonly stopRelays = new AbortController();
  /** Answers being waited for or sent (see close()). */
  private readonly answering = new AnswersInFlight();
  /** Requests answered 500 since the store started failing; null while it writes. */
  private failing: number | null = null;

  /** One line when the store starts failing (not one per request), one when it writes again. */
  private commitReports(): CommitReports {
    return {
      failed: (e, n) => {
        if (this.failing === null) this.emit('problem', new KitError('E_STORE', describeStoreError(e, this.opts.store.file), { cause: e }));
        this.failing = (this.failing ?? 0) + n;
      },
      committed: () => {
        if (this.failing === null) return;
        this.emit('recovered', `the store writes again; ${this.failing} request${this.failing === 1 ? ' was' : 's were'} answered 500 and not stored meanwhile`);
        this.failing = null;
      },
      rotated: (r) => this.emit('rotated', r),
      outcomesFailed: (e, n) => this.emit('problem', new KitError('E_STORE', `could not record your app's answers (${n}): ${e.message}`, { cause: e })),
    };
  }

  /**
   * The common case, answered at once: callbacks instead of answer()'s promises, which cost
   * several µs a capture. Same record rule: an answer the client did not get is recorded as none.
   */
  private answerNow(res: ServerResponse, record: CaptureRecord, inspection: Inspection, planned: RawResponse, flags: Flag[][], secrets: string[]): void {
    this.answering.start();
    const then = (sent: boolean): void => {
      if (sent) {
        this.announce({ record, inspection, flags, secrets });
        return this.answering.end();
      }
      const unsent: CaptureRecord = Object.assign({}, record, { answer: null });
      void this.commits.recordOutcome(record.seq, null, null).then(() => {
        this.announce({ record: unsent, inspection, flags, secrets });
        this.answering.end();
      });
    };
    try {
      sendThen(res, planned, then);
    } catch (e) {
      this.answerFailed(res, record.id, e);
      this.answering.end();
    }
  }

  /** An answer that could not be sent (a header Node refuses): 500, and one line; the capture is stored. */
  private answerFailed(res: ServerResponse, id: string, e: unknown): void {
    send(res, { status: 500, headers: [['Content-Type', 'text/plain']], body: Buffer.from('webhook-kit: internal error; the capture is stored\n') });
    this.emit('problem', new KitError('E_STORE', `capture ${id} is stored but answering failed: ${(e as Error).message}`, { cause: e }));
  }

  /**
   * Answers (after forwarding or the --respond delay) and announces the capture. The record
   * says what the client got: an answer whose response did not finish (the client went away,
   * listen stopped during the delay) is recorded as not sent, never as the planned status.
   */
  private async answer(res: ServerResponse, record: CaptureRecord, inspection: Inspection, planned: RawResponse | null, flags: Flag[][]): Promise<void> {
    if (planned === null && this.opts.forward) {
      const { result, answer } = await forwardCapture(record, record.id, inspection, this.opts.forward, this.opts.maxBody, this.relays, this.stopRelays.signal);
      const sent = (await sendAndConfirm(res, answer)) ? answer : null;
      // Object.assign, not a spread with a key added (slow in Node 20's V8, see README Performance).
      record = Object.assign({}, record, { answer: sent, forward: result });
      const written = this.commits.recordOutcome(record.seq, sent, result);
      this.emit('forward', result);
      await written;
    } else {
      if (this.opts.respond?.delayMs) await delayUnlessClosed(this.opts.respond.delayMs, res);
      if (!(await sendAndConfirm(res, planned!))) {
        record = { ...record, answer: null };
        await this.commits.recordOutcome(record.seq, null, null);
      }
    }
    this.announce({ record, inspection, flags, secrets: secretsOf(record, inspection, this.opts.secrets) });
  }
}

/** The original's id when this request is a `webhook-kit replay`. */
function replayMarker(headers: Array<[string, string]>): string | null {
  const v = headerValue(headers, 'x-webhook-kit-replay-of');
  return v && isIdLike(v) ? v : null;
}

import type { ServerResponse } from 'node:http';
import { factsOf, isEmptyFilter, matches, parseFilter, type Facts, type Filter } from '../capture/filter.js';
import type { CaptureRecord } from '../capture/store.js';
import { viewCapture, type CaptureView } from '../capture/view.js';
import type { ListenSession } from '../capture/session.js';
import { toSafeJson } from '../core/safe-text.js';
import { SECURITY_HEADERS } from './guard.js';
import { listedCapture } from './row.js';
import { shown } from './shown.js';

// A browser that stops reading (a suspended tab) is dropped past this much unsent data; its
// EventSource reconnects and the page reloads the list, so the listener never buffers for it.
const MAX_BUFFERED = 4 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;
/**
 * The windows of `?max=`: a client asking for it gets at most that many captures per window,
 * and its page redraws once a window. A window lasts WINDOW_MS, BURST_WINDOW_MS after one that
 * had to leave captures out (a burst; one redraw a second is what keeps the browser's share
 * of a 2-core machine small: docs/inspector.md, bench/rows/inspector.mjs), and ends early at
 * the first TICK_MS without a capture, so the last captures of a burst are not held back.
 */
export const WINDOW_MS = 300;
export const BURST_WINDOW_MS = 1000;
const TICK_MS = 100;

interface Client {
  res: ServerResponse;
  filter: Filter | null;
  /** Events of this turn of the event loop, written together (a burst is one write, not hundreds). */
  queued: string[];
  /** `?max=`: captures per window; the newest are held until the window ends, the rest counted. */
  max: number;
  held: CaptureView[];
  skipped: number;
  /** The running window of a `?max=` client: a capture in a quiet moment goes at once and opens one. */
  window: NodeJS.Timeout | null;
  /** Ticks of the window so far, its length in ticks, and whether a capture came since the last tick. */
  ticks: number;
  length: number;
  fresh: boolean;
}

/** Server-sent events of new captures (each the NDJSON object), filtered per client like the list. */
export class Feed {
  private readonly clients = new Set<Client>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly data = new WeakMap<CaptureView, string>();
  private readonly detach: Array<() => void> = [];

  constructor(private readonly session: ListenSession) {
    const onCapture = (view: CaptureView): void => this.send(view);
    session.server.on('capture', onCapture);
    this.detach.push(() => void session.server.off('capture', onCapture));
    const off = session.forward?.onChange?.((change) => this.broadcast('health', toSafeJson(shown(change))));
    // A tunnel that goes down, comes back on a new URL or fails its probe: the page redraws its header.
    const offTunnel = session.tunnel?.onChange((state) => this.broadcast('tunnel', toSafeJson(shown(state))));
    if (off) this.detach.push(off);
    if (offTunnel) this.detach.push(offTunnel);
    this.heartbeat = setInterval(() => this.broadcast(null, ''), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /**
   * Starts an event stream for `res`; `q` is the list's filter (the TUI's `/` language). With
   * `max`, a capture after a quiet WINDOW_MS goes at once; in a burst, only the newest `max` of
   * each window go, at its end, after an `event: skipped` with how many it left out (windows
   * last BURST_WINDOW_MS after one that left some out, WINDOW_MS again once it did not; the page
   * draws no more than a screenful anyway, and the browser then leaves listen its CPU);
   * without it, every capture, those of one event-loop turn in one write. `firstPage` (the list API's answer)
   * goes out first as `event: page`: taken in the same turn as the subscription, no capture
   * falls between the two, and the page needs one request to show the list.
   */
  open(res: ServerResponse, q: string, max = Infinity, firstPage?: () => unknown): void {
    const page = firstPage ? `event: page\ndata: ${toSafeJson(firstPage())}\n\n` : '';
    res.writeHead(200, [...SECURITY_HEADERS, ['Content-Type', 'text/event-stream; charset=utf-8'], ['X-Accel-Buffering', 'no']].flat());
    res.write(`retry: 1000\n\n${page}`);
    const filter = parseFilter(q);
    const client: Client = { res, filter: isEmptyFilter(filter) ? null : filter, queued: [], max, held: [], skipped: 0, window: null, ticks: 0, length: 0, fresh: false };
    this.clients.add(client);
    res.on('close', () => this.drop(client));
  }

  /** Announces a capture the inspector stored itself (a replay to another server). */
  publish(record: CaptureRecord): void {
    if (this.clients.size) this.send(viewCapture(record, { secrets: this.session.secrets, store: this.session.store }));
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.detach.forEach((d) => d());
    for (const c of this.clients) {
      c.res.destroy();
      this.drop(c);
    }
  }

  private drop(c: Client): void {
    if (c.window) clearInterval(c.window);
    c.window = null;
    this.clients.delete(c);
  }

  private send(view: CaptureView): void {
    // Nothing is computed while no page is open: listen's throughput stays its own.
    if (this.clients.size === 0) return;
    let facts: Facts | undefined;
    for (const c of this.clients) {
      if (c.filter && !matches((facts ??= factsOf(view)), c.filter)) continue;
      if (c.max === Infinity) this.write(c, this.eventOf(view));
      else if (c.window === null) {
        this.write(c, this.eventOf(view));
        this.openWindow(c);
      } else {
        c.fresh = true;
        if (c.held.push(view) > c.max) {
          c.held.shift();
          c.skipped++;
        }
      }
    }
  }

  private openWindow(c: Client): void {
    c.ticks = 0;
    c.length = WINDOW_MS / TICK_MS;
    c.fresh = false;
    c.window = setInterval(() => this.tick(c), TICK_MS);
    c.window.unref();
  }

  /** A tick of a window: at its end, or once no capture came since the last tick, the held ones go. */
  private tick(c: Client): void {
    const quiet = !c.fresh;
    c.fresh = false;
    if (!c.held.length) {
      // Nothing came this tick (a capture would be held): the window closes, the next goes at once.
      if (c.window) clearInterval(c.window);
      c.window = null;
      return;
    }
    if (++c.ticks < c.length && !quiet) return;
    c.length = (c.skipped > 0 ? BURST_WINDOW_MS : WINDOW_MS) / TICK_MS;
    c.ticks = 0;
    this.release(c);
  }

  private eventOf(view: CaptureView): string {
    let data = this.data.get(view);
    if (data === undefined) {
      data = `id: ${view.record.id}\nevent: capture\ndata: ${toSafeJson(listedCapture(view))}\n\n`;
      this.data.set(view, data);
    }
    return data;
  }

  /** What the client was held back, the count left out first. */
  private release(c: Client): void {
    if (c.skipped) this.write(c, `event: skipped\ndata: {"count":${c.skipped}}\n\n`);
    for (const view of c.held) this.write(c, this.eventOf(view));
    c.held = [];
    c.skipped = 0;
  }

  private broadcast(event: string | null, data: string): void {
    const text = event ? `event: ${event}\ndata: ${data}\n\n` : ': ping\n\n';
    for (const c of this.clients) this.write(c, text);
  }

  private write(c: Client, text: string): void {
    c.queued.push(text);
    if (c.queued.length === 1) setImmediate(() => this.flush(c));
  }

  private flush(c: Client): void {
    const text = c.queued.join('');
    c.queued = [];
    if (!this.clients.has(c)) return;
    if (c.res.writableLength > MAX_BUFFERED) {
      c.res.destroy();
      this.clients.delete(c);
      return;
    }
    c.res.write(text);
  }
}

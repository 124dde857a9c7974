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
 * The window of `?max=`: a client asking for it gets at most that many captures per window. It
 * is also how often the page redraws under a burst, and one redraw a window is what keeps the
 * browser's share of a 2-core machine small (docs/inspector.md, bench/rows/inspector.mjs).
 */
export const WINDOW_MS = 300;

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
   * each window go, at its end, after an `event: skipped` with how many it left out (the page
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
    const client: Client = { res, filter: isEmptyFilter(filter) ? null : filter, queued: [], max, held: [], skipped: 0, window: null };
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
    if (c.window) clearTimeout(c.window);
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
      } else if (c.held.push(view) > c.max) {
        c.held.shift();
        c.skipped++;
      }
    }
  }

  private openWindow(c: Client): void {
    c.window = setTimeout(() => this.release(c), WINDOW_MS);
    c.window.unref();
  }

  private eventOf(view: CaptureView): string {
    let data = this.data.get(view);
    if (data === undefined) {
      data = `id: ${view.record.id}\nevent: capture\ndata: ${toSafeJson(listedCapture(view))}\n\n`;
      this.data.set(view, data);
    }
    return data;
  }

  /** End of a window: what the client was held back, the count left out first; a quiet window closes. */
  private release(c: Client): void {
    c.window = null;
    if (!c.held.length) return;
    if (c.skipped) this.write(c, `event: skipped\ndata: {"count":${c.skipped}}\n\n`);
    for (const view of c.held) this.write(c, this.eventOf(view));
    c.held = [];
    c.skipped = 0;
    this.openWindow(c);
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

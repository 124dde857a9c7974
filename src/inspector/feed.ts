import type { ServerResponse } from 'node:http';
import type { CaptureRecord } from '../capture/store.js';
import { captureJson, viewCapture, type CaptureView } from '../capture/view.js';
import type { ListenSession } from '../capture/listen.js';
import { toSafeJson } from '../core/safe-text.js';
import { matches, parseFilter, summarise, type Filter, type RowData } from '../tui/model.js';
import { SECURITY_HEADERS } from './guard.js';

// A browser that stops reading (a suspended tab) is dropped past this much unsent data; its
// EventSource reconnects and the page reloads the list, so the listener never buffers for it.
const MAX_BUFFERED = 4 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;

interface Client {
  res: ServerResponse;
  filter: Filter | null;
}

/** Server-sent events of new captures (each the NDJSON object), filtered per client like the list. */
export class Feed {
  private readonly clients = new Set<Client>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly detach: Array<() => void> = [];

  constructor(private readonly session: ListenSession) {
    const onCapture = (view: CaptureView): void => this.send(view);
    session.server.on('capture', onCapture);
    this.detach.push(() => void session.server.off('capture', onCapture));
    const off = session.forward?.onChange?.((change) => this.broadcast('health', toSafeJson(change)));
    if (off) this.detach.push(off);
    this.heartbeat = setInterval(() => this.broadcast(null, ''), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Starts an event stream for `res`; `q` is the list's filter (the TUI's `/` language). */
  open(res: ServerResponse, q: string): void {
    res.writeHead(200, [...SECURITY_HEADERS, ['Content-Type', 'text/event-stream; charset=utf-8'], ['X-Accel-Buffering', 'no']].flat());
    res.write('retry: 1000\n\n');
    const client: Client = { res, filter: q.trim() ? parseFilter(q) : null };
    this.clients.add(client);
    res.on('close', () => this.clients.delete(client));
  }

  /** Announces a capture the inspector stored itself (a replay to another server). */
  publish(record: CaptureRecord): void {
    if (this.clients.size) this.send(viewCapture(record, { secrets: this.session.secrets, store: this.session.store }));
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.detach.forEach((d) => d());
    for (const c of this.clients) c.res.destroy();
    this.clients.clear();
  }

  private send(view: CaptureView): void {
    // Nothing is computed while no page is open: listen's throughput stays its own.
    if (this.clients.size === 0) return;
    let data: string | undefined;
    let row: RowData | undefined;
    for (const c of this.clients) {
      if (c.filter && !matches((row ??= summarise(view)), c.filter)) continue;
      data ??= `id: ${view.record.id}\nevent: capture\ndata: ${toSafeJson(captureJson(view))}\n\n`;
      this.write(c, data);
    }
  }

  private broadcast(event: string | null, data: string): void {
    const text = event ? `event: ${event}\ndata: ${data}\n\n` : ': ping\n\n';
    for (const c of this.clients) this.write(c, text);
  }

  private write(c: Client, text: string): void {
    if (c.res.writableLength > MAX_BUFFERED) {
      c.res.destroy();
      this.clients.delete(c);
      return;
    }
    c.res.write(text);
  }
}

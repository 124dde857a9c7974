import { EventEmitter } from 'node:events';
import { connect } from 'node:net';
import { unbracketHost } from '../core/address.js';

/** Whether the user's app accepts connections, in words. */
export interface Health {
  up: boolean;
  detail: string;
}

/** One TCP connect to the app's host and port (no HTTP request, so the app sees nothing). */
export function probe(target: string, timeoutMs = 1000): Promise<Health> {
  const url = new URL(target);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = unbracketHost(url.hostname);
  return new Promise((resolve) => {
    const sock = connect({ host, port, timeout: timeoutMs });
    const done = (h: Health): void => {
      sock.destroy();
      resolve(h);
    };
    sock.once('connect', () => done({ up: true, detail: `${url.host} accepts connections` }));
    sock.once('timeout', () => done({ up: false, detail: `${url.host} does not answer (timed out)` }));
    sock.once('error', (e: NodeJS.ErrnoException) =>
      done({ up: false, detail: e.code === 'ECONNREFUSED' ? `connection refused at ${url.host}: is your app running?` : `${url.host}: ${e.code ?? e.message}` }),
    );
  });
}

/**
 * Tracks the app's health: probed at start, and after a failed relay polled until it is back.
 * Emits 'change' (Health) whenever up/down flips.
 */
export class ForwardHealth extends EventEmitter {
  up: boolean | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly target: string,
    private readonly intervalMs = 2000,
  ) {
    super();
  }

  async start(): Promise<Health> {
    const h = await probe(this.target);
    this.set(h);
    if (!h.up) this.poll();
    return h;
  }

  /** A relay failed to connect: mark the app down and poll until it answers again. */
  noteDown(detail: string): void {
    this.set({ up: false, detail });
    this.poll();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private set(h: Health): void {
    if (this.up === h.up) return;
    const first = this.up === null;
    this.up = h.up;
    if (!first || !h.up) this.emit('change', h);
  }

  private poll(): void {
    if (this.timer) return;
    const tick = async (): Promise<void> => {
      const h = await probe(this.target);
      this.timer = undefined;
      this.set(h);
      if (!h.up) this.timer = setTimeout(() => void tick(), this.intervalMs).unref();
    };
    this.timer = setTimeout(() => void tick(), this.intervalMs).unref();
  }
}

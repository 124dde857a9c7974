import { KitError, EXIT } from '../core/errors.js';
import { toSafeJson, toSafeText } from '../core/safe-text.js';
import { maskUrl } from '../output/redact.js';
import { captureLine } from '../output/capture-line.js';
import { paintFor } from '../output/paint.js';
import { providers } from '../providers/registry.js';
import type { RespondOverride } from './answer.js';
import { isExposedHost, lanAddresses } from './lan.js';
import { ForwardHealth, type Health } from './forward-health.js';
import type { ForwardOptions, ForwardResult } from './forward.js';
import { replayCapture } from './replay.js';
import { CaptureServer, type Rejection } from './server.js';
import { Store, type CaptureRecord } from './store.js';
import { captureJson, type CaptureView } from './view.js';

export interface ListenOptions {
  host: string;
  port: number;
  storePath: string;
  maxBody: number;
  json: boolean;
  /** Draw the Ink TUI when stdout is a terminal (false: --no-tui). */
  tui?: boolean;
  /** Exit 0 after this many captures. */
  count?: number;
  /** Give up after this many seconds (non-zero exit when --count was not reached). */
  timeoutSec?: number;
  secrets: Record<string, string>;
  respond?: RespondOverride;
  forward?: ForwardOptions;
  requestTimeoutMs?: number;
  /** Cap the store file at this many bytes (SQLite max_page_count); past it captures are answered 500. */
  maxStoreSize?: number;
}

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

/** What a live view of a listen session gets (the TUI, see tui/run.ts). */
export interface ListenSession {
  server: CaptureServer;
  store: Store;
  secrets: Readonly<Record<string, string>>;
  /** The listening URL first, then LAN URLs when bound to all interfaces. */
  urls: string[];
  /** Ends the session (the TUI calls it on q / Ctrl-C). */
  quit: (code?: number) => void;
  /** Re-sends a stored capture to `url` and judges the answer (the TUI's `r`). */
  replay: (captureId: string, url: string) => Promise<ReplayDone>;
  /** The app captures are relayed to, and whether it answers (`--forward-to`). */
  forward?: ForwardView;
}

/** What a replay from the TUI did. */
export interface ReplayDone {
  status: number | null;
  verdict: string;
  accepted: boolean | null;
  /** The replay as stored, to list; null when this listener received it (its own 'capture' event lists it). */
  stored: CaptureRecord | null;
}

/** A change of the app's health, with the line that announces it. */
export interface HealthChange {
  up: boolean;
  text: string;
}

/** The forward target as a live view sees it: its health now, and its changes as they happen. */
export interface ForwardView {
  target: string;
  state: () => 'up' | 'down' | 'unknown';
  /** Calls `listener` on each change (at once, too, when the app is down already); returns the unsubscribe. */
  onChange?: (listener: (change: HealthChange) => void) => () => void;
}

/** The words announcing a change of the app's health (the TUI's status line; stderr adds what listen does meanwhile). */
export function healthLine(target: string, h: Health): string {
  return h.up ? `your app at ${target} is back` : `your app at ${target} is not reachable: ${h.detail}`;
}

/** A failed relay marks the app down (and polls it); an answer while it is down probes it again. */
export function watchHealth(server: CaptureServer, health: ForwardHealth): void {
  server.on('forward', (f: ForwardResult) => {
    if (f.errorKind === 'unreachable') health.noteDown(f.error ?? 'unreachable');
    else if (f.status !== null && health.up === false) void health.start();
  });
}

/** The health of `target` for a live view; create it before health.start() so the first probe counts. */
export function forwardView(target: string, health: ForwardHealth): ForwardView {
  let last: HealthChange | null = null;
  health.on('change', (h: Health) => void (last = { up: h.up, text: healthLine(target, h) }));
  return {
    target,
    state: () => (health.up === true ? 'up' : health.up === false ? 'down' : 'unknown'),
    onChange: (listener) => {
      const onChange = (h: Health): void => listener({ up: h.up, text: healthLine(target, h) });
      health.on('change', onChange);
      // A view that opens after the app went down (or after the first probe failed) still says why.
      if (last && !last.up && health.up === false) listener(last);
      return () => void health.off('change', onChange);
    },
  };
}

/** Whether `url` reaches this listener itself (loopback, the bound address, or a LAN address, on its port). */
function reachesSelf(url: string, host: string, port: number, lan: readonly string[]): boolean {
  const u = new URL(url);
  if (u.protocol !== 'http:' || Number(u.port || 80) !== port) return false;
  const name = u.hostname.replace(/^\[|\]$/g, '');
  return name === 'localhost' || name.startsWith('127.') || name === '::1' || name === host || (isExposedHost(host) && (name === '0.0.0.0' || lan.includes(name)));
}

/** Runs the capture server until --count, --timeout, q or a signal; resolves with the exit code. */
export async function runListen(opts: ListenOptions, io: Io & { stdin?: NodeJS.ReadStream }): Promise<number> {
  const store = Store.open(opts.storePath);
  store.checkpointInBackground();
  if (opts.maxStoreSize !== undefined) store.limitSize(opts.maxStoreSize);
  const server = new CaptureServer({
    store,
    host: opts.host,
    port: opts.port,
    maxBody: opts.maxBody,
    secrets: opts.secrets,
    respond: opts.respond,
    forward: opts.forward,
    requestTimeoutMs: opts.requestTimeoutMs,
  });
  try {
    await server.listen();
  } catch (e) {
    store.close();
    throw e;
  }
  const useTui = !opts.json && opts.tui !== false && io.stdout.isTTY === true && io.stdin?.isTTY === true;
  const out = paintFor(io.stdout, io.env);
  const err = paintFor(io.stderr, io.env);
  const say = (line: string): void => void io.stderr.write(`${line}\n`);
  // Lines written in the same turn of the event loop go out in one write: a group commit
  // answers many captures at once, and a pipe write per line cost more than storing them.
  let lines: string[] = [];
  const flushLines = (): void => {
    if (lines.length === 0) return;
    const text = `${lines.join('\n')}\n`;
    lines = [];
    io.stdout.write(text);
  };
  const emit = (line: string): void => {
    lines.push(line);
    if (lines.length === 1) setImmediate(flushLines);
  };
  const lanHosts = isExposedHost(opts.host) ? lanAddresses() : [];
  const lan = lanHosts.map((a) => `http://${a}:${server.port}`);

  // Signals are caught before the ready line: a script that stops listen as soon as it reads
  // that line must not find Node's default (death by SIGTERM, no exit code) still in place.
  let finished = false;
  let earlyCode: number | null = null;
  let resolveCode: ((c: number) => void) | null = null;
  let unmount: (() => void) | undefined;
  const timers: NodeJS.Timeout[] = [];
  const stop = (exitCode: number, message?: string): void => {
    flushLines();
    if (finished) return;
    finished = true;
    timers.forEach(clearTimeout);
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    unmount?.();
    if (message) say(message);
    if (resolveCode) resolveCode(exitCode);
    else earlyCode = exitCode;
  };
  const onInt = (): void => stop(EXIT.interrupted);
  const onTerm = (): void => stop(EXIT.ok);
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);

  if (opts.json) io.stdout.write(`${toSafeJson({ type: 'ready', url: server.url, store: store.file })}\n`);
  if (!useTui) {
    say(`${err.bold('webhook-kit')} listening on ${err.cyan(server.url)}  (store: ${store.file})`);
    if (lan.length) say(`  on your network: ${lan.join('  ')}  (use this on a phone running the gateway app)`);
    say(err.dim(`  provider routes: ${providers.map((p) => `${server.url}/${p.routes[0]}`).join('  ')}  (any other path: detected by fields)`));
  }
  if (isExposedHost(opts.host)) say(err.yellow(`warning: bound to ${opts.host}: anyone on your network can send requests to this server`));
  const health = opts.forward ? new ForwardHealth(opts.forward.target) : undefined;
  // The target as printed: a password or token in it is masked, escapes made visible.
  const target = opts.forward ? toSafeText(maskUrl(opts.forward.target)) : '';
  const forward = opts.forward && health ? forwardView(target, health) : undefined;
  if (health && opts.forward) {
    // The TUI draws the change itself (forward.onChange): a line on stderr would tear its frame.
    watchHealth(server, health);
    const h = await health.start();
    say(h.up ? `forwarding to ${target} (${opts.forward.pathMode === 'keep' ? 'received path and query appended' : 'exact URL'})` : err.red(`forwarding to ${target}, but it is not reachable yet: ${h.detail}`));
    // Changes from here on; the line above already told the first state.
    if (!useTui) health.on('change', (h: Health) => say(h.up ? err.green(healthLine(target, h)) : err.red(`${healthLine(target, h)}; captures are still stored and answered 502`)));
  }

  let captured = 0;
  const code = await new Promise<number>((resolve) => {
    resolveCode = resolve;
    // A signal that came while the app was being probed: the session is over already.
    if (earlyCode !== null) {
      resolve(earlyCode);
      return;
    }
    io.stdout.on('error', (e: NodeJS.ErrnoException) => {
      // The reader of a pipe went away (`| head`): stop quietly.
      if (e.code === 'EPIPE') stop(EXIT.ok);
    });
    server.on('capture', (view: CaptureView) => {
      if (finished) return;
      captured++;
      if (!useTui) emit(opts.json ? toSafeJson(captureJson(view)) : captureLine(view, out));
      if (opts.count !== undefined && captured >= opts.count) stop(EXIT.ok);
    });
    if (useTui) {
      void import('../tui/run.js').then(({ startTui }) => {
        if (finished) return;
        const replay = async (captureId: string, url: string): Promise<ReplayDone> => {
          const { request, stored, result } = await replayCapture(store, store.get(captureId), { to: url, timeoutMs: opts.forward?.timeoutMs ?? 10_000 });
          const self = reachesSelf(request.url, opts.host, server.port, lanHosts);
          return { status: result.status, verdict: result.verdict, accepted: result.accepted, stored: self ? null : stored };
        };
        unmount = startTui(
          { server, store, secrets: opts.secrets, urls: [server.url, ...lan], quit: (c = EXIT.ok) => stop(c), replay, forward },
          { ...io, stdin: io.stdin! },
        ).unmount;
      });
    } else {
      server.on('problem', (e: Error) => say(err.red(`webhook-kit: ${e.message}`)));
      server.on('recovered', (text: string) => say(err.green(`webhook-kit: ${text}`)));
      // A flood of junk (a scanner behind a tunnel) gets one line per kind every 10 s, not one each.
      const lastSaid = new Map<string, number>();
      server.on('rejected', (r: Rejection) => {
        const now = Date.now();
        if (now - (lastSaid.get(r.reason) ?? -Infinity) < 10_000) return;
        lastSaid.set(r.reason, now);
        say(err.yellow(`webhook-kit: answered ${r.status} to ${r.remote}: ${r.reason}`));
      });
    }
    if (opts.timeoutSec !== undefined) {
      timers.push(
        setTimeout(() => {
          if (opts.count === undefined) stop(EXIT.ok);
          else {
            const e = new KitError('E_TIMEOUT', `timed out after ${opts.timeoutSec}s: got ${captured} of ${opts.count} captures`);
            stop(e.exitCode, err.red(`webhook-kit: ${e.message}`));
          }
        }, opts.timeoutSec * 1000),
      );
    }
  });
  health?.stop();
  await server.close();
  store.close();
  return code;
}

import { unbracketHost } from '../core/address.js';
import { DEFAULTS } from '../core/defaults.js';
import { EXIT, KitError } from '../core/errors.js';
import type { Io } from '../core/io.js';
import { maskUrl } from '../core/redact.js';
import { toSafeText } from '../core/safe-text.js';
import type { RespondOverride } from '../capture/answer.js';
import { ForwardHealth, type Health } from '../capture/forward-health.js';
import type { ForwardOptions } from '../capture/forward.js';
import type { Retention } from '../capture/group-commit.js';
import { isExposedHost, lanAddresses } from '../capture/lan.js';
import { CaptureServer } from '../capture/server.js';
import { forwardView, sessionReplay, watchHealth, type ListenSession, type ListenView, type TunnelView } from '../capture/session.js';
import { Store } from '../capture/store.js';
import { lineView, ndjsonView } from '../output/listen-views.js';
import { readyJson } from '../output/ndjson.js';
import { paintFor } from '../output/paint.js';
import { providers } from '../providers/registry.js';
import { startInspectorView, startTunnel, tlsFor } from './listen-start.js';
import type { TunnelSpec } from '../tunnel/spec.js';

// The values of --tunnel and --public-url, read by cli/listen-command.ts (cli reaches tunnel/ through here).
export { parsePublicUrl, parseTunnelSpec } from '../tunnel/spec.js';
import type { Tunnel } from '../tunnel/tunnel.js';
import { adbReverseRecipe, phoneTrustSteps } from '../tunnel/tls.js';

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
  /** Cap the store file at this many bytes (SQLite max_page_count); past it, `retention` decides. */
  maxStoreSize?: number;
  retention?: Retention;
  /** `--tunnel <engine>` or `--public-url <url>` (engine 'url'). */
  tunnel?: TunnelSpec;
  /** The browser inspector's port (0 = free); null: --no-inspector. */
  inspectorPort?: number | null;
  /** `--tls`: serve HTTPS with these files, or with a local CA's certificate when they are absent. */
  tls?: { certFile?: string; keyFile?: string };
}

// Names that reach this machine: loopback, and 0.0.0.0 / ::, which Linux connects to it.
const isLocal = (name: string): boolean => name === 'localhost' || name.startsWith('127.') || name === '::1' || name === '0.0.0.0' || name === '::';

/** A host name as compared: no brackets, no trailing dot, an IPv4-mapped IPv6 address as IPv4. */
function plainHost(hostname: string): string {
  const name = unbracketHost(hostname).replace(/\.$/, '').toLowerCase();
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(name);
  if (!mapped) return name.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
  const [hi, lo] = [parseInt(mapped[1]!, 16), parseInt(mapped[2]!, 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/**
 * Whether `url` reaches this listener itself: its port on the bound address, on a local name
 * when bound to loopback or to all addresses (localhost, 127.x, ::1, 0.0.0.0), or on a LAN
 * address when bound to all. Used to refuse a --forward-to that loops and to not store a replay to itself twice.
 */
function reachesSelf(url: string, host: string, port: number, lan: readonly string[]): boolean {
  const u = URL.parse(url);
  // Either scheme: nothing else can be on this port (with --tls it is https).
  if (!u || !/^https?:$/.test(u.protocol) || Number(u.port || (u.protocol === 'https:' ? 443 : 80)) !== port) return false;
  const name = plainHost(u.hostname);
  const bound = plainHost(host);
  const all = bound === '0.0.0.0' || bound === '::';
  return name === bound || (isLocal(bound) && isLocal(name)) || (all && lan.includes(name));
}

/** The view a run draws: NDJSON for --json, the TUI in an interactive terminal, else plain lines. */
async function pickView(opts: ListenOptions, io: Io & { stdin?: NodeJS.ReadStream }): Promise<{ view: ListenView; fullScreen: boolean }> {
  if (opts.json) return { view: ndjsonView(io), fullScreen: false };
  if (opts.tui !== false && io.stdout.isTTY === true && io.stdin?.isTTY === true) {
    // Ink and React load only here: --json, pipes and --help never pay for them.
    const { tuiView } = await import('../tui/view.js');
    return { view: tuiView({ ...io, stdin: io.stdin }), fullScreen: true };
  }
  return { view: lineView(io), fullScreen: false };
}

/**
 * Warnings for a store at its cap before the first callback, when the cap refuses (no --retention
 * rotate): every callback would get a 500, told only once the first one came.
 */
function fullAlready(store: Store, opts: ListenOptions, overSize: boolean): string[] {
  if (opts.retention?.mode === 'rotate') return [];
  const out: string[] = [];
  const fix = 'pass --retention rotate to keep the newest, or run `webhook-kit clear`';
  if (overSize) out.push(`warning: the store ${opts.storePath} is already larger than --max-store-size, so it will not grow: once the room inside it is used, callbacks are answered 500 and not stored; raise --max-store-size, ${fix}`);
  const max = opts.retention?.maxCaptures;
  if (max !== undefined) {
    const held = store.count();
    if (held >= max) out.push(`warning: the store ${opts.storePath} holds ${held} captures, --max-captures ${max}: callbacks will be answered 500 and not stored; raise --max-captures, ${fix}`);
  }
  return out;
}

/** Runs the capture server until --count, --timeout, q or a signal; resolves with the exit code. */
export async function runListen(opts: ListenOptions, io: Io & { stdin?: NodeJS.ReadStream }): Promise<number> {
  const lanHosts = isExposedHost(opts.host) ? lanAddresses() : [];
  // Before the store opens: a missing openssl or a bad --tls-key is told before anything starts.
  const tls = opts.tls ? await tlsFor(opts.tls, lanHosts, io.env) : undefined;
  const store = Store.open(opts.storePath);
  store.checkpointInBackground();
  const overSize = opts.maxStoreSize !== undefined && store.limitSize(opts.maxStoreSize);
  const server = new CaptureServer({
    store,
    host: opts.host,
    port: opts.port,
    maxBody: opts.maxBody,
    secrets: opts.secrets,
    respond: opts.respond,
    forward: opts.forward,
    requestTimeoutMs: opts.requestTimeoutMs,
    retention: opts.retention,
    tls: tls ? { cert: tls.cert, key: tls.key } : undefined,
  });
  try {
    await server.listen();
    // Known only after the bind with --port 0. A loop through a name or a proxy is caught per
    // request instead (RelaysInFlight in capture/forward.ts).
    const { port } = server;
    if (opts.forward && reachesSelf(opts.forward.target, opts.host, port, lanHosts)) {
      await server.close();
      throw new KitError('E_USAGE', `--forward-to ${maskUrl(opts.forward.target)} is this listener itself (port ${port}), so every capture would be relayed back to it; point --forward-to at your app, on another port`);
    }
  } catch (e) {
    store.close();
    throw e;
  }
  const err = paintFor(io.stderr, io.env);
  const say = (line: string): void => void io.stderr.write(`${line}\n`);
  const scheme = tls ? 'https' : 'http';
  const lan = lanHosts.map((a) => `${scheme}://${a}:${server.port}`);

  // Signals are caught before the ready line: a script that stops listen as soon as it reads
  // that line must not find Node's default (death by SIGTERM, no exit code) still in place.
  let finished = false;
  let earlyCode: number | null = null;
  let resolveCode: ((c: number) => void) | null = null;
  let view: ListenView | undefined;
  let viewFullScreen = false;
  let tunnel: Tunnel | undefined;
  let inspector: { view: ListenView; url: string } | undefined;
  const timers: NodeJS.Timeout[] = [];
  const stop = (exitCode: number, message?: string): void => {
    if (finished) return;
    finished = true;
    timers.forEach(clearTimeout);
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    // A full-screen view gives the terminal back at once; lines and NDJSON stay attached until
    // the server has closed, so a capture answered in its close grace is still printed.
    if (viewFullScreen) void view?.close();
    // Also ends an engine still starting: its start() then rejects with E_INTERRUPTED.
    void tunnel?.stop();
    if (message) say(message);
    if (resolveCode) resolveCode(exitCode);
    else earlyCode = exitCode;
  };
  const onInt = (): void => stop(EXIT.interrupted);
  const onTerm = (): void => stop(EXIT.ok);
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);

  let publicUrl: string | null = null;
  let tunnelStarted: { view: TunnelView; lines: string[]; json: string | null } | null = null;
  if (opts.tunnel) {
    try {
      tunnelStarted = await startTunnel(opts.tunnel, server, store.file, tls?.caPem, io, (t) => (tunnel = t));
    } catch (e) {
      await tunnel?.stop();
      await server.close();
      store.close();
      // A signal during the start: the session ends as the signal says, not as an error.
      if (earlyCode !== null) return earlyCode;
      throw e;
    }
    publicUrl = tunnelStarted.view.state().publicUrl;
    // Stored with each capture (what the gateway called), so list, show and export say it later.
    server.calledUrl = tunnelStarted.view.calledUrl;
  }

  const health = opts.forward ? new ForwardHealth(opts.forward.target) : undefined;
  // The target as printed: a password or token in it is masked, escapes made visible.
  const target = opts.forward ? toSafeText(maskUrl(opts.forward.target)) : '';
  const forward = opts.forward && health ? forwardView(target, health) : undefined;
  const replay = sessionReplay(store, (url) => reachesSelf(url, opts.host, server.port, lanHosts), opts.forward?.timeoutMs ?? DEFAULTS.replayTimeoutMs);
  const notices = fullAlready(store, opts, overSize);
  const session: ListenSession = { server, store, secrets: opts.secrets, urls: [server.url, ...lan], quit: (c = EXIT.ok) => stop(c), replay, forward, tunnel: tunnelStarted?.view, notices };
  // Before the ready line, which names it; a failure to serve it never ends listen.
  inspector = opts.inspectorPort === null || opts.inspectorPort === undefined ? undefined : await startInspectorView(session, opts.inspectorPort, say, err);
  session.inspector = inspector?.url;

  const picked = await pickView(opts, io);
  if (opts.json) io.stdout.write(`${readyJson({ url: server.url, store: store.file, publicUrl, inspector: inspector?.url ?? null })}\n`);
  if (opts.json && tunnelStarted?.json) io.stdout.write(`${tunnelStarted.json}\n`);
  if (tls?.caFile && lanHosts.length) for (const line of phoneTrustSteps(tls.caFile, lan)) say(err.dim(line));
  if (lanHosts.length) for (const line of adbReverseRecipe(server.port, scheme)) say(err.dim(line));
  if (!picked.fullScreen) {
    say(`${err.bold('webhook-kit')} listening on ${err.cyan(server.url)}  (store: ${store.file})`);
    if (lan.length) say(`  on your network: ${lan.join('  ')}  (use this on a phone running the gateway app)`);
    // `http://0.0.0.0:P/smsc` is no address a phone can use: a wildcard bind shows its routes on
    // the LAN addresses (on loopback when the machine has none).
    const wildcard = ['0.0.0.0', '::', ''].includes(opts.host);
    const bases = wildcard ? (lan.length ? lan : [`${scheme}://127.0.0.1:${server.port}`]) : [server.url];
    for (const base of bases) say(err.dim(`  provider routes: ${providers.map((p) => `${base}/${p.routes[0]}`).join('  ')}  (any other path: detected by fields)`));
    if (inspector) say(`  inspector: ${err.cyan(inspector.url)}  (open it in a browser)`);
  }
  if (isExposedHost(opts.host)) say(err.yellow(`warning: bound to ${opts.host}: anyone on your network can send requests to this server`));
  for (const line of notices) say(err.yellow(line));
  for (const line of tunnelStarted?.lines ?? []) say(line);
  if (health && opts.forward) {
    watchHealth(server, health);
    const h: Health = await health.start();
    say(h.up ? `forwarding to ${target} (${opts.forward.pathMode === 'keep' ? 'received path and query appended' : 'exact URL'})` : err.red(`forwarding to ${target}, but it is not reachable yet: ${h.detail}`));
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
    view = picked.view;
    viewFullScreen = picked.fullScreen;
    // The view subscribes first, so the capture that reaches --count is drawn before the stop.
    void view.attach(session);
    server.on('capture', () => {
      if (finished) return;
      captured++;
      if (opts.count !== undefined && captured >= opts.count) stop(EXIT.ok);
    });
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
  await (inspector as { view: ListenView } | undefined)?.view.close();
  await (tunnel as Tunnel | undefined)?.stop();
  await server.close();
  if (!viewFullScreen) await view?.close();
  store.close();
  return code;
}

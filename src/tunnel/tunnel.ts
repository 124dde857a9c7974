import { EventEmitter } from 'node:events';
import { KitError } from '../core/errors.js';
import { safePreview } from '../core/safe-text.js';
import { EngineChild } from './child.js';
import { planFor, type EnginePlan } from './engines.js';
import { plainLine } from './lines.js';
import { probePublicUrl, type AwaitArrival, type ProbeResult } from './probe.js';
import { engineLabel, type TunnelSpec } from './spec.js';

export interface TunnelEvents {
  /** The engine gave a public URL (first start, or after a restart: `changed` when it differs). */
  up: [{ publicUrl: string; changed: boolean; previous?: string | null }];
  /** The engine exited or gave up; `restarting` says whether another start follows. */
  down: [{ detail: string; restarting: boolean }];
  /** A probe through the public URL finished (after each 'up' when awaitArrival was given). */
  probe: [ProbeResult & { publicUrl: string }];
}

export interface TunnelOptions {
  /** The engine's environment (PATH, WEBHOOK_KIT_SSH_COMMAND); process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** How long an engine may take to give its URL; the engine's own default otherwise. */
  urlTimeoutMs?: number;
  /** Restarts after an engine that was up exits: delays double from firstDelayMs up to maxDelayMs. */
  restart?: { attempts: number; firstDelayMs: number; maxDelayMs: number } | false;
  /** Given: every 'up' is followed by one probe through the public URL ('probe' event). */
  awaitArrival?: AwaitArrival;
  probeTimeoutMs?: number;
  /** A CA (PEM) the probe also trusts: listen's own local CA when it serves --tls. */
  probeCa?: string;
}

const DEFAULT_RESTART = { attempts: 5, firstDelayMs: 1000, maxDelayMs: 30_000 };

/**
 * An engine the user has installed (never one we download), run as listen's child, its public URL
 * read back through the engine's own API where it has one. Prints nothing: it emits facts, and
 * start() throws a KitError (E_TUNNEL, exit 3) whose message carries the fix.
 */
export class Tunnel extends EventEmitter<TunnelEvents> {
  readonly label: string;
  publicUrl: string | null = null;
  lastProbe: ProbeResult | null = null;
  private child: EngineChild | null = null;
  private plan: EnginePlan | null = null;
  private stopping = false;
  private localPort = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private probing = new AbortController();

  constructor(
    readonly spec: TunnelSpec,
    private readonly opts: TunnelOptions = {},
  ) {
    super();
    this.label = engineLabel(spec);
  }

  /** Process group id of the running engine (POSIX), for diagnostics and tests. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the engine and resolves with the public URL (after the first probe, when probing). */
  async start(localPort: number): Promise<string> {
    this.localPort = localPort;
    this.stopping = false;
    const url = this.spec.engine === 'url' ? this.spec.url : await this.launch();
    this.publicUrl = url;
    this.emit('up', { publicUrl: url, changed: false });
    await this.probe(url);
    return url;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.probing.abort();
    this.probing = new AbortController();
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    this.child = null;
    await child?.stop();
    this.plan?.cleanup();
    this.plan = null;
  }

  private async probe(url: string): Promise<void> {
    if (!this.opts.awaitArrival || this.stopping) return;
    let result = await probePublicUrl(url, this.opts.awaitArrival, {
      timeoutMs: this.opts.probeTimeoutMs,
      localPort: this.localPort,
      ca: this.opts.probeCa,
      signal: this.probing.signal,
      connectTo: (this.opts.env ?? process.env).WEBHOOK_KIT_CONNECT_TO,
    });
    if (this.spec.engine === 'ssh' && this.spec.service === 'own' && !result.reachable && (result.kind === 'refused' || result.kind === 'silence')) {
      // The usual cause on one's own host: sshd opened the forwarded port on its loopback only.
      result = { ...result, detail: `${result.detail}; on that host sshd opens a forwarded port beyond its loopback only with GatewayPorts clientspecified (or yes) in sshd_config` };
    }
    this.lastProbe = result;
    if (!this.stopping) this.emit('probe', { ...result, publicUrl: url });
  }

  /** One start of the engine: resolves with its URL, or rejects with the reason it gave none. */
  private async launch(): Promise<string> {
    const spec = this.spec as Exclude<TunnelSpec, { engine: 'url' }>;
    this.plan?.cleanup();
    const plan = await planFor(spec, this.localPort, this.opts.env ?? process.env);
    this.plan = plan;
    const timeoutMs = this.opts.urlTimeoutMs ?? plan.timeoutMs;
    const hints = new Set<string>();
    const tail: string[] = [];
    let url: string | null = null;
    let connected = !plan.waitConnected;
    let settle: ((r: string | KitError) => void) | null = null;
    const result = new Promise<string | KitError>((resolve) => (settle = resolve));
    const finish = (r: string | KitError): void => {
      const s = settle;
      settle = null;
      s?.(r);
    };
    const check = (): void => {
      if (url && connected) finish(url);
    };

    const child = new EngineChild(plan.command, plan.args, { ...(this.opts.env ?? process.env), ...plan.env }, (line) => {
      const l = plainLine(line);
      // Engine text goes into our one-line messages: escaped, and without ssh's known-hosts chatter.
      if (l && !/^Warning: Permanently added /.test(l)) tail.push(safePreview(l, 200));
      if (tail.length > 5) tail.shift();
      const facts = plan.line(line);
      if (!facts) return;
      if (facts.hint) hints.add(facts.hint);
      if (facts.fatal) finish(facts.fatal);
      if (facts.url) url ??= facts.url;
      if (facts.connected) connected = true;
      check();
    });
    this.child = child;

    const abort = new AbortController();
    const polling = (async () => {
      if (!plan.poll) return;
      while (!abort.signal.aborted && !url) {
        const found = await plan.poll(this.localPort, abort.signal);
        if (found) {
          url = found;
          check();
          return;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const timer = setTimeout(() => {
      finish(new KitError('E_TUNNEL', `${plan.name} gave no public URL within ${Math.round(timeoutMs / 1000)}s${url ? ' (it has a URL but no connection yet)' : ''}${tail.length ? ` (last: ${tail[tail.length - 1]!})` : ''}; ${plan.timeoutFix(hints)}`));
    }, timeoutMs);
    void child.exited.then(async ({ code, signal, error }) => {
      await child.drained();
      finish(this.exitError(plan, code, signal, error, tail));
    });

    let r = await result;
    clearTimeout(timer);
    abort.abort();
    await polling;
    if (this.stopping) r = new KitError('E_INTERRUPTED', `stopped before ${plan.name} gave a public URL`);
    if (r instanceof KitError) {
      if (this.child === child) this.child = null;
      await child.stop();
      plan.cleanup();
      throw r;
    }
    void child.exited.then(({ code, signal, error }) => this.onExit(child, this.exitError(plan, code, signal, error, tail).message));
    return r;
  }

  private exitError(plan: EnginePlan, code: number | null, signal: NodeJS.Signals | null, error: NodeJS.ErrnoException | undefined, tail: readonly string[]): KitError {
    // A shell line (WEBHOOK_KIT_SSH_COMMAND) that names a missing command exits 127.
    if (error?.code === 'ENOENT' || (plan.viaShell && code === 127)) return new KitError('E_TUNNEL', plan.notInstalled, { cause: error });
    if (error) return new KitError('E_TUNNEL', `${plan.name} could not start: ${error.message}`, { cause: error });
    const how = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
    const last = tail.length ? `: ${tail[tail.length - 1]!}` : '';
    return new KitError('E_TUNNEL', `${plan.name} ${how} before giving a public URL${last}`);
  }

  /** An engine that was up exited: say so, then start it again with backoff. */
  private onExit(child: EngineChild, detail: string): void {
    if (this.stopping || this.child !== child) return;
    this.child = null;
    const restart = this.opts.restart === false ? null : (this.opts.restart ?? DEFAULT_RESTART);
    const said = detail.replace(/ before giving a public URL/, '');
    this.emit('down', { detail: said, restarting: restart !== null && restart.attempts > 0 });
    if (restart && restart.attempts > 0) this.retry(restart, 0, said);
  }

  private retry(policy: { attempts: number; firstDelayMs: number; maxDelayMs: number }, attempt: number, lastDetail: string): void {
    if (attempt >= policy.attempts) {
      this.emit('down', { detail: `${this.label} gave up after ${policy.attempts} restarts: ${lastDetail}`, restarting: false });
      return;
    }
    const delayMs = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** attempt);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.stopping) return;
      this.launch().then(
        async (url) => {
          if (this.stopping) return;
          const previous = this.publicUrl;
          const changed = url !== previous;
          this.publicUrl = url;
          this.emit('up', { publicUrl: url, changed, previous });
          await this.probe(url);
        },
        (e: unknown) => {
          if (this.stopping) return;
          const detail = (e as Error).message;
          const last = attempt + 1 >= policy.attempts;
          if (!last) this.emit('down', { detail, restarting: true });
          this.retry(policy, attempt + 1, detail);
        },
      );
    }, delayMs);
  }
}

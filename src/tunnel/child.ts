import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const posix = process.platform !== 'win32';

/** Whether a process of group `pgid` other than a zombie is left (Linux /proc, field 5 = pgrp). */
function liveMembers(pgid: number): boolean {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return true;
  }
  for (const name of names) {
    if (name.charCodeAt(0) > 57) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(rest[2]) === pgid && rest[0] !== 'Z') return true;
    } catch {
      // Gone while reading.
    }
  }
  return false;
}

/**
 * A tiny watchdog in its own session: it blocks reading a pipe only listen holds open, so when
 * listen dies by any means (SIGKILL included) the read returns and it ends the engine's process
 * group: SIGTERM, then SIGKILL two seconds later. `sh` and `read` are all it needs; no polling.
 */
const WATCHDOG = 'trap "" INT HUP TERM; read _; kill -s TERM -- "-$1" 2>/dev/null || exit 0; sleep 2; kill -s KILL -- "-$1" 2>/dev/null; exit 0';

/** A running engine: its process group, its output one line at a time, and how to end it. */
export class EngineChild {
  readonly proc: ChildProcess;
  private watchdog: ChildProcess | null = null;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: NodeJS.ErrnoException }>;
  private alive = true;
  private readonly onProcessExit = (): void => this.signal('SIGTERM');

  constructor(command: string, args: readonly string[], env: NodeJS.ProcessEnv, onLine: (line: string, stream: 'stdout' | 'stderr') => void) {
    // Its own process group (detached), so a terminal's Ctrl-C reaches listen only, listen ends
    // the engine in order, and one kill reaches what the engine started (a shell, a ProxyCommand).
    // stdin stays an open pipe: ssh sessions last while it is open and end when listen is gone.
    this.proc = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'], detached: posix });
    this.exited = new Promise((resolve) => {
      this.proc.once('error', (error: NodeJS.ErrnoException) => {
        this.alive = false;
        resolve({ code: null, signal: null, error });
      });
      this.proc.once('exit', (code, signal) => {
        this.alive = false;
        resolve({ code, signal });
      });
    }).then((r) => {
      this.dropWatchdog();
      process.off('exit', this.onProcessExit);
      return r as { code: number | null; signal: NodeJS.Signals | null; error?: NodeJS.ErrnoException };
    });
    this.proc.stdin?.on('error', () => {});
    for (const name of ['stdout', 'stderr'] as const) {
      const stream = this.proc[name];
      if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', (l) => onLine(l, name));
    }
    // Any normal exit of listen (a thrown error, process.exit) ends the engine synchronously.
    process.on('exit', this.onProcessExit);
    if (posix && this.proc.pid !== undefined) {
      this.watchdog = spawn('/bin/sh', ['-c', WATCHDOG, 'webhook-kit-watchdog', String(this.proc.pid)], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
      this.watchdog.on('error', () => {});
      this.watchdog.stdin?.on('error', () => {});
      // Neither keeps listen alive; listen stops the engine itself when it ends.
      this.watchdog.unref();
      (this.watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    }
  }

  /**
   * Resolves once the engine's output pipes are closed (its last lines read), or after ms: a
   * refusal printed just before exiting must be read before the exit is reported. A process the
   * engine started may hold the pipes open, hence the bound.
   */
  drained(ms = 500): Promise<void> {
    if (this.proc.stdout?.closed !== false && this.proc.stderr?.closed !== false) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.proc.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  get running(): boolean {
    return this.alive;
  }

  /** Sends `sig` to the whole group (POSIX) or the process. */
  signal(sig: NodeJS.Signals): void {
    if (!this.alive || this.proc.pid === undefined) return;
    try {
      if (posix) process.kill(-this.proc.pid, sig);
      else this.proc.kill(sig);
    } catch {
      // Already gone.
    }
  }

  /** Whether any process of the engine's group is left (POSIX), or the engine itself. */
  private groupAlive(): boolean {
    if (!posix || this.proc.pid === undefined) return this.alive;
    try {
      process.kill(-this.proc.pid, 0);
    } catch {
      return false;
    }
    // A member that already exited but is not reaped yet (its parent was the shell, and the
    // reaper it went to may be slow) still counts for kill(0); on Linux, /proc tells it apart.
    return process.platform === 'linux' && !this.alive ? liveMembers(this.proc.pid) : true;
  }

  /**
   * SIGTERM to the group, SIGKILL to what is left after graceMs; resolves when the engine and
   * everything it started are gone (the leader exiting first does not mean its children have).
   */
  async stop(graceMs = 3000): Promise<void> {
    if (this.proc.pid === undefined) return;
    const gone = async (ms: number): Promise<boolean> => {
      const until = Date.now() + ms;
      while (this.alive || this.groupAlive()) {
        if (Date.now() > until) return false;
        await new Promise((r) => setTimeout(r, 25));
      }
      return true;
    };
    this.groupSignal('SIGTERM');
    if (await gone(graceMs)) return;
    this.groupSignal('SIGKILL');
    await gone(2000);
  }

  /** Like signal(), also after the leader has exited (its children may still run). */
  private groupSignal(sig: NodeJS.Signals): void {
    if (this.proc.pid === undefined) return;
    try {
      if (posix) process.kill(-this.proc.pid, sig);
      else if (this.alive) this.proc.kill(sig);
    } catch {
      // None left.
    }
  }

  private dropWatchdog(): void {
    // SIGKILL, not a closed pipe: closing it would make the watchdog signal a group id that is free now.
    try {
      this.watchdog?.kill('SIGKILL');
    } catch {
      // Gone already.
    }
    this.watchdog = null;
  }
}

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const BIN = fileURLToPath(new URL('../../bin/webhook-kit.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs the built CLI to completion (optionally feeding stdin). */
export async function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; input?: Buffer | string; cwd?: string; killAfterMs?: number } = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    cwd: opts.cwd,
    // A safety net for a test of a former hang: the hung CLI is killed instead of left running.
    timeout: opts.killAfterMs,
  });
  const out: Buffer[] = [];
  let err = '';
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.end(opts.input ?? '');
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout: Buffer.concat(out), stderr: err };
}

/** A running `listen --json` child with its NDJSON lines as they arrive. */
export interface ListenChild {
  child: ChildProcessWithoutNullStreams;
  url: string;
  store: string;
  /** The ready line itself. */
  ready: Record<string, unknown>;
  lines: Array<Record<string, unknown>>;
  stderr: () => string;
  /** Resolves once `n` capture lines have arrived. */
  captures: (n: number) => Promise<Array<Record<string, unknown>>>;
  exit: Promise<number | null>;
}

/** Starts `webhook-kit listen --json --port 0` and waits for its ready line. */
export async function startListen(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ListenChild> {
  const child = spawn(process.execPath, [BIN, 'listen', '--json', '--port', '0', ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  const exit = once(child, 'close').then(([code]) => code as number | null);
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const obj = JSON.parse(line) as Record<string, unknown>;
      if (obj.type === 'ready') resolve(obj);
      else lines.push(obj);
      waiters.forEach((w) => w());
    });
    void exit.then((code) => reject(new Error(`listen exited ${code} before ready: ${err}`)));
  });
  const r = await ready;
  const captures = (n: number): Promise<Array<Record<string, unknown>>> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const got = lines.filter((l) => l.type === 'capture');
        if (got.length >= n) resolve(got);
      };
      waiters.push(check);
      check();
      void exit.then(() => reject(new Error(`listen exited with ${lines.length} lines: ${err}`)));
    });
  return { child, url: r.url as string, store: r.store as string, ready: r, lines, stderr: () => err, captures, exit };
}

/** A running `listen` in plain-line mode (stdout a pipe, NO_COLOR), its output as it arrives. */
export interface PlainListenChild {
  url: string;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/** Starts `webhook-kit listen` without --json and waits for its "listening on" line. */
export async function startPlainListen(args: string[]): Promise<PlainListenChild> {
  const child = spawn(process.execPath, [BIN, 'listen', ...args], { env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exit = once(child, 'close').then(([code]) => code as number | null);
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]!);
    });
    void exit.then((code) => reject(new Error(`listen exited ${code} before listening: ${err}`)));
  });
  return { url, stdout: () => out, stderr: () => err, exit };
}

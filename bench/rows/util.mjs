import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin/webhook-kit.js');
export const tmp = () => mkdtempSync(join(tmpdir(), 'wk-bench-'));

/** A bench row; `higherIsBetter` decides how ratio compares with the target. */
export function row(name, value, baseline, unit, targetRatio, higherIsBetter, extra = {}) {
  const ratio = baseline === 0 ? 0 : value / baseline;
  const pass = higherIsBetter ? ratio >= targetRatio : ratio <= targetRatio;
  return { name, value, baseline, ratio, target: `${higherIsBetter ? '>=' : '<='} ${targetRatio}x`, pass, unit, ...extra };
}

/** Spawns a process that prints one JSON line first (its URL); resolves with it and the child. `stderr: 'ignore'` keeps a chatty child's messages out of the table. */
export function startJsonChild(args, env = {}, stderr = 'inherit') {
  const child = spawn(process.execPath, args, { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', stderr] });
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', (line) => resolve({ child, info: JSON.parse(line) }));
    child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
  });
}

/** Runs the load generator in its own process. */
export function load(url, seconds, concurrency, body) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bench/load.mjs'), url, String(seconds), String(concurrency), ...(body ? [body] : [])], { encoding: 'utf8' });
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** The middle value (the upper one of an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Loads each URL in turn (`{ label: url }`), `rounds` times each, and returns every run by label.
 * This box's speed drifts by 2x within a minute: alternating puts every side under the same
 * drift, and the medians (medianOf) are compared. BENCH_DEBUG=1 prints every round.
 */
export function alternate(urls, { rounds, seconds, concurrency }) {
  const runs = Object.fromEntries(Object.keys(urls).map((label) => [label, []]));
  for (let i = 0; i < rounds; i++) {
    for (const [label, url] of Object.entries(urls)) runs[label].push(load(url, seconds, concurrency));
  }
  if (process.env.BENCH_DEBUG) {
    for (const [label, r] of Object.entries(runs)) console.error(`${label} ${r.map((x) => Math.round(x.rps)).join(' ')}`);
  }
  return runs;
}

/** The median of one figure (rps, p50, p99) over load runs. */
export const medianOf = (runs, key) => median(runs.map((r) => r[key]));

/** The requests that failed over load runs. */
export const errorsOf = (runs) => runs.reduce((n, r) => n + r.errors, 0);

/** Median wall time in ms of running a command `n` times. */
export function medianMs(cmd, args, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    spawnSync(cmd, args, { stdio: 'ignore' });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(n / 2)];
}

/** A port nobody is listening on right now. */
export function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on the port (10 s at most). */
export async function waitForPort(port) {
  for (let i = 0; i < 200; i++) {
    const up = await new Promise((resolve) => {
      const sock = connect(port, '127.0.0.1', () => { sock.destroy(); resolve(true); });
      sock.on('error', () => resolve(false));
    });
    if (up) return;
    await sleep(50);
  }
  throw new Error(`nothing listens on ${port}`);
}

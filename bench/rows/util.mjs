import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
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

/** The form body every server row is loaded with (an SMSC.ru delivery report). */
export const FORM_BODY = 'id=123&phone=79991234567&status=1&err=0';

/** The same report with a new message id in every request (bench/wrk-post.lua fills in {n}), as a gateway's callbacks come. */
export const NEW_ID_BODY = 'id={n}&phone=79991234567&status=1&err=0';

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU seconds (user + system, all threads) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name is in parentheses and may hold spaces: count fields after its ")".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Whether wrk is on PATH; the bench's load generator for the server rows. */
export function hasWrk() {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
}

/**
 * One wrk run (one thread, `connections` keep-alive connections, `seconds` long) POSTing `body`
 * to `url`. When `pid` is given, that server's CPU time over the run is read from /proc, so a
 * row can say what a request costs it; unlike req/s, that holds still on a shared machine.
 * Returns { requests, errors, seconds, rps, p50, p99 (ms), cpuUs (the server's CPU µs per
 * request), wrkCpuUs (wrk's own), wrkCore (the share of one core wrk used) }.
 */
export function wrk(url, { seconds, connections, pid, body = FORM_BODY }) {
  const before = pid ? cpuSeconds(pid) : 0;
  const r = spawnSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '-s', join(ROOT, 'bench/wrk-post.lua'), url], {
    encoding: 'utf8',
    env: { ...process.env, WRK_BODY: body },
  });
  const cpu = pid ? cpuSeconds(pid) - before : 0;
  const last = r.stdout?.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) throw new Error(`wrk failed on ${url} (exit ${r.status}): ${r.stderr || r.stdout}`);
  const w = JSON.parse(last);
  const took = w.micros / 1e6;
  const wrkCpu = w.cpuTicks / CLK_TCK;
  return {
    requests: w.requests,
    errors: w.errors + w.non2xx,
    seconds: took,
    rps: w.requests / took,
    p50: w.p50 / 1000,
    p99: w.p99 / 1000,
    cpuUs: pid && w.requests ? (cpu / w.requests) * 1e6 : 0,
    wrkCpuUs: w.requests ? (wrkCpu / w.requests) * 1e6 : 0,
    wrkCore: wrkCpu / took,
  };
}

/** The middle value (the upper one of an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Loads each target in turn (`{ label: { url, pid } }`) with wrk, `rounds` times each, and
 * returns every run by label. This box's speed drifts by 2x within a minute: alternating puts
 * every side under the same drift, and the medians (medianOf) are compared. BENCH_DEBUG=1
 * prints every round.
 */
export function alternate(targets, { rounds, seconds, connections, body }) {
  const runs = Object.fromEntries(Object.keys(targets).map((label) => [label, []]));
  for (let i = 0; i < rounds; i++) {
    for (const [label, { url, pid }] of Object.entries(targets)) runs[label].push(wrk(url, { seconds, connections, pid, body }));
  }
  if (process.env.BENCH_DEBUG) {
    for (const [label, r] of Object.entries(runs)) console.error(`${label} ${r.map((x) => `${Math.round(x.rps)}/s ${x.cpuUs.toFixed(1)}us`).join('  ')}`);
  }
  return runs;
}

/** The median of one figure (rps, p50, p99, cpuUs) over load runs. */
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

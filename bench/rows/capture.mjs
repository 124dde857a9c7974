import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, NEW_ID_BODY, ROOT, alternate, errorsOf, freePort, medianOf, row, startJsonChild, tmp, waitForPort, wrk } from './util.mjs';

const SECONDS = 3;
// BENCH_ROUNDS=N runs more alternating rounds (a noisy machine needs them for a steady median).
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 32;

/**
 * Capture throughput, CPU per request and latency of `listen --json` vs a bare node:http server
 * (bench/bare-server.mjs), both under wrk, same run. listen's NDJSON goes to /dev/null, so no
 * third process competes for the two cores reading it. Both servers run side by side and the
 * load alternates between them (see alternate()).
 */
export async function* captureRows() {
  const bare = await startJsonChild([join(ROOT, 'bench/bare-server.mjs')]);
  const port = await freePort();
  const devnull = openSync('/dev/null', 'w');
  const listen = spawn(process.execPath, [BIN, 'listen', '--json', '--port', String(port), '--store', join(tmp(), 'bench.db')], { stdio: ['ignore', devnull, 'ignore'] });
  await waitForPort(port);
  const targets = { bare: { url: `${bare.info.url}/smsc`, pid: bare.child.pid }, ours: { url: `http://127.0.0.1:${port}/smsc`, pid: listen.pid } };
  let runs;
  let newIds;
  try {
    // Warm-up: listen's JIT is still at work over the first seconds.
    wrk(targets.bare.url, { seconds: 2, connections: CONNECTIONS });
    wrk(targets.ours.url, { seconds: 3, connections: CONNECTIONS });
    runs = alternate(targets, { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS });
    // The same with a new message id in every callback: each is a message listen has not seen,
    // whose earlier statuses it must look up (the fixed body's one message is always in memory).
    newIds = alternate(targets, { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, body: NEW_ID_BODY });
  } finally {
    bare.child.kill();
    listen.kill();
  }
  const { bare: base, ours } = runs;
  const [rps, baseRps] = [medianOf(ours, 'rps'), medianOf(base, 'rps')];
  // The generator's ceiling: requests wrk makes per second of one core (it runs one thread),
  // from its own CPU time while it loaded the bare server. Its rate there alone cannot say who
  // limited it; its CPU share can: below one core, wrk waited on the server. So the ceiling
  // must be above the bare server's rate (or the baseline measures wrk, as bench/load.mjs's
  // did) and far above listen's.
  const wrkCore = medianOf(base, 'wrkCore');
  const ceiling = 1e6 / medianOf(base, 'wrkCpuUs');
  yield row('wrk ceiling, req/s per core (vs bare server)', ceiling, baseRps, 'req/s', 1.25, true, {
    wrkCore,
    wrkCpuUs: medianOf(base, 'wrkCpuUs'),
    listenShare: rps / ceiling,
    note: `wrk used ${wrkCore.toFixed(2)} of a core at the bare server; listen ran at ${(rps / ceiling).toFixed(2)} of the ceiling`,
  });
  const errors = errorsOf(ours);
  const throughput = row('capture throughput (req/s)', rps, baseRps, 'req/s', 0.5, true, { errors, cpuUs: medianOf(ours, 'cpuUs'), baselineCpuUs: medianOf(base, 'cpuUs') });
  yield { ...throughput, pass: throughput.pass && errors === 0, ...(errors ? { note: `${errors} errors` } : {}) };
  // CPU per request, the steady figure: 0.5x the throughput of a CPU-bound server is 2x its CPU.
  yield row('capture CPU per request (µs)', medianOf(ours, 'cpuUs'), medianOf(base, 'cpuUs'), 'µs', 2, false);
  yield row('capture p50 latency (ms)', medianOf(ours, 'p50'), medianOf(base, 'p50'), 'ms', 3, false);
  yield row('capture p99 latency (ms)', medianOf(ours, 'p99'), medianOf(base, 'p99'), 'ms', 5, false);
  const newErrors = errorsOf(newIds.ours);
  const fresh = row('capture, a new message id each (req/s)', medianOf(newIds.ours, 'rps'), medianOf(newIds.bare, 'rps'), 'req/s', 0.5, true, {
    errors: newErrors,
    cpuUs: medianOf(newIds.ours, 'cpuUs'),
    baselineCpuUs: medianOf(newIds.bare, 'cpuUs'),
    wrkCpuUs: medianOf(newIds.bare, 'wrkCpuUs'),
  });
  yield { ...fresh, pass: fresh.pass && newErrors === 0, note: `${newErrors ? `${newErrors} errors; ` : ''}CPU ${medianOf(newIds.ours, 'cpuUs').toFixed(1)} vs ${medianOf(newIds.bare, 'cpuUs').toFixed(1)} µs a request; wrk ${(1e6 / medianOf(newIds.bare, 'wrkCpuUs')).toFixed(0)} req/s a core` };
}

import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, alternate, errorsOf, freePort, medianOf, row, startJsonChild, tmp, waitForPort, wrk } from './util.mjs';

const SECONDS = 3;
// BENCH_ROUNDS=N runs more alternating rounds (a noisy machine needs them for a steady median).
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 16;

/**
 * listen --forward-to in front of a bare app vs a bare relay in front of the same app
 * (bench/bare-relay.mjs: node:http in, undici out, no store, no decoding), and vs calling the
 * app directly, all under wrk in the same run: the load alternates between them (see
 * alternate()) and the medians are compared. The relay is the ceiling any forwarder has on
 * this machine, where the load, the relay and the app share the cores; the gap to it is
 * listen's own work.
 */
export async function* forwardRows() {
  const app = await startJsonChild([join(ROOT, 'bench/bare-server.mjs')]);
  const relay = await startJsonChild([join(ROOT, 'bench/bare-relay.mjs'), app.info.url]);
  const port = await freePort();
  const devnull = openSync('/dev/null', 'w');
  const listen = spawn(process.execPath, [BIN, 'listen', '--json', '--port', String(port), '--store', join(tmp(), 'fwd.db'), '--forward-to', app.info.url], {
    stdio: ['ignore', devnull, 'ignore'],
  });
  await waitForPort(port);
  const targets = {
    direct: { url: `${app.info.url}/smsc`, pid: app.child.pid },
    relay: { url: `${relay.info.url}/smsc`, pid: relay.child.pid },
    listen: { url: `http://127.0.0.1:${port}/smsc`, pid: listen.pid },
  };
  let runs;
  try {
    wrk(targets.direct.url, { seconds: 2, connections: CONNECTIONS }); // warm-up
    wrk(targets.relay.url, { seconds: 2, connections: CONNECTIONS });
    wrk(targets.listen.url, { seconds: 3, connections: CONNECTIONS });
    runs = alternate(targets, { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS });
  } finally {
    listen.kill();
    relay.child.kill();
    app.child.kill();
  }
  const [rps, relayRps, direct] = [medianOf(runs.listen, 'rps'), medianOf(runs.relay, 'rps'), medianOf(runs.direct, 'rps')];
  const errors = errorsOf(runs.listen);
  // A relay answering errors fast would look fast: its rounds must be clean to count.
  const relayErrors = errorsOf(runs.relay);
  const vsRelay = row('forward throughput vs bare relay (req/s)', rps, relayRps, 'req/s', 0.6, true, { errors, relayErrors, cpuUs: medianOf(runs.listen, 'cpuUs'), baselineCpuUs: medianOf(runs.relay, 'cpuUs') });
  yield { ...vsRelay, pass: vsRelay.pass && errors === 0 && relayErrors === 0, ...(errors || relayErrors ? { note: `${errors} errors, relay ${relayErrors}` } : {}) };
  // 0.6x the throughput of a CPU-bound relay is 1/0.6 its CPU per request.
  yield row('forward CPU per request vs relay (µs)', medianOf(runs.listen, 'cpuUs'), medianOf(runs.relay, 'cpuUs'), 'µs', 1.67, false);
  yield { name: 'forward throughput vs the app direct (req/s)', value: rps, baseline: direct, ratio: rps / direct, target: 'report', pass: errors === 0, unit: 'req/s', errors };
  const [p50, baseP50] = [medianOf(runs.listen, 'p50'), medianOf(runs.direct, 'p50')];
  yield { name: 'forward added p50 latency (ms)', value: p50 - baseP50, baseline: baseP50, ratio: baseP50 ? p50 / baseP50 : 0, target: 'report', pass: true, unit: 'ms' };
  yield { name: 'bare relay, no store (req/s)', value: relayRps, baseline: direct, ratio: relayRps / direct, target: 'report', pass: relayErrors === 0, unit: 'req/s', errors: relayErrors, cpuUs: medianOf(runs.relay, 'cpuUs') };
}

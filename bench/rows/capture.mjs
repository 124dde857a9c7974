import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, alternate, errorsOf, freePort, load, medianOf, row, startJsonChild, tmp, waitForPort } from './util.mjs';

const SECONDS = 3;
const ROUNDS = 3;
const CONCURRENCY = 32;

/**
 * Capture throughput and latency vs a bare node:http server, same load, same run. listen's
 * NDJSON goes to /dev/null, so no third process competes for the two cores reading it. Both
 * servers run side by side and the load alternates between them (see alternate()).
 */
export async function* captureRows() {
  const bare = await startJsonChild([join(ROOT, 'bench/bare-server.mjs')]);
  const port = await freePort();
  const devnull = openSync('/dev/null', 'w');
  const listen = spawn(process.execPath, [BIN, 'listen', '--json', '--port', String(port), '--store', join(tmp(), 'bench.db')], { stdio: ['ignore', devnull, 'ignore'] });
  await waitForPort(port);
  const url = `http://127.0.0.1:${port}/smsc`;
  load(bare.info.url, 2, CONCURRENCY); // warm-up: listen's JIT is still at work over the first seconds
  load(url, 3, CONCURRENCY);
  const { bare: base, ours } = alternate({ bare: bare.info.url, ours: url }, { rounds: ROUNDS, seconds: SECONDS, concurrency: CONCURRENCY });
  bare.child.kill();
  listen.kill();
  yield row('capture throughput (req/s)', medianOf(ours, 'rps'), medianOf(base, 'rps'), 'req/s', 0.6, true, { errors: errorsOf(ours) });
  yield row('capture p50 latency (ms)', medianOf(ours, 'p50'), medianOf(base, 'p50'), 'ms', 3, false);
  yield row('capture p99 latency (ms)', medianOf(ours, 'p99'), medianOf(base, 'p99'), 'ms', 5, false);
}

import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, freePort, load, row, startJsonChild, tmp, waitForPort } from './util.mjs';

const SECONDS = 5;
const CONCURRENCY = 32;

/**
 * Capture throughput and latency vs a bare node:http server, same load, same run. listen's
 * NDJSON goes to /dev/null, so no third process competes for the two cores reading it.
 */
export async function* captureRows() {
  const bare = await startJsonChild([join(ROOT, 'bench/bare-server.mjs')]);
  load(bare.info.url, 1, CONCURRENCY); // warm-up
  const base = load(bare.info.url, SECONDS, CONCURRENCY);
  bare.child.kill();

  const port = await freePort();
  const devnull = openSync('/dev/null', 'w');
  const listen = spawn(process.execPath, [BIN, 'listen', '--json', '--port', String(port), '--store', join(tmp(), 'bench.db')], { stdio: ['ignore', devnull, 'ignore'] });
  await waitForPort(port);
  const url = `http://127.0.0.1:${port}/smsc`;
  load(url, 1, CONCURRENCY);
  const ours = load(url, SECONDS, CONCURRENCY);
  listen.kill();

  yield row('capture throughput (req/s)', ours.rps, base.rps, 'req/s', 0.6, true, { errors: ours.errors });
  yield row('capture p50 latency (ms)', ours.p50, base.p50, 'ms', 3, false);
  yield row('capture p99 latency (ms)', ours.p99, base.p99, 'ms', 5, false);
}

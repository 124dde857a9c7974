import { join } from 'node:path';
import { BIN, ROOT, load, row, startJsonChild, tmp } from './util.mjs';

const SECONDS = 5;
const CONCURRENCY = 32;

/** Capture throughput and latency vs a bare node:http server, same load, same run. */
export async function* captureRows() {
  const bare = await startJsonChild([join(ROOT, 'bench/bare-server.mjs')]);
  load(bare.info.url, 1, CONCURRENCY); // warm-up
  const base = load(bare.info.url, SECONDS, CONCURRENCY);
  bare.child.kill();

  const dir = tmp();
  const listen = await startJsonChild([BIN, 'listen', '--json', '--port', '0', '--store', join(dir, 'bench.db')]);
  listen.child.stdout.resume(); // NDJSON lines are read and dropped, as a pipe to jq would
  load(`${listen.info.url}/smsc`, 1, CONCURRENCY);
  const ours = load(`${listen.info.url}/smsc`, SECONDS, CONCURRENCY);
  listen.child.kill();

  yield row('capture throughput (req/s)', ours.rps, base.rps, 'req/s', 0.6, true, { errors: ours.errors });
  yield row('capture p50 latency (ms)', ours.p50, base.p50, 'ms', 3, false);
  yield row('capture p99 latency (ms)', ours.p99, base.p99, 'ms', 5, false);
}

import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, freePort, load, median, row, startJsonChild, tmp, waitForPort } from './util.mjs';

const SECONDS = 3;
const ROUNDS = 3;
const CONCURRENCY = 16;

/**
 * listen --forward-to in front of a bare app vs calling the app directly, same load, same run:
 * the load alternates between the two ROUNDS times and the medians are compared (see capture.mjs).
 */
export async function* forwardRows() {
  const app = await startJsonChild([join(ROOT, 'bench/bare-server.mjs')]);
  const port = await freePort();
  const devnull = openSync('/dev/null', 'w');
  const listen = spawn(process.execPath, [BIN, 'listen', '--json', '--port', String(port), '--store', join(tmp(), 'fwd.db'), '--forward-to', app.info.url], {
    stdio: ['ignore', devnull, 'ignore'],
  });
  await waitForPort(port);
  const viaListen = `http://127.0.0.1:${port}/smsc`;
  const direct = `${app.info.url}/smsc`;
  load(direct, 2, CONCURRENCY); // warm-up
  load(viaListen, 3, CONCURRENCY);
  const base = [];
  const ours = [];
  for (let i = 0; i < ROUNDS; i++) {
    base.push(load(direct, SECONDS, CONCURRENCY));
    ours.push(load(viaListen, SECONDS, CONCURRENCY));
  }
  listen.kill();
  app.child.kill();
  if (process.env.BENCH_DEBUG) console.error(`direct ${base.map((r) => Math.round(r.rps)).join(' ')}\nlisten ${ours.map((r) => Math.round(r.rps)).join(' ')}`);
  const m = (runs, key) => median(runs.map((r) => r[key]));
  yield row('forward throughput (req/s)', m(ours, 'rps'), m(base, 'rps'), 'req/s', 0.5, true, { errors: ours.reduce((n, r) => n + r.errors, 0) });
  const added = m(ours, 'p50') - m(base, 'p50');
  yield { name: 'forward added p50 latency (ms)', value: added, baseline: m(base, 'p50'), ratio: m(base, 'p50') ? m(ours, 'p50') / m(base, 'p50') : 0, target: 'report', pass: true, unit: 'ms' };
}

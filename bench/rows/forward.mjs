import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, alternate, freePort, load, medianOf, row, startJsonChild, tmp, waitForPort } from './util.mjs';

const SECONDS = 3;
const ROUNDS = 3;
const CONCURRENCY = 16;

/**
 * listen --forward-to in front of a bare app vs calling the app directly, same load, same run:
 * the load alternates between the two (see alternate()) and the medians are compared.
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
  const { base, ours } = alternate(direct, viaListen, { rounds: ROUNDS, seconds: SECONDS, concurrency: CONCURRENCY, labels: ['direct', 'listen'] });
  listen.kill();
  app.child.kill();
  yield row('forward throughput (req/s)', medianOf(ours, 'rps'), medianOf(base, 'rps'), 'req/s', 0.5, true, { errors: ours.reduce((n, r) => n + r.errors, 0) });
  const [p50, baseP50] = [medianOf(ours, 'p50'), medianOf(base, 'p50')];
  yield { name: 'forward added p50 latency (ms)', value: p50 - baseP50, baseline: baseP50, ratio: baseP50 ? p50 / baseP50 : 0, target: 'report', pass: true, unit: 'ms' };
}

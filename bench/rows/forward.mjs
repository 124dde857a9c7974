import { join } from 'node:path';
import { BIN, ROOT, load, row, startJsonChild, tmp } from './util.mjs';

const SECONDS = 4;
const CONCURRENCY = 16;

/** listen --forward-to in front of a bare app vs calling the app directly, same load, same run. */
export async function* forwardRows() {
  const app = await startJsonChild([join(ROOT, 'bench/bare-server.mjs')]);
  load(app.info.url, 1, CONCURRENCY);
  const direct = load(`${app.info.url}/smsc`, SECONDS, CONCURRENCY);
  const listen = await startJsonChild([BIN, 'listen', '--json', '--port', '0', '--store', join(tmp(), 'fwd.db'), '--forward-to', app.info.url]);
  listen.child.stdout.resume();
  load(`${listen.info.url}/smsc`, 1, CONCURRENCY);
  const forwarded = load(`${listen.info.url}/smsc`, SECONDS, CONCURRENCY);
  listen.child.kill();
  app.child.kill();
  yield row('forward throughput (req/s)', forwarded.rps, direct.rps, 'req/s', 0.5, true, { errors: forwarded.errors });
  const added = forwarded.p50 - direct.p50;
  yield { name: 'forward added p50 latency (ms)', value: added, baseline: direct.p50, ratio: direct.p50 ? forwarded.p50 / direct.p50 : 0, target: 'report', pass: true, unit: 'ms' };
}

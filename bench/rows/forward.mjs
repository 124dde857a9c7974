import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, freePort, load, row, startJsonChild, tmp, waitForPort } from './util.mjs';

const SECONDS = 4;
const CONCURRENCY = 16;

/** listen --forward-to in front of a bare app vs calling the app directly, same load, same run. */
export async function* forwardRows() {
  const app = await startJsonChild([join(ROOT, 'bench/bare-server.mjs')]);
  load(app.info.url, 1, CONCURRENCY);
  const direct = load(`${app.info.url}/smsc`, SECONDS, CONCURRENCY);
  const port = await freePort();
  const devnull = openSync('/dev/null', 'w');
  const listen = spawn(process.execPath, [BIN, 'listen', '--json', '--port', String(port), '--store', join(tmp(), 'fwd.db'), '--forward-to', app.info.url], {
    stdio: ['ignore', devnull, 'ignore'],
  });
  await waitForPort(port);
  load(`http://127.0.0.1:${port}/smsc`, 1, CONCURRENCY);
  const forwarded = load(`http://127.0.0.1:${port}/smsc`, SECONDS, CONCURRENCY);
  listen.kill();
  app.child.kill();
  yield row('forward throughput (req/s)', forwarded.rps, direct.rps, 'req/s', 0.5, true, { errors: forwarded.errors });
  const added = forwarded.p50 - direct.p50;
  yield { name: 'forward added p50 latency (ms)', value: added, baseline: direct.p50, ratio: direct.p50 ? forwarded.p50 / direct.p50 : 0, target: 'report', pass: true, unit: 'ms' };
}

import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, alternate, errorsOf, freePort, load, medianOf, row, startJsonChild, tmp, waitForPort } from './util.mjs';

const SECONDS = 3;
const ROUNDS = 3;
const CONCURRENCY = 16;

/**
 * listen --forward-to in front of a bare app vs calling the app directly, same load, same run:
 * the load alternates between them (see alternate()) and the medians are compared. A bare relay
 * (bench/bare-relay.mjs: no store, no decoding) runs in the same rounds as a reference: on a
 * small machine, where the load, the relay and the app share the cores, it shows how much of
 * the gap any relay pays and how much is listen's own work.
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
  const urls = { direct: `${app.info.url}/smsc`, relay: `${relay.info.url}/smsc`, listen: `http://127.0.0.1:${port}/smsc` };
  load(urls.direct, 2, CONCURRENCY); // warm-up
  load(urls.relay, 2, CONCURRENCY);
  load(urls.listen, 3, CONCURRENCY);
  const runs = alternate(urls, { rounds: ROUNDS, seconds: SECONDS, concurrency: CONCURRENCY });
  listen.kill();
  relay.child.kill();
  app.child.kill();
  const direct = medianOf(runs.direct, 'rps');
  yield row('forward throughput (req/s)', medianOf(runs.listen, 'rps'), direct, 'req/s', 0.5, true, { errors: errorsOf(runs.listen) });
  const [p50, baseP50] = [medianOf(runs.listen, 'p50'), medianOf(runs.direct, 'p50')];
  yield { name: 'forward added p50 latency (ms)', value: p50 - baseP50, baseline: baseP50, ratio: baseP50 ? p50 / baseP50 : 0, target: 'report', pass: true, unit: 'ms' };
  const relayRps = medianOf(runs.relay, 'rps');
  // A relay answering errors fast would look fast: its rounds must be clean to count.
  const relayErrors = errorsOf(runs.relay);
  yield { name: 'bare relay, no store (req/s)', value: relayRps, baseline: direct, ratio: relayRps / direct, target: 'report', pass: relayErrors === 0, unit: 'req/s', errors: relayErrors };
}

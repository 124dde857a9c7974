// A steady load in its own process: `rate` requests a second until its stdin closes (or for at
// most `seconds`), cycling through the provider samples (their routes and bodies). Prints
// `a <status>` per answer as it arrives (or `a error`), then one JSON summary line. At most
// MAX_IN_FLIGHT requests are outstanding: a listener that falls behind gets fewer requests,
// never an unbounded pile. Imports dist/: build first.
import { Agent, request } from 'undici';
import { listSamples, loadSample } from '../../../dist/core/samples.js';

const MAX_IN_FLIGHT = 256;
const [url, rate, seconds] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const samples = listSamples().map(loadSample);
const dispatcher = new Agent({ connections: 32 });
const total = Math.round(rate * seconds);
let stopped = false;
process.stdin.on('end', () => (stopped = true)).resume();
const summary = { sent: 0, ok: 0, failed: 0, skipped: 0 };
let inFlight = 0;
const pending = new Set();

function fire(i) {
  const s = samples[i % samples.length];
  const headers = s.headers.filter(([k]) => !/^(host|content-length|connection|transfer-encoding)$/i.test(k)).flat();
  inFlight++;
  summary.sent++;
  const p = request(`${url}${s.url}`, { method: s.method, headers, body: s.method === 'GET' ? undefined : s.body, dispatcher })
    .then(async (res) => {
      await res.body.dump();
      if (res.statusCode >= 200 && res.statusCode < 300) summary.ok++;
      else summary.failed++;
      process.stdout.write(`a ${res.statusCode}\n`);
    })
    .catch(() => {
      summary.failed++;
      process.stdout.write('a error\n');
    })
    .finally(() => {
      inFlight--;
      pending.delete(p);
    });
  pending.add(p);
}

const t0 = performance.now();
let next = 0;
await new Promise((resolve) => {
  const tick = () => {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
    for (; next < due; next++) {
      if (inFlight >= MAX_IN_FLIGHT) summary.skipped++;
      else fire(next);
    }
    if (next < total && !stopped) setTimeout(tick, 5);
    else resolve();
  };
  tick();
});
await Promise.all(pending);
await dispatcher.close();
process.stdout.write(`${JSON.stringify(summary)}\n`);

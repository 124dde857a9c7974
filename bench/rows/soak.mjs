// Soak: 100,000 mixed provider callbacks (every sample's route and body, in turn) at a steady
// rate against a `listen` child. Reports the child's RSS growth, captures lost (requests
// answered 2xx that are not in the store) and the p99 acknowledgement latency of the last 10,000
// requests against the first 10,000. SOAK_REQUESTS and SOAK_RATE shorten a run.
//
// RSS growth compares peaks, not two single readings: V8's heap makes RSS a sawtooth (in a 250k
// run it climbed from 100 to 131 MB by 100k, fell to 104 MB at 110k and climbed again), so
// "end minus start" measured where the two readings fell on the teeth, not a leak. A leak lifts
// every peak: the highest reading of the second half is compared with the highest of the first
// half after warm-up.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { BIN, ROOT, row, startJsonChild, tmp } from './util.mjs';

const TOTAL = Number(process.env.SOAK_REQUESTS ?? 100_000);
const RATE = Number(process.env.SOAK_RATE ?? 1000);
const WINDOW = Math.min(10_000, Math.floor(TOTAL / 4));
/** RSS is read every this many callbacks. */
const SAMPLE_EVERY = Math.max(1, Math.floor(WINDOW / 10));
/** A listener that falls behind gets fewer requests (counted as skipped), never an unbounded pile. */
const MAX_IN_FLIGHT = 512;

/** Resident memory of a process in MB: /proc on Linux, ps elsewhere. */
function rssMb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024;
  }
}

function p99(latencies, from, to) {
  const part = Array.from(latencies.subarray(from, to)).filter((x) => x > 0).sort((a, b) => a - b);
  return part[Math.min(part.length - 1, Math.floor(part.length * 0.99))] ?? 0;
}

/** The steady load: request i is due at i / RATE seconds; resolves when all are answered. */
async function steadyLoad(url, samples, onProgress) {
  const dispatcher = new Agent({ connections: 32 });
  const latencies = new Float64Array(TOTAL); // 0 = not answered 2xx
  const acked = new Uint8Array(TOTAL);
  const stats = { ok: 0, failed: 0, skipped: 0 };
  let inFlight = 0;
  let done = 0;
  let next = 0;
  const t0 = performance.now();
  await new Promise((resolve) => {
    const finish = () => {
      done++;
      inFlight--;
      if (done % SAMPLE_EVERY === 0) onProgress(done);
      if (next >= TOTAL && inFlight === 0) resolve();
    };
    const fire = (i) => {
      const s = samples[i % samples.length];
      const headers = s.headers.filter(([k]) => !/^(host|content-length|connection|transfer-encoding)$/i.test(k)).flat();
      const started = performance.now();
      inFlight++;
      request(`${url}${s.url}${s.url.includes('?') ? '&' : '?'}soak=${i}`, { method: s.method, headers, body: s.method === 'GET' ? undefined : s.body, dispatcher })
        .then(async (res) => {
          await res.body.dump();
          if (res.statusCode >= 200 && res.statusCode < 300) {
            latencies[i] = performance.now() - started;
            acked[i] = 1;
            stats.ok++;
          } else stats.failed++;
        }, () => stats.failed++)
        .finally(finish);
    };
    const tick = () => {
      const due = Math.min(TOTAL, Math.floor(((performance.now() - t0) / 1000) * RATE));
      for (; next < due; next++) {
        if (inFlight >= MAX_IN_FLIGHT) {
          stats.skipped++;
          done++;
          if (done % SAMPLE_EVERY === 0) onProgress(done);
        } else fire(next);
      }
      if (next < TOTAL) setTimeout(tick, 2);
      else if (inFlight === 0) resolve();
    };
    tick();
  });
  await dispatcher.close();
  return { latencies, acked, stats, seconds: (performance.now() - t0) / 1000 };
}

/** 100k mixed callbacks at a steady rate: memory growth, captures lost, latency drift. */
export async function* soakRows() {
  const { listSamples, loadSample } = await import(join(ROOT, 'dist/core/samples.js'));
  const { Store } = await import(join(ROOT, 'dist/capture/store.js'));
  const samples = listSamples().map(loadSample);
  const storePath = join(tmp(), 'soak.db');
  const listen = await startJsonChild([BIN, 'listen', '--json', '--port', '0', '--store', storePath], {}, 'ignore');
  listen.child.stdout.resume(); // NDJSON lines are read and dropped, as a pipe to jq would
  const pid = listen.child.pid;
  const rssBoot = rssMb(pid);
  // The first window is warm-up (JIT, heap, SQLite page cache), then the halves' peaks.
  let [rssStart, rssEnd] = [0, 0];
  const { latencies, acked, stats, seconds } = await steadyLoad(listen.info.url, samples, (n) => {
    const rss = rssMb(pid);
    if (n > TOTAL / 2) rssEnd = Math.max(rssEnd, rss);
    else if (n >= WINDOW) rssStart = Math.max(rssStart, rss);
    if (process.env.BENCH_DEBUG && n % WINDOW === 0) console.error(`soak ${n}: RSS ${rss.toFixed(1)} MB`);
  });
  const exited = new Promise((resolve) => listen.child.once('exit', resolve));
  listen.child.kill('SIGTERM');
  await exited;

  const store = Store.open(storePath, { readonly: true });
  const stored = new Uint8Array(TOTAL);
  for (const r of store.iterate()) {
    const m = /[?&]soak=(\d+)/.exec(r.url);
    if (m) stored[Number(m[1])] = 1;
  }
  store.close();
  let lost = 0;
  for (let i = 0; i < TOTAL; i++) if (acked[i] && !stored[i]) lost++;

  const extra = { requests: TOTAL, rate: Math.round(TOTAL / seconds), ...stats };
  yield row(`soak RSS growth, ${TOTAL / 1000}k callbacks (MB, max 20)`, rssEnd - rssStart, 20, 'MB', 1, false, { rssBootMb: rssBoot, rssStartMb: rssStart, rssEndMb: rssEnd, ...extra });
  yield { name: `soak captures lost of ${stats.ok} acked (max 0)`, value: lost, baseline: 0, ratio: lost, target: '= 0', pass: lost === 0 && stats.ok > 0, unit: '' };
  yield row('soak p99 ack latency, last 10k vs first 10k (ms)', p99(latencies, TOTAL - WINDOW, TOTAL), p99(latencies, 0, WINDOW), 'ms', 1.5, false, { failed: stats.failed, skipped: stats.skipped });
}

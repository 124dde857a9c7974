// Soak: 100,000 mixed provider callbacks (every sample's route and body, in turn) at a steady
// rate against a `listen` child. Reports the child's RSS growth, captures lost (requests
// answered 2xx that are not in the store) and the p99 acknowledgement latency of the last 10,000
// requests against the first 10,000. SOAK_REQUESTS and SOAK_RATE shorten a run.
//
// Both RSS readings (after the first window, and at the end) follow a full GC run through the
// listener's inspector. Without it RSS is a sawtooth under V8 (a 250k run climbed from 100 to
// 131 MB by 100k, fell to 104 MB at 110k and climbed again), and two single readings measured
// where they fell on its teeth rather than a leak. The JS heap in use after each GC is reported
// beside them (heapStartMb, heapEndMb): a JS leak shows there first.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, WebSocket, request } from 'undici';
import { BIN, ROOT, freePort, row, startJsonChild, tmp } from './util.mjs';
import * as targets from '../targets.mjs';

const TOTAL = Number(process.env.SOAK_REQUESTS ?? 100_000);
const RATE = Number(process.env.SOAK_RATE ?? 1000);
const WINDOW = Math.min(10_000, Math.floor(TOTAL / 4));
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
async function steadyLoad(url, samples, onWindow) {
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
      if (done % WINDOW === 0) onWindow(done);
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
          if (done % WINDOW === 0) onWindow(done);
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

/**
 * Full GCs in the process whose inspector listens on `port`: `collect()` runs one;
 * `close()` detaches (a process with a debugger attached waits for it before exiting).
 */
async function garbageCollector(port) {
  const [target] = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let id = 0;
  const waiting = new Map();
  ws.onmessage = (m) => {
    const reply = JSON.parse(m.data);
    waiting.get(reply.id)?.(reply.result);
    waiting.delete(reply.id);
  };
  const call = (method) =>
    new Promise((resolve) => {
      waiting.set(++id, resolve);
      ws.send(JSON.stringify({ id, method }));
    });
  /** Runs a full GC; resolves with the JS heap in use afterwards, in MB. */
  const collect = async () => {
    await call('HeapProfiler.collectGarbage');
    return (await call('Runtime.getHeapUsage')).usedSize / 2 ** 20;
  };
  return { collect, close: () => ws.close() };
}

/** 100k mixed callbacks at a steady rate: memory growth, captures lost, latency drift. */
export async function* soakRows() {
  const { listSamples, loadSample } = await targets.samples();
  const { Store } = await targets.store();
  const samples = listSamples().map(loadSample);
  const storePath = join(tmp(), 'soak.db');
  const inspectPort = await freePort();
  const listen = await startJsonChild([`--inspect=127.0.0.1:${inspectPort}`, BIN, 'listen', '--json', '--port', '0', '--store', storePath], {}, 'ignore');
  const gc = await garbageCollector(inspectPort);
  listen.child.stdout.resume(); // NDJSON lines are read and dropped, as a pipe to jq would
  const pid = listen.child.pid;
  const rssBoot = rssMb(pid);
  // "Start" is after the first window (JIT, heap and SQLite page cache warm), both after a full GC.
  let [rssStart, heapStart] = [rssBoot, 0];
  const { latencies, acked, stats, seconds } = await steadyLoad(listen.info.url, samples, (n) => {
    if (n === WINDOW) void gc.collect().then((heap) => ([rssStart, heapStart] = [rssMb(pid), heap]));
    if (process.env.BENCH_DEBUG) console.error(`soak ${n}: RSS ${rssMb(pid).toFixed(1)} MB`);
  });
  const heapEnd = await gc.collect();
  const rssEnd = rssMb(pid);
  gc.close();
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
  yield row(`soak RSS growth, ${TOTAL / 1000}k callbacks (MB, max 20)`, rssEnd - rssStart, 20, 'MB', 1, false, { rssBootMb: rssBoot, rssStartMb: rssStart, rssEndMb: rssEnd, heapStartMb: heapStart, heapEndMb: heapEnd, ...extra });
  yield { name: `soak captures lost of ${stats.ok} acked (max 0)`, value: lost, baseline: 0, ratio: lost, target: '= 0', pass: lost === 0 && stats.ok > 0, unit: '' };
  yield row('soak p99 ack latency, last 10k vs first 10k (ms)', p99(latencies, TOTAL - WINDOW, TOTAL), p99(latencies, 0, WINDOW), 'ms', 1.5, false, { failed: stats.failed, skipped: stats.skipped });
}

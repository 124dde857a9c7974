// Load generator in its own process: fixed concurrency for a fixed time against one URL.
// Prints one JSON line: {"requests","errors","seconds","rps","p50","p99"} (latencies in ms).
import { Agent, request } from 'undici';

const [url, seconds, concurrency, bodyArg] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4]), process.argv[5] ?? 'id=123&phone=79991234567&status=1&err=0'];
const body = Buffer.from(bodyArg);
const dispatcher = new Agent({ connections: concurrency, pipelining: 1 });
const latencies = [];
let errors = 0;
const end = performance.now() + seconds * 1000;
async function worker() {
  while (performance.now() < end) {
    const t0 = performance.now();
    try {
      const res = await request(url, { method: 'POST', body, dispatcher, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      await res.body.dump();
      if (res.statusCode >= 300) errors++;
      latencies.push(performance.now() - t0);
    } catch {
      errors++;
    }
  }
}
const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, worker));
const took = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
await dispatcher.close();
console.log(JSON.stringify({ requests: latencies.length, errors, seconds: took, rps: latencies.length / took, p50: pct(0.5), p99: pct(0.99) }));

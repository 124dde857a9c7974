// A load generator in its own process: POSTs `seq=<i>` bodies with some concurrency and prints
// the seq of every request that was answered 2xx, one per line, as soon as it is answered.
import { request } from 'undici';

const [url, total, concurrency] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4] ?? 16)];
let next = 0;
async function worker() {
  while (next < total) {
    const i = next++;
    try {
      const res = await request(url, { method: 'POST', body: `seq=${i}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      await res.body.dump();
      if (res.statusCode >= 200 && res.statusCode < 300) process.stdout.write(`${i}\n`);
    } catch {
      // The listener was killed: later requests fail, which is the point.
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));

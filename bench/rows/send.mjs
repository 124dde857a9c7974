import { join } from 'node:path';
import { request } from 'undici';
import { ROOT, median, row, startJsonChild } from './util.mjs';
import * as targets from '../targets.mjs';

const N = 1000;
const CONCURRENCY = 8;
const ROUNDS = 15;

async function pool(n, concurrency, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await fn(next++);
  }));
}

/** A 1,000-request `send` burst (provider encode, undici, judge) vs a bare undici loop with the same bytes. */
export async function* sendRows() {
  const { runDelivery } = await targets.runner();
  const { listSamples, loadSample } = await targets.samples();
  const { providerById } = await targets.registry();
  const recv = await startJsonChild([join(ROOT, 'bench/bare-server.mjs')]);
  const webcom = providerById('webcom');
  const sample = loadSample(listSamples('webcom').find((s) => s.name === 'delivered'));
  const req = webcom.encode(sample, `${recv.info.url}/hook`, {});
  // Both use undici's global dispatcher, as `send` does.
  const bare = async () => {
    const res = await request(req.url, { method: 'POST', headers: req.headers.flat(), body: req.body });
    await res.body.dump();
  };
  const ours = async () => {
    await runDelivery({ provider: webcom, request: webcom.encode(sample, `${recv.info.url}/hook`, {}), delays: [], timeoutMs: 10_000 });
  };
  const rate = async (fn) => {
    const t0 = performance.now();
    await pool(N, CONCURRENCY, fn);
    return N / ((performance.now() - t0) / 1000);
  };
  for (let i = 0; i < 3; i++) {
    await rate(bare); // warm-up: the JIT is still at work over the first bursts
    await rate(ours);
  }
  // A burst lasts about 0.1 s, so one stall on a shared 2-core box swings it: bursts of the two
  // alternate, ROUNDS each, and the medians are compared.
  const base = [];
  const mine = [];
  for (let i = 0; i < ROUNDS; i++) {
    base.push(await rate(bare));
    mine.push(await rate(ours));
  }
  recv.child.kill();
  if (process.env.BENCH_DEBUG) console.error(`bare ${base.map(Math.round).join(' ')}\nours ${mine.map(Math.round).join(' ')}`);
  yield row('send burst of 1,000 (req/s)', median(mine), median(base), 'req/s', 0.8, true);
}

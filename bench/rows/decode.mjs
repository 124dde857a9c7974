import { join } from 'node:path';
import { ROOT, row } from './util.mjs';

/** Full decode (parse, identify, decode) over the samples mix vs bare JSON.parse/URLSearchParams. */
export async function* decodeRows() {
  const { listSamples, loadSample } = await import(join(ROOT, 'dist/core/samples.js'));
  const { inspect } = await import(join(ROOT, 'dist/providers/inspect.js'));
  const reqs = listSamples().map(loadSample);
  const bare = (r) => {
    const t = r.body.toString('utf8').trimStart();
    if (t.startsWith('{') || t.startsWith('[')) return JSON.parse(t);
    return Object.fromEntries(new URLSearchParams(t));
  };
  const time = (fn, rounds) => {
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) for (const r of reqs) fn(r);
    return (rounds * reqs.length) / ((performance.now() - t0) / 1000);
  };
  const safeBare = (r) => {
    try {
      return bare(r);
    } catch {
      return null; // XML bodies: bare parsing has no XML parser; it counts as one failed attempt
    }
  };
  time(safeBare, 200);
  time((r) => inspect(r), 200);
  const base = time(safeBare, 2000);
  const ours = time((r) => inspect(r), 2000);
  yield row(`decode throughput, ${reqs.length} samples (ops/s)`, ours, base, 'ops/s', 0.3, true);
}

import { XMLParser } from 'fast-xml-parser';
import { row } from './util.mjs';
import * as targets from '../targets.mjs';

/**
 * Full decode (charset-aware body parse, provider detection, decode) over every sample vs the
 * bare parse of the same bodies: JSON.parse, URLSearchParams, and for the XML bodies (which
 * neither can read) a default fast-xml-parser parse. Rounds alternate; the best of each counts.
 */
export async function* decodeRows() {
  const { listSamples, loadSample } = await targets.samples();
  const { inspect } = await targets.inspector();
  const reqs = listSamples().map(loadSample);
  const xml = new XMLParser();
  const texts = reqs.map((r) => r.body.toString('utf8'));
  const bare = (t) => {
    const s = t.trimStart();
    if (s.startsWith('{') || s.startsWith('[')) return JSON.parse(s);
    if (s.startsWith('<')) return xml.parse(s);
    return Object.fromEntries(new URLSearchParams(s));
  };
  const rate = (fn, items, rounds) => {
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) for (const it of items) fn(it);
    return (rounds * items.length) / ((performance.now() - t0) / 1000);
  };
  let base = 0;
  let ours = 0;
  for (let round = 0; round < 7; round++) {
    base = Math.max(base, rate(bare, texts, 300));
    ours = Math.max(ours, rate((r) => inspect(r), reqs, 300));
  }
  yield row(`decode throughput, ${reqs.length} samples (ops/s)`, ours, base, 'ops/s', 0.3, true);
}

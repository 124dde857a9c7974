import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, medianMs, row, tmp } from './util.mjs';
import * as targets from '../targets.mjs';

const N = 100_000;

/** The i-th capture: an SMSC.ru status report, as the store rows have always used. */
function capture(i) {
  const body = Buffer.from(`id=${i}&phone=7999${String(i).padStart(7, '0')}&status=${i % 5}&err=0&time=1700000000`);
  const headers = [['Host', '127.0.0.1:8686'], ['Content-Type', 'application/x-www-form-urlencoded'], ['Content-Length', String(body.length)]];
  return { method: 'POST', url: '/smsc', headers, body, receivedAt: Date.now(), remote: '127.0.0.1:1', size: body.length, truncated: false, answer: { status: 200, headers: [], body: Buffer.from('OK') } };
}

/** `list` with these flags: how many captures it printed (a bench of a broken command measures nothing). */
function listed(args) {
  const r = spawnSync(process.execPath, [BIN, 'list', '--json', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench: list ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean).length;
}

/**
 * Store size and `list` time with 100k captures vs an empty store; `list` with filters at 100k
 * (served by the store: the facts listen stores with each capture) vs plain `list` at 100k.
 */
export async function* storeRows() {
  const [{ Store }, { inspect }, { storedFactsOf }] = await Promise.all([targets.store(), targets.inspector(), targets.storeFacts()]);
  const dir = tmp();
  const emptyPath = join(dir, 'empty.db');
  Store.open(emptyPath).close();
  const bigPath = join(dir, 'big.db');
  const oldPath = join(dir, 'no-facts.db');
  const store = Store.open(bigPath);
  const old = Store.open(oldPath);
  let rawBytes = 0;
  for (let i = 0; i < N; i++) {
    const c = capture(i);
    rawBytes += c.body.length + JSON.stringify(c.headers).length;
    // As listen stores it: with its filter facts (no secrets given, as in this list).
    const inspection = inspect(c);
    store.insert(c, [], (r) => storedFactsOf(r, inspection, []));
    // As a store from before schema v6 holds it: no facts, so a filter decodes it.
    old.insert(c, []);
  }
  store.close();
  old.close();
  const size = statSync(bigPath).size;
  yield row('store size at 100k captures (MB)', size / 1e6, rawBytes / 1e6, 'MB', 2.5, false, { note: `without filter facts: ${(statSync(oldPath).size / 1e6).toFixed(2)} MB` });
  const listEmpty = medianMs(process.execPath, [BIN, 'list', '--limit', '50', '--store', emptyPath], 7);
  const listBig = medianMs(process.execPath, [BIN, 'list', '--limit', '50', '--store', bigPath], 7);
  yield row('list --limit 50 at 100k captures (ms)', listBig, listEmpty, 'ms', 1.5, false);
  const filters = [
    ['no-match facet', ['--provider', 'zender'], 0],
    ['matching facets', ['--provider', 'smsc', '--outcome', 'delivered'], 50],
    ['--grep', ['--grep', '79990042424'], 1],
  ];
  for (const [label, flags, want] of filters) {
    const args = [...flags, '--limit', '50', '--store', bigPath];
    const got = listed(args);
    if (got !== want) throw new Error(`bench: list ${flags.join(' ')} printed ${got} captures, not ${want}`);
    const ms = medianMs(process.execPath, [BIN, 'list', ...args], 7);
    const extra = label === 'no-match facet' ? { note: `captures stored without facts (before schema v6), decoded: ${Math.round(medianMs(process.execPath, [BIN, 'list', ...flags, '--limit', '50', '--store', oldPath], 3))} ms` } : {};
    yield row(`list with a filter at 100k captures, ${label} (ms)`, ms, listBig, 'ms', 3, false, extra);
  }
}

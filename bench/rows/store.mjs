import { statSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, medianMs, row, tmp } from './util.mjs';
import * as targets from '../targets.mjs';

const N = 100_000;

/** Store size and `list` time with 100k captures vs an empty store. */
export async function* storeRows() {
  const { Store } = await targets.store();
  const dir = tmp();
  const emptyPath = join(dir, 'empty.db');
  Store.open(emptyPath).close();
  const bigPath = join(dir, 'big.db');
  const store = Store.open(bigPath);
  let rawBytes = 0;
  for (let i = 0; i < N; i++) {
    const body = Buffer.from(`id=${i}&phone=7999${String(i).padStart(7, '0')}&status=${i % 5}&err=0&time=1700000000`);
    const headers = [['Host', '127.0.0.1:8686'], ['Content-Type', 'application/x-www-form-urlencoded'], ['Content-Length', String(body.length)]];
    rawBytes += body.length + JSON.stringify(headers).length;
    store.insert({ method: 'POST', url: '/smsc', headers, body, receivedAt: Date.now(), remote: '127.0.0.1:1', size: body.length, truncated: false, answer: { status: 200, headers: [], body: Buffer.from('OK') } });
  }
  store.close();
  const size = statSync(bigPath).size;
  yield row('store size at 100k captures (MB)', size / 1e6, rawBytes / 1e6, 'MB', 2.5, false);
  const listEmpty = medianMs(process.execPath, [BIN, 'list', '--limit', '50', '--store', emptyPath], 7);
  const listBig = medianMs(process.execPath, [BIN, 'list', '--limit', '50', '--store', bigPath], 7);
  yield row('list --limit 50 at 100k captures (ms)', listBig, listEmpty, 'ms', 1.5, false);
}

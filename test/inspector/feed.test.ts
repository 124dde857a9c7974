import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { ListenSession } from '../../src/capture/session.js';
import type { NewCapture } from '../../src/capture/store.js';
import { viewCapture } from '../../src/capture/view.js';
import { BURST_WINDOW_MS, Feed, WINDOW_MS } from '../../src/inspector/feed.js';
import { startServer, type TestServer } from '../helpers/server.js';

// The windows of ?max= under fake timers: when each capture goes out is the behaviour tested,
// so the clock is the test's (no sleeps, no timing assertions on a real clock).
let t: TestServer;
let feed: Feed | undefined;
beforeEach(async () => {
  t = await startServer();
  vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate', 'Date'] });
});
afterEach(async () => {
  feed?.close();
  vi.useRealTimers();
  await t.close();
});

/** A response that records what is written to it, each write stamped with the fake clock. */
function recorder(): { res: ServerResponse; writes: Array<{ at: number; text: string }> } {
  const writes: Array<{ at: number; text: string }> = [];
  const res = Object.assign(new EventEmitter(), {
    writableLength: 0,
    writeHead: () => res,
    write: (text: string) => writes.push({ at: Date.now(), text }),
    destroy: () => undefined,
  });
  return { res: res as unknown as ServerResponse, writes };
}

const capture = (n: number): NewCapture => ({
  method: 'POST', url: '/smsc', headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: Buffer.from(`id=${n}&phone=7999${n}&status=1&err=0`),
  receivedAt: 1_700_000_000_000 + n, remote: '127.0.0.1:1', size: null, truncated: false, answer: null,
});
const session = (): ListenSession => ({ server: t.server, store: t.store, secrets: {}, urls: [t.url], quit: () => undefined, replay: async () => Promise.reject(new Error('no replay here')) });
const arrive = (n: number): string => {
  const record = t.store.insert(capture(n), []);
  t.server.emit('capture', viewCapture(record, { store: t.store }));
  return record.id;
};
const ids = (text: string): string[] => [...text.matchAll(/^id: (\w+)$/gm)].map((m) => m[1]!);
const skipped = (text: string): number[] => [...text.matchAll(/^event: skipped\ndata: \{"count":(\d+)\}$/gm)].map((m) => Number(m[1]));

it('a capture in a quiet moment goes out at once, with its list row', async () => {
  feed = new Feed(session());
  const { res, writes } = recorder();
  feed.open(res, '', 60);
  const start = Date.now();
  const id = arrive(1);
  await vi.advanceTimersByTimeAsync(0);
  expect(writes.slice(1).map((w) => [w.at - start, ids(w.text)])).toEqual([[0, [id]]]);
  const data = JSON.parse(/^data: (.*)$/m.exec(writes[1]!.text)![1]!) as { row: { provider: string; outcome: string } };
  expect(data.row).toMatchObject({ provider: 'smsc', outcome: 'delivered' });
});

it('a burst goes out once a window, the newest `max` of each, windows of a second while it lasts; its last captures are not held back', async () => {
  feed = new Feed(session());
  const { res, writes } = recorder();
  feed.open(res, '', 3);
  const start = Date.now();
  const sent: string[] = [];
  // Two seconds of a capture every 10 ms.
  for (let n = 0; n < 200; n++) {
    sent.push(arrive(n));
    await vi.advanceTimersByTimeAsync(10);
  }
  const last = Date.now();
  await vi.advanceTimersByTimeAsync(BURST_WINDOW_MS);
  const out = writes.slice(1);
  // The first at once; then one write per window: 300 ms, then a second each while the burst goes on.
  // Written in the turn after the tick (setImmediate): to the tick.
  const times = out.map((w) => Math.floor((w.at - start) / 100) * 100);
  expect(times[0]).toBe(0);
  expect(times.length).toBeLessThanOrEqual(2 + Math.ceil((last - start - WINDOW_MS) / BURST_WINDOW_MS) + 1);
  for (let i = 2; i < times.length - 1; i++) expect(times[i]! - times[i - 1]!).toBe(BURST_WINDOW_MS);
  expect(times[1]).toBe(WINDOW_MS);
  // The burst's end: what was held goes within two ticks (200 ms), the newest three, none twice.
  expect(times.at(-1)! - (last - 10)).toBeLessThanOrEqual(200);
  const all = out.flatMap((w) => ids(w.text));
  expect(all.slice(-3)).toEqual(sent.slice(-3));
  expect(new Set(all).size).toBe(all.length);
  // Every capture is either sent or counted as left out.
  expect(all.length + out.flatMap((w) => skipped(w.text)).reduce((a, b) => a + b, 0)).toBe(sent.length);
});

it('without ?max=, every capture goes, those of one turn of the event loop in one write', async () => {
  feed = new Feed(session());
  const { res, writes } = recorder();
  feed.open(res, '');
  const sent = [arrive(1), arrive(2), arrive(3)];
  await vi.advanceTimersByTimeAsync(0);
  expect(writes.slice(1).map((w) => ids(w.text))).toEqual([sent]);
});

// The live TUI: first frame and RSS with 100k stored captures vs an empty store, and render
// batches during a 1,000 req/s burst. The TUI runs in a child process drawing to a fake
// 100x30 stdout (no TTY needed), exactly as listen starts it (startTui, through bench/targets.mjs).
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { row, startJsonChild, tmp } from './util.mjs';
import * as targets from '../targets.mjs';

const N = 100_000;
const RUNS = 5;
const BURST_RPS = 1000;
const BURST_SECONDS = 3;
const SELF = fileURLToPath(import.meta.url);
// Ink renders only a last frame when it believes it runs in CI; this measures real drawing.
const NOT_CI = { CI: 'false', CONTINUOUS_INTEGRATION: 'false' };

/** A stdout ink accepts (100x30, not a TTY) that only counts frames. */
function fakeTerminal(onFrame) {
  const out = Object.assign(new EventEmitter(), { columns: 100, rows: 30, isTTY: false });
  out.write = (chunk) => (String(chunk).includes('webhook-kit listening') && onFrame(), true);
  const stdin = Object.assign(new EventEmitter(), { isTTY: true, read: () => null });
  for (const m of ['setEncoding', 'setRawMode', 'resume', 'pause', 'ref', 'unref']) stdin[m] = () => stdin;
  return { stdout: out, stderr: out, stdin, env: { NO_COLOR: '1' } };
}

/** Child: open the store, start the TUI, report ms from process start to the first frame. */
async function childFirstFrame(storePath) {
  const { Store } = await targets.store();
  const { startTui } = await targets.tui();
  const store = Store.open(storePath);
  let firstMs = null;
  const io = fakeTerminal(() => (firstMs ??= performance.now()));
  const tui = startTui({ server: new EventEmitter(), store, secrets: {}, urls: ['http://127.0.0.1:8686'], quit() {} }, io);
  await new Promise((r) => setTimeout(r, 300));
  const rss = process.memoryUsage().rss;
  tui.unmount();
  store.close();
  process.stdout.write(`${JSON.stringify({ firstMs, rssMb: rss / 1e6 })}\n`);
  process.exit(0);
}

/** Child: a real capture server feeding the TUI; counts frames until GET /__done arrives. */
async function childBurst(storePath) {
  const { Store } = await targets.store();
  const { CaptureServer } = await targets.captureServer();
  const { startTui } = await targets.tui();
  const store = Store.open(storePath);
  const server = new CaptureServer({ store, host: '127.0.0.1', port: 0, maxBody: 1 << 20 });
  const url = await server.listen();
  let frames = 0;
  let captures = 0;
  let started = 0;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const tui = startTui({ server, store, secrets: {}, urls: [url], quit() {} }, fakeTerminal(() => started && frames++));
  server.on('capture', (view) => {
    if (view.record.url === '/__done') {
      const seconds = (performance.now() - started) / 1000;
      loop.disable();
      tui.unmount();
      process.stdout.write(`${JSON.stringify({ frames, captures, seconds, loopP99Ms: loop.percentile(99) / 1e6 })}\n`);
      process.exit(0);
    }
    if (!started) {
      started = performance.now();
      loop.enable();
    }
    captures++;
  });
  process.stdout.write(`${JSON.stringify({ url })}\n`);
}

if (process.argv[1] === SELF) {
  const [mode, storePath] = process.argv.slice(2);
  await (mode === 'first' ? childFirstFrame(storePath) : childBurst(storePath));
}

function firstFrame(storePath) {
  const child = spawn(process.execPath, [SELF, 'first', storePath], { env: { ...process.env, ...NOT_CI }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => createInterface({ input: child.stdout }).once('line', (l) => resolve(JSON.parse(l))));
}

async function medianOf(storePath) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await firstFrame(storePath));
  const mid = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { firstMs: mid(runs.map((r) => r.firstMs)), rssMb: Math.max(...runs.map((r) => r.rssMb)) };
}

/** Sends BURST_RPS requests per second, paced every 10 ms, then /__done; returns the achieved rate. */
async function burst(url) {
  const { Agent, request } = await import('undici');
  const dispatcher = new Agent({ connections: 64 });
  const body = 'id=1&phone=79991234567&status=1&err=0&time=1700000000';
  const send = (path) => request(`${url}${path}`, { method: 'POST', body, dispatcher, headers: { 'content-type': 'application/x-www-form-urlencoded' } }).then((r) => r.body.dump());
  const inFlight = [];
  const t0 = performance.now();
  for (let tick = 0; tick < BURST_SECONDS * 100; tick++) {
    for (let i = 0; i < BURST_RPS / 100; i++) inFlight.push(send('/smsc').catch(() => undefined));
    const next = t0 + (tick + 1) * 10;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  await Promise.all(inFlight);
  const rate = inFlight.length / ((performance.now() - t0) / 1000);
  await send('/__done').catch(() => undefined);
  await dispatcher.close();
  return rate;
}

async function fillStore(path) {
  const { Store } = await targets.store();
  const store = Store.open(path);
  const answer = { status: 200, headers: [['Content-Type', 'text/plain']], body: Buffer.from('OK') };
  for (let i = 0; i < N; i++) {
    const body = Buffer.from(`id=${i}&phone=7999${String(i).padStart(7, '0')}&status=${i % 5}&err=0&time=1700000000`);
    const headers = [['Host', '127.0.0.1:8686'], ['Content-Type', 'application/x-www-form-urlencoded']];
    store.insert({ method: 'POST', url: '/smsc', headers, body, receivedAt: Date.now(), remote: '127.0.0.1:1', size: body.length, truncated: false, answer }, [
      { provider: 'smsc', messageId: String(i % 20_000), code: String(i % 5) },
    ]);
  }
  store.close();
}

/** Bench rows of the TUI. */
export async function* tuiRows() {
  const dir = tmp();
  const { Store } = await targets.store();
  Store.open(join(dir, 'empty.db')).close();
  await fillStore(join(dir, 'big.db'));
  await firstFrame(join(dir, 'empty.db')); // warm the file cache
  const empty = await medianOf(join(dir, 'empty.db'));
  const big = await medianOf(join(dir, 'big.db'));
  yield row('tui first frame at 100k captures (ms)', big.firstMs, empty.firstMs, 'ms', 1.5, false);
  yield row('tui RSS at 100k captures (MB, max 150)', big.rssMb, 150, 'MB', 1, false, { emptyRssMb: empty.rssMb });

  const live = await startJsonChild([SELF, 'burst', join(dir, 'burst.db')], NOT_CI);
  const done = new Promise((resolve) => createInterface({ input: live.child.stdout }).once('line', (l) => resolve(JSON.parse(l))));
  const rate = await burst(live.info.url);
  const stats = await done;
  yield row('tui render batches/s at 1,000 req/s', stats.frames / stats.seconds, rate, '/s', 0.1, false, { loopP99Ms: stats.loopP99Ms, captures: stats.captures });
}

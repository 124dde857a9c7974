// The browser inspector: first paint of the list with 100k stored (vs an empty store), capture
// to row-on-screen latency during a 1,000 req/s burst, and listen's throughput with a page open
// vs none. Each listener runs in a child process (capture server + inspector from dist/, as
// listen starts them); the page is Debian's chromium driven by playwright-core.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureServer, inspectorServer, store as storeModule } from '../targets.mjs';
import { alternate, cpuSeconds, errorsOf, hasWrk, medianOf, row, startJsonChild, tmp } from './util.mjs';

const N = Number(process.env.BENCH_N ?? 100_000);
const RUNS = 5;
const BURST_RPS = 1000;
const BURST_SECONDS = 3;
const SELF = fileURLToPath(import.meta.url);
const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Child: a capture server and its inspector on one store; prints their URLs. */
async function childServe(storePath) {
  const { Store } = await storeModule();
  const { CaptureServer } = await captureServer();
  const { startInspector } = await inspectorServer();
  const store = Store.open(storePath);
  store.checkpointInBackground();
  const server = new CaptureServer({ store, host: '127.0.0.1', port: 0, maxBody: 1 << 20 });
  const url = await server.listen();
  const replay = async () => {
    throw new Error('no replay in the bench');
  };
  const inspector = await startInspector({ server, store, secrets: {}, urls: [url], quit() {}, replay }, { port: 0 });
  process.stdout.write(`${JSON.stringify({ url, inspector: inspector.url })}\n`);
}

if (process.argv[1] === SELF) await childServe(process.argv[2]);

async function fillStore(path) {
  const { Store } = await storeModule();
  const store = Store.open(path);
  const answer = { status: 200, headers: [['Content-Type', 'text/plain']], body: Buffer.from('OK') };
  const headers = [['Host', '127.0.0.1:8686'], ['Content-Type', 'application/x-www-form-urlencoded']];
  for (let from = 0; from < N; from += 1000) {
    const batch = [];
    for (let i = from; i < from + 1000; i++) {
      const body = Buffer.from(`id=${i}&phone=7999${String(i).padStart(7, '0')}&status=${i % 5}&err=0&time=1700000000`);
      batch.push({
        capture: { method: 'POST', url: '/smsc', headers, body, receivedAt: Date.now(), remote: '127.0.0.1:1', size: body.length, truncated: false, answer },
        events: [{ provider: 'smsc', messageId: String(i % 20_000), code: String(i % 5) }],
      });
    }
    store.insertBatch(batch);
  }
  store.close();
}

/** ms from navigation start to the first list row painted, median of RUNS fresh pages. */
async function firstPaint(browser, inspectorUrl) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(inspectorUrl, { waitUntil: 'commit' });
    await page.waitForSelector('#rows tr.row');
    // Two animation frames after the row exists: it has been laid out and painted.
    times.push(await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))));
    await context.close();
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

/** Sends BURST_RPS requests per second for BURST_SECONDS, paced every 10 ms. */
async function burst(url) {
  const { Agent, request } = await import('undici');
  const dispatcher = new Agent({ connections: 64 });
  const body = 'id=1&phone=79991234567&status=1&err=0&time=1700000000';
  const inFlight = [];
  let answered = 0;
  const t0 = performance.now();
  for (let tick = 0; tick < BURST_SECONDS * 100; tick++) {
    for (let i = 0; i < BURST_RPS / 100; i++) {
      inFlight.push(request(`${url}/smsc`, { method: 'POST', body, dispatcher, headers: { 'content-type': 'application/x-www-form-urlencoded' } }).then((r) => r.body.dump().then(() => answered++), () => undefined));
    }
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + (tick + 1) * 10 - performance.now())));
  }
  await Promise.all(inFlight);
  await dispatcher.close();
  return answered;
}

/** CPU seconds used so far by the processes below `root` (the browser and its helpers). */
function treeCpuSeconds(root) {
  const parent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const below = (pid) => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  let total = 0;
  for (const pid of parent.keys()) {
    if (!below(pid)) continue;
    try {
      total += cpuSeconds(pid);
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}

/** Bench rows of the browser inspector. */
export async function* inspectorRows() {
  const { chromium } = await import('playwright-core');
  const dir = tmp();
  const { Store } = await storeModule();
  Store.open(join(dir, 'empty.db')).close();
  await fillStore(join(dir, 'big.db'));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const children = [];
  const serve = async (file) => {
    const c = await startJsonChild([SELF, join(dir, file)], {}, 'ignore');
    children.push(c.child);
    return { ...c.info, pid: c.child.pid };
  };
  try {
    const empty = await serve('empty.db');
    const big = await serve('big.db');
    // An empty store paints no row: its baseline is the page with one capture in it.
    await fetch(`${empty.url}/smsc`, { method: 'POST', body: 'id=1&status=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await firstPaint(browser, empty.inspector); // warm-up
    const emptyMs = await firstPaint(browser, empty.inspector);
    const bigMs = await firstPaint(browser, big.inspector);
    yield row('inspector first paint at 100k (ms, max 1000)', bigMs, 1000, 'ms', 1, false, { oneCaptureMs: emptyMs });

    // Capture to row: the page notes when each row appears, against the capture's receivedAt.
    const live = await serve('burst.db');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(live.inspector);
    await page.waitForSelector('#status:has-text("no captures yet")');
    await page.evaluate(() => {
      window.__lat = [];
      // A row is new when added, or when a burst's redraw reuses it for another capture.
      new MutationObserver((changes) => {
        const now = Date.now();
        for (const c of changes) {
          const shown = c.type === 'attributes' ? [c.target] : [...c.addedNodes];
          for (const n of shown) if (n.dataset?.received) window.__lat.push(now - Date.parse(n.dataset.received));
        }
      }).observe(document.getElementById('rows'), { childList: true, subtree: true, attributes: true, attributeFilter: ['data-received'] });
    });
    const sent = await burst(live.url);
    // The last capture of the burst on screen means all are drawn (a page that fell behind
    // draws the newest and leaves the rest to paging: counted as rows < sent).
    await fetch(`${live.url}/__done`, { method: 'POST', body: 'done' });
    await page.waitForFunction(() => document.querySelector('#rows tr.row td.c-path')?.textContent === '/__done', null, { timeout: 30_000 });
    const lat = (await page.evaluate(() => window.__lat)).sort((a, b) => a - b);
    await context.close();
    yield row('inspector capture-to-row p99 at 1,000 req/s (ms, max 1000)', lat[Math.floor(lat.length * 0.99)] ?? 0, 1000, 'ms', 1, false, { p50: lat[Math.floor(lat.length / 2)] ?? 0, rows: lat.length, sent });

    // Throughput with a page open on one listener and none on the other, load alternating.
    const none = await serve('none.db');
    const watched = await serve('watched.db');
    const ctx = await browser.newContext();
    const open = await ctx.newPage();
    await open.goto(watched.inspector);
    await open.waitForSelector('#status:has-text("no captures yet")');
    if (!hasWrk()) throw new Error('bench: wrk is not installed (apt-get install -y wrk)');
    // The browser works only while its listener is loaded: its CPU over all rounds is the page's
    // cost of the open rounds' captures (the bench's own children are the listeners and chromium).
    const browserBefore = treeCpuSeconds(process.pid) - cpuSeconds(none.pid) - cpuSeconds(watched.pid) - cpuSeconds(live.pid) - cpuSeconds(empty.pid) - cpuSeconds(big.pid);
    const runs = alternate({ none: { url: `${none.url}/smsc`, pid: none.pid }, open: { url: `${watched.url}/smsc`, pid: watched.pid } }, { rounds: 3, seconds: 3, connections: 32 });
    const browserCpu = treeCpuSeconds(process.pid) - cpuSeconds(none.pid) - cpuSeconds(watched.pid) - cpuSeconds(live.pid) - cpuSeconds(empty.pid) - cpuSeconds(big.pid) - browserBefore;
    const openRequests = runs.open.reduce((n, r) => n + r.requests, 0);
    const openSeconds = runs.open.reduce((n, r) => n + r.seconds, 0);
    await ctx.close();
    if (process.env.BENCH_DEBUG) console.error(`browser ${((browserCpu / openRequests) * 1e6).toFixed(1)}us a capture, ${(browserCpu / openSeconds).toFixed(3)} cores`);
    // CPU per request of the listener holds still on a shared machine where req/s does not.
    yield row('capture throughput, inspector page open vs none', medianOf(runs.open, 'rps'), medianOf(runs.none, 'rps'), 'req/s', 0.9, true, {
      errors: errorsOf(runs.open),
      cpuUsOpen: medianOf(runs.open, 'cpuUs'),
      cpuUsNone: medianOf(runs.none, 'cpuUs'),
      // The page's share of the machine while listen is loaded: µs of browser CPU per capture, cores.
      browserCpuUs: openRequests ? (browserCpu / openRequests) * 1e6 : 0,
      browserCores: openSeconds ? browserCpu / openSeconds : 0,
    });
  } finally {
    await browser.close();
    for (const c of children) c.kill();
  }
}

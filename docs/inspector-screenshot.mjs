// Re-shoots docs/inspector.png: the built CLI's `listen` forwarding to a small app (which refuses
// some callbacks), a few `send`s, the page in Debian's chromium with one capture's details open.
// `npm run build && node docs/inspector-screenshot.mjs`
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin/webhook-kit.js');
const dir = mkdtempSync(join(tmpdir(), 'wk-shot-'));

// The app: refuses the Webcom Mobi failure and the Zender message (500), takes the rest.
const app = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    const refuse = /not_deliver|Hello/.test(body);
    res.writeHead(refuse ? 500 : 200, { 'Content-Type': 'text/plain' }).end(refuse ? 'error' : 'OK');
  });
});
await new Promise((r) => app.listen(0, '127.0.0.1', r));
const appUrl = `http://127.0.0.1:${app.address().port}/sms`;

const listen = spawn(process.execPath, [BIN, 'listen', '--json', '--port', '0', '--inspector-port', '0', '--store', join(dir, 'captures.db'), '--forward-to', appUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
const lines = createInterface({ input: listen.stdout });
const ready = await new Promise((r) => lines.on('line', (l) => l.includes('"ready"') && r(JSON.parse(l))));
const captured = [];
lines.on('line', (l) => l.includes('"capture"') && captured.push(JSON.parse(l).id));

// Not spawnSync: the app in this process must answer meanwhile. A refused one exits 1.
const send = (provider, fixture, route, ...more) =>
  promisify(execFile)(process.execPath, [BIN, 'send', '--provider', provider, '--fixture', fixture, '--to', `${ready.url}/${route}`, '--no-retry', ...more]).catch(() => undefined);
await send('smsc', 'sent', 'smsc', '--set', 'id=4217');
await send('webcom', 'sent', 'webcom');
await send('smsc', 'incoming', 'smsc');
await send('zender', 'incoming', 'zender');
await send('webcom', 'failed', 'webcom');
await send('smsgateway24', 'delivered', 'smsgateway24');
await send('smsc', 'delivered', 'smsc', '--set', 'id=4217');
await send('smsc', 'delivered', 'smsc', '--set', 'id=4217');
while (captured.length < 8) await new Promise((r) => setTimeout(r, 50));

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1500, height: 640 } });
  // The first SMSC.ru delivery: its timeline, and its `time` with the date it stands for.
  await page.goto(`${ready.inspector}#/capture/${captured[6]}`);
  await page.locator('#details h2', { hasText: captured[6] }).waitFor();
  await page.locator(`#rows tr[data-id="${captured[0]}"]`).waitFor();
  await page.screenshot({ path: join(ROOT, 'docs/inspector.png') });
} finally {
  await browser.close();
  listen.kill('SIGINT');
  app.close();
  rmSync(dir, { recursive: true, force: true });
}

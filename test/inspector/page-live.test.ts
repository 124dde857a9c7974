import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { NewCapture } from '../../src/capture/store.js';
import { viewCapture } from '../../src/capture/view.js';
import { unixDate } from '../../src/output/describe.js';
import { http, startReceiver } from '../helpers/receiver.js';
import { launchBrowser, openPage } from './browser.js';
import { startInspected, type InspectedSession } from './helpers.js';

const FORM = 'application/x-www-form-urlencoded';
let browser: Browser;
let t: InspectedSession;
let context: BrowserContext;
let page: Page;
let errors: string[];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser.close());

async function open(path = ''): Promise<void> {
  t = await startInspected();
  ({ context, page, errors } = await openPage(browser, t.inspector.url.slice(0, -1)));
  await page.goto(`${t.inspector.url}${path}`);
}
afterEach(async () => {
  await context?.close();
  await t?.close();
  expect(errors).toEqual([]);
});

async function post(path: string, body: string, headers: Record<string, string> = {}): Promise<string> {
  const next = t.nextCapture();
  await (await request(`${t.url}${path}`, { method: 'POST', body, headers: { 'content-type': FORM, ...headers } })).body.dump();
  return (await next).record.id;
}
const rowIds = (): Promise<string[]> => page.evaluate<string[]>("[...document.querySelectorAll('#rows tr.row')].map((tr) => tr.dataset.id)");
const capture = (n: number): NewCapture => ({
  method: 'POST', url: '/smsc', headers: [['Content-Type', FORM]], body: Buffer.from(`id=${n}&phone=7999${n}&status=1&err=0`),
  receivedAt: Date.now(), remote: '127.0.0.1:1', size: null, truncated: false, answer: null,
});

describe('inspector page, live', () => {
  it('a burst redraws the list from its newest captures, in the rows it has; older ones page in from the store', async () => {
    await open();
    await page.waitForSelector('#status:has-text("no captures yet")');
    const first = await post('/smsc', 'id=1&phone=79990000001&status=1&err=0');
    await expect.poll(() => rowIds()).toEqual([first]);
    // The row element drawn for the first capture, to see whether the burst reuses it.
    await page.evaluate("window.__firstRow = document.querySelector('#rows tr.row')");
    const records = t.store.insertBatch(Array.from({ length: 150 }, (_, n) => ({ capture: capture(n + 2), events: [] })));
    for (const r of records) t.server.emit('capture', viewCapture(r, { store: t.store }));
    const newest = records.slice(-60).map((r) => r.id).reverse();
    await expect.poll(() => rowIds(), { timeout: 10_000 }).toEqual(newest);
    // Refilled for one of the newest, not replaced.
    expect(await page.evaluate<string | null>('window.__firstRow.isConnected ? window.__firstRow.dataset.id : null')).toBeOneOf(newest);
    expect(await page.locator('#rows tr[aria-selected="true"]').getAttribute('data-id')).toBe(newest[0]);
    // Nothing lost: the rest of the burst pages in below (load older, or scrolling to the bottom).
    const all = [...records.map((r) => r.id).reverse(), first];
    await expect.poll(async () => {
      if (await page.isVisible('#older')) await page.click('#older', { timeout: 1000 }).catch(() => undefined);
      return rowIds();
    }, { timeout: 15_000 }).toEqual(all);
  });

  it('Unix timestamps show their date beside them: fields, headers, the decoded time', async () => {
    await open();
    const id = await post('/smsc', 'id=5&phone=79990000005&status=1&err=0&time=1700000000', { 'x-timestamp': '1719047107' });
    await page.goto(`${t.inspector.url}#/capture/${id}/fields`);
    await page.locator('#details h2', { hasText: id }).waitFor();
    const cell = (table: string, name: string) => page.locator(table).locator('tr', { has: page.locator(`th:text-is("${name}")`) }).locator('td');
    expect(await cell('#body-fields', 'time').textContent()).toBe(`1700000000 (${unixDate('time', '1700000000')})`);
    // Not a time-named field: no date, though ten digits.
    expect(await cell('#body-fields', 'phone').textContent()).toBe('79990000005');
    await page.click('button[data-tab="headers"]');
    expect(await cell('#tab-body', 'x-timestamp').textContent()).toBe(`1719047107 (${unixDate('x-timestamp', '1719047107')})`);
    await page.click('button[data-tab="decoded"]');
    expect(await cell('#tab-body', 'time').textContent()).toBe(`1700000000 (${unixDate('time', '1700000000')})`);
  });

  it("a row's cells are the TUI's words: the APP cell of a replay the target refused says the provider resends", async () => {
    const receiver = await startReceiver(() => http(500, 'no'));
    try {
      await open();
      const id = await post('/smsc', 'id=9&phone=79990000009&status=1&err=0');
      await page.goto(`${t.inspector.url}#/capture/${id}/replay`);
      await page.fill('#replay-url', `${receiver.url}/sms`);
      await page.click('#replay-send');
      await page.locator('#replay-verdict').waitFor();
      const replayId = t.store.list({ limit: 1 })[0]!.id;
      const app = page.locator(`#rows tr[data-id="${replayId}"] td.c-app`);
      await app.waitFor();
      expect(await app.textContent()).toBe('500 ✗ resend');
      expect(await app.getAttribute('class')).toBe('c-app bad');
      expect(await app.getAttribute('title')).toBe(t.store.get(replayId).forward!.verdict);
    } finally {
      await receiver.close();
    }
  });
});

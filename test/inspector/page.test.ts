import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildReplay } from '../../src/capture/replay.js';
import { parseBody } from '../../src/core/body.js';
import { smsc } from '../../src/providers/smsc/index.js';
import { runCli } from '../helpers/cli.js';
import { http, startReceiver } from '../helpers/receiver.js';
import { launchBrowser, openPage } from './browser.js';
import { startInspected, type InspectedSession } from './helpers.js';

const FORM = 'application/x-www-form-urlencoded';
let browser: Browser;
let t: InspectedSession;
let context: BrowserContext;
let page: Page;
let dialogs: string[];
let errors: string[];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser.close());

async function open(secrets: Record<string, string> = {}, path = ''): Promise<void> {
  t = await startInspected(secrets);
  ({ context, page, dialogs, errors } = await openPage(browser, t.inspector.url.slice(0, -1)));
  await page.goto(`${t.inspector.url}${path}`);
}
afterEach(async () => {
  await context?.close();
  await t?.close();
  expect(errors).toEqual([]);
});

async function post(path: string, body: string | Buffer, type = FORM): Promise<string> {
  const next = t.nextCapture();
  const res = await request(`${t.url}${path}`, { method: 'POST', body, headers: { 'content-type': type } });
  await res.body.dump();
  return (await next).record.id;
}
// Page-side code as strings: this file is type-checked without the DOM library.
const rowIds = (): Promise<string[]> => page.evaluate<string[]>("[...document.querySelectorAll('#rows tr.row')].map((tr) => tr.dataset.id)");
const hash = (): Promise<string> => page.evaluate<string>('location.hash');
const row = (id: string) => page.locator(`#rows tr[data-id="${id}"]`);

describe('inspector page in a browser', () => {
  it('a capture sent by `send` appears live, with the TUI columns, its meaning and its timeline', async () => {
    await open();
    await page.waitForSelector('#status:has-text("no captures yet")');
    const first = await runCli(['send', '--provider', 'smsc', '--fixture', 'sent', '--set', 'id=555', '--to', `${t.url}/smsc`, '--no-retry']);
    expect(first.code).toBe(0);
    const [sentId] = t.store.list({ limit: 1 }).map((r) => r.id);
    await expect.poll(() => rowIds()).toEqual([sentId]);
    const second = await runCli(['send', '--provider', 'smsc', '--fixture', 'delivered', '--set', 'id=555', '--to', `${t.url}/smsc`, '--no-retry']);
    expect(second.code).toBe(0);
    const [deliveredId] = t.store.list({ limit: 1 }).map((r) => r.id);
    // Newest first, without a reload.
    await expect.poll(() => rowIds()).toEqual([deliveredId, sentId]);
    const cells = await row(deliveredId!).locator('td').allTextContents();
    expect(cells.slice(3, 9)).toEqual(['smsc', 'status', '555', '79991234567', 'delivered', '*']);
    expect(cells[10]).toMatch(/^Delivered: /);
    await row(deliveredId!).click();
    await expect.poll(() => hash()).toBe(`#/capture/${deliveredId}`);
    const body = page.locator('#tab-body');
    await body.locator('text=Timeline of message 555').waitFor();
    expect(await body.locator('ol.timeline li').allTextContents()).toEqual([
      expect.stringMatching(new RegExp(`^Transferred to operator ${sentId} `)),
      expect.stringMatching(new RegExp(`^Delivered \\(final\\) ${deliveredId} `)),
    ]);
    expect(await body.textContent()).toContain('final: delivered');
  });

  it('the filter narrows the list (live too), is kept in ?q= and survives a reload', async () => {
    await open();
    const smscId = await post('/smsc', 'id=1&phone=79990001111&status=1&err=0');
    const webcomId = await post('/webcom', '[{"id_sms":77,"state":"deliver"}]', 'application/json');
    await expect.poll(() => rowIds()).toEqual([webcomId, smscId]);
    await page.keyboard.press('/');
    await page.keyboard.type('provider:webcom');
    await expect.poll(() => rowIds()).toEqual([webcomId]);
    expect(new URL(page.url()).searchParams.get('q')).toBe('provider:webcom');
    // New captures are filtered as they arrive.
    const laterWebcom = await post('/webcom', '[{"id_sms":78,"state":"deliver"}]', 'application/json');
    await post('/smsc', 'id=2&phone=79990001111&status=1&err=0');
    await expect.poll(() => rowIds()).toEqual([laterWebcom, webcomId]);
    await page.reload();
    expect(await page.inputValue('#filter')).toBe('provider:webcom');
    await expect.poll(() => rowIds()).toEqual([laterWebcom, webcomId]);
    // Esc in the box clears it and every capture is back.
    await page.focus('#filter');
    await page.keyboard.press('Escape');
    await expect.poll(() => (rowIds().then((ids) => ids.length))).toBe(4);
    expect(new URL(page.url()).search).toBe('');
    // A word that can match nothing says why the list is empty, as list does.
    await page.keyboard.press('/');
    await page.keyboard.type('outcome:faild');
    await expect.poll(() => page.textContent('#status')).toBe('no outcome "faild"; did you mean failed? use one of: pending, sent, delivered, read, failed, expired, unknown');
  });

  it('follows the newest while at the top; scrolled away, the list stays put and counts what came; older pages load at the bottom', async () => {
    t = await startInspected();
    const form = (n: number) => Buffer.from(`id=${n}&phone=7999000${n}&status=1&err=0`);
    t.store.insertBatch(Array.from({ length: 150 }, (_, n) => ({
      capture: { method: 'POST', url: '/smsc', headers: [['Content-Type', FORM]], body: form(n), receivedAt: Date.now(), remote: '127.0.0.1:1', size: null, truncated: false, answer: null },
      events: [],
    })));
    ({ context, page, dialogs, errors } = await openPage(browser, t.inspector.url.slice(0, -1)));
    await page.goto(t.inspector.url);
    await expect.poll(() => rowIds().then((ids) => ids.length)).toBe(60);
    const newestStored = t.store.list({ limit: 1 })[0]!.id;
    expect((await rowIds())[0]).toBe(newestStored);
    const live = await post('/smsc', 'id=900&phone=79990000900&status=1&err=0');
    await expect.poll(async () => (await rowIds())[0]).toBe(live);
    // Scrolled down a little: new captures do not move the list.
    await page.evaluate("document.getElementById('list-pane').scrollTop = 200");
    const unseen = await post('/smsc', 'id=901&phone=79990000901&status=1&err=0');
    await page.locator('#newer', { hasText: '↑ 1 new' }).waitFor();
    expect((await rowIds())[0]).toBe(live);
    await page.click('#newer');
    await expect.poll(async () => (await rowIds())[0]).toBe(unseen);
    await expect.poll(() => page.isHidden('#newer')).toBe(true);
    // At the bottom the next page comes from the store, down to the oldest.
    await expect.poll(async () => {
      await page.evaluate("document.getElementById('list-pane').scrollTop = 1e9");
      return (await rowIds()).length;
    }).toBe(152);
    expect((await rowIds()).at(-1)).toBe(t.store.list().at(-1)!.id);
  });

  it('j/k move the selection, Enter opens the details, Esc closes them', async () => {
    await open();
    const a = await post('/smsc', 'id=1&phone=79990001111&status=0&err=0');
    const b = await post('/smsc', 'id=2&phone=79990002222&status=1&err=0');
    await expect.poll(() => rowIds()).toEqual([b, a]);
    const selected = (): Promise<string> => page.evaluate<string>(`document.querySelector('#rows tr[aria-selected="true"]').dataset.id`);
    await expect.poll(selected).toBe(b);
    await page.keyboard.press('j');
    expect(await selected()).toBe(a);
    await page.keyboard.press('k');
    expect(await selected()).toBe(b);
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await expect.poll(() => hash()).toBe(`#/capture/${a}`);
    await page.locator('#details h2', { hasText: a }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.isHidden('#details')).toBe(true);
  });

  it('a deep link opens the details, with the body raw (bytes as sent) and in hex', async () => {
    // "Привет мир" in windows-1251, as SMSC.ru sends incoming messages.
    t = await startInspected();
    const id = await post('/smsc', 'id=555&phone=79991234567&mes=%CF%F0%E8%E2%E5%F2+%EC%E8%F0&to=79990000000');
    ({ context, page, dialogs, errors } = await openPage(browser, t.inspector.url.slice(0, -1)));
    await page.goto(`${t.inspector.url}#/capture/${id}`);
    await page.locator('#details h2', { hasText: id }).waitFor();
    expect(await page.locator('#tab-body').textContent()).toContain('Привет мир');
    await page.click('button[data-tab="raw"]');
    expect(await page.locator('#tab-body pre.raw').textContent()).toBe('id=555&phone=79991234567&mes=%CF%F0%E8%E2%E5%F2+%EC%E8%F0&to=79990000000');
    await page.click('button[data-tab="hex"]');
    const hex = await page.locator('#tab-body pre.hex').textContent();
    expect(hex!.split('\n')[0]).toBe('00000000  69 64 3d 35 35 35 26 70 68 6f 6e 65 3d 37 39 39  id=555&phone=799');
    await page.click('button[data-tab="fields"]');
    expect(await page.locator('#body-fields').locator('tr', { hasText: 'mes' }).locator('td').textContent()).toBe('Привет мир');
  });

  it('copy as curl puts exactly the text of `export --format curl` on the clipboard (secrets masked alike)', async () => {
    await open({ smsc: 'my_secret-1' });
    const zender = await post('/zender', 'secret=MY_SECRET_42&type=sms&data%5Bid%5D=2&data%5Bphone%5D=%2B639760713666&data%5Bmessage%5D=Hello+World%21');
    await page.goto(`${t.inspector.url}#/capture/${zender}`);
    await page.locator('#details h2', { hasText: zender }).waitFor();
    await page.click('#copy-curl');
    await page.locator('#status:has-text("curl command copied")').waitFor();
    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    const exported = await runCli(['export', '--format', 'curl', '--store', t.storePath, zender], { env: { WEBHOOK_KIT_SECRET_SMSC: 'my_secret-1' } });
    expect(exported.code).toBe(0);
    expect(copied).toBe(exported.stdout.toString().replace(/\n$/, ''));
    expect(copied).not.toContain('MY_SECRET_42');
    expect(copied).toContain('<secret sha256:');
  });

  it('replay sends the stored bytes to a receiver; edit-and-replay sends the edited fields re-encoded and re-signed', async () => {
    const receiver = await startReceiver(() => http(200, 'OK'));
    try {
      await open();
      const body = 'id=901&phone=79991234567&status=0&err=0&time=1700000000&md5=0000';
      const id = await post('/smsc/handler.php', body);
      await page.goto(`${t.inspector.url}#/capture/${id}/replay`);
      await page.fill('#replay-url', `${receiver.url}/sms`);
      await page.click('#replay-send');
      await page.locator('#replay-verdict').waitFor();
      expect(receiver.requests).toHaveLength(1);
      expect(receiver.requests[0]!.body.toString('latin1')).toBe(body);
      expect(receiver.requests[0]!.target).toBe('/sms');
      expect(await page.locator('#replay-verdict').textContent()).toMatch(/^✓ 200: /);

      await page.fill('input[data-field="status"]', '1');
      await page.check('#resign');
      await page.fill('#resign-secret', 'my_secret-1');
      await page.click('#edit-send');
      await expect.poll(() => receiver.requests.length).toBe(2);
      const got = receiver.requests[1]!;
      const expected = buildReplay(t.store.get(id), { to: `${receiver.url}/sms`, set: { status: '1' }, resignWith: 'my_secret-1', timeoutMs: 1000 });
      expect(got.body.equals(expected.body)).toBe(true);
      const sent = { method: got.method, url: got.target, headers: got.headers, body: got.body };
      expect(parseBody(sent).pairs).toContainEqual(['status', '1']);
      expect(smsc.verify(sent, parseBody(sent), 'my_secret-1').state).toBe('valid');
      // The verdict and the replay, stored linked to its original, arrive in the list.
      await expect.poll(() => page.locator('#replay-verdict').textContent()).toMatch(/^✓ 200: /);
      const replayId = t.store.list({ limit: 1 })[0]!.id;
      expect(t.store.get(replayId).replayOf).toBe(id);
      await expect.poll(() => rowIds()).toContain(replayId);
    } finally {
      await receiver.close();
    }
  });

  it('a hostile payload renders as inert text: no dialog, no element made from it, escapes shown', async () => {
    await open();
    const evil = '<img src=x onerror=alert(1)><script>alert(2)</script>\u001b]0;pwn\u0007\u202e';
    const id = await post(`/smsc?x=${encodeURIComponent('<svg onload=alert(3)>')}`, `id=${encodeURIComponent(evil)}&phone=${encodeURIComponent('<b>7</b>')}&mes=${encodeURIComponent(evil)}`);
    const textId = await post('/hook', evil, 'text/html');
    await expect.poll(() => rowIds()).toEqual([textId, id]);
    for (const target of [id, textId]) {
      await page.goto(`${t.inspector.url}#/capture/${target}`);
      await page.locator('#details h2', { hasText: target }).waitFor();
      for (const tab of ['decoded', 'fields', 'json', 'headers', 'body', 'raw', 'hex', 'answer', 'replay']) {
        await page.click(`button[data-tab="${tab}"]`);
        await page.locator(`button[data-tab="${tab}"][aria-selected="true"]`).waitFor();
      }
    }
    const shown = '<img src=x onerror=alert(1)><script>alert(2)</script>\\x1b]0;pwn\\x07\\u202e';
    await page.click('button[data-tab="body"]');
    // Read as XML (it starts with a tag), so re-indented: one element a line.
    expect((await page.locator('#tab-body pre.body').textContent())!.replace(/\n */g, '')).toBe(shown);
    await page.goto(`${t.inspector.url}#/capture/${id}/fields`);
    await page.locator('#details h2', { hasText: id }).waitFor();
    expect(await page.locator('#body-fields').locator('tr', { hasText: 'mes' }).locator('td').textContent()).toBe(shown);
    expect(await page.locator('#rows').textContent()).toContain('<b>7</b>');
    const made = await page.evaluate("({ img: document.querySelectorAll('img, svg, b').length, scripts: [...document.scripts].map((s) => s.getAttribute('src')) })");
    expect(made).toEqual({ img: 0, scripts: ['/app.js'] });
    expect(dialogs).toEqual([]);
  });
});

import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli, startListen, type ListenChild } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { launchBrowser, openPage } from './browser.js';

// The inspector as `listen` serves it: named in the ready line, on its own loopback port, with
// the public URL, its probe and the lines to paste into each gateway in the page's header.
const tmp = tempDir('wk-inspector-listen-');
let browser: Browser;
let listen: ListenChild | undefined;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  listen?.child.kill('SIGTERM');
  await listen?.exit;
  await browser.close();
  tmp.cleanup();
});

describe('listen serves the browser inspector', () => {
  it('names it in the ready line and shows the public URL, a failed probe and the paste-this URLs', async () => {
    // Nothing listens on port 1: the probe fails, and the page must say so.
    listen = await startListen(['--store', join(tmp.dir, 'c.db'), '--public-url', 'http://127.0.0.1:1/'], { WEBHOOK_KIT_INSPECTOR_PORT: '0' });
    // The tunnel line follows the ready line.
    const tunnelLine = await vi.waitFor(
      () => {
        const line = listen!.lines.find((l) => l.type === 'tunnel');
        if (!line) throw new Error('no tunnel line yet');
        return line;
      },
      { timeout: 10_000 },
    );
    expect(tunnelLine.reachable).toBe(false);
    const inspector = (await readyInspector(listen))!;
    expect(inspector).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(new URL(inspector).port).not.toBe(new URL(listen.url).port);
    const { page, context, errors } = await openPage(browser, inspector.replace(/\/$/, ''));
    try {
      await page.goto(inspector);
      await page.locator('#tunnel').filter({ hasText: 'probe FAILED' }).waitFor();
      expect(await page.locator('#tunnel').textContent()).toContain('public http://127.0.0.1:1');
      await page.locator('#callbacks summary').click();
      await page.locator('#callbacks').filter({ hasText: 'http://127.0.0.1:1/smsc?charset=utf-8' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('--no-inspector: the ready line says null and nothing is served', async () => {
    const off = await startListen(['--store', join(tmp.dir, 'd.db'), '--no-inspector']);
    try {
      expect(await readyInspector(off)).toBeNull();
      expect(off.stderr()).not.toContain('inspector');
    } finally {
      off.child.kill('SIGTERM');
      await off.exit;
    }
  });

  it('a port already in use falls back to a free one and says so, listen goes on', async () => {
    const first = await startListen(['--store', join(tmp.dir, 'e.db')], { WEBHOOK_KIT_INSPECTOR_PORT: '0' });
    const taken = new URL((await readyInspector(first))!).port;
    const second = await runCli(['listen', '--port', '0', '--no-tui', '--store', join(tmp.dir, 'f.db'), '--inspector-port', taken, '--timeout', '300ms']);
    first.child.kill('SIGTERM');
    await first.exit;
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(new RegExp(`port ${taken} is in use, so the inspector is on http://127\\.0\\.0\\.1:\\d+/ instead`));
    expect(second.stderr).toMatch(/ {2}inspector: http:\/\/127\.0\.0\.1:\d+\/ {2}\(open it in a browser\)/);
  });
});

/** The inspector URL of a running listen, from its ready line. */
const readyInspector = async (l: ListenChild): Promise<string | null> => l.ready.inspector as string | null;

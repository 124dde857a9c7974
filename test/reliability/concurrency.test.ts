import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/capture/store.js';
import { runCli, startListen, type ListenChild } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const PACED_LOAD = fileURLToPath(new URL('./helpers/paced-load.mjs', import.meta.url));
const RATE = 1000;
/** The load runs while the readers do, and stops when told; this only bounds it. */
const MAX_SECONDS = 30;

let listen: ListenChild | undefined;
const tmp = tempDir();
afterEach(() => {
  listen?.child.kill('SIGKILL');
  tmp.cleanup();
});

const jsonLines = (b: Buffer): Array<Record<string, unknown>> =>
  b.toString().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('concurrency', () => {
  it('list, show and export from another process answer correctly during ~1,000 req/s and do not block the listener', async () => {
    const store = join(tmp.dir, 'busy.db');
    listen = await startListen(['--store', store]);
    const load = spawn(process.execPath, [PACED_LOAD, listen.url, String(RATE), String(MAX_SECONDS)]);
    let answered = 0;
    let summary: { sent: number; ok: number; failed: number; skipped: number } | undefined;
    const waiters: Array<{ n: number; resolve: () => void }> = [];
    createInterface({ input: load.stdout }).on('line', (line) => {
      if (line.startsWith('a ')) answered++;
      else summary = JSON.parse(line) as typeof summary;
      for (const w of waiters.filter((x) => answered >= x.n)) w.resolve();
    });
    const loadDone = once(load, 'close');
    await new Promise<void>((resolve) => waiters.push({ n: 300, resolve }));

    const during = { list: 0, show: 0, export: 0 };
    for (let round = 0; round < 3; round++) {
      let before = answered;
      const list = await runCli(['list', '--json', '--limit', '20', '--store', store]);
      during.list += answered - before;
      expect(list.code).toBe(0);
      const listed = jsonLines(list.stdout);
      expect(listed).toHaveLength(20);
      expect(new Set(listed.map((c) => c.id)).size).toBe(20);
      expect(listed.every((c) => c.type === 'capture' && typeof c.path === 'string')).toBe(true);

      before = answered;
      const show = await runCli(['show', listed[5]!.id as string, '--json', '--store', store]);
      during.show += answered - before;
      expect(show.code).toBe(0);
      expect(jsonLines(show.stdout)[0]).toEqual(listed[5]);

      before = answered;
      const exported = await runCli(['export', '--store', store]);
      during.export += answered - before;
      expect(exported.code).toBe(0);
      const all = jsonLines(exported.stdout);
      const ids = new Set(all.map((c) => c.id));
      expect(listed.every((c) => ids.has(c.id))).toBe(true);
      expect(ids.size).toBe(all.length);
    }
    expect(load.exitCode).toBeNull(); // the load was still running through every round
    load.stdin.end();
    await loadDone;
    // The listener kept answering while the readers ran, and answered every request 2xx.
    expect(during.list).toBeGreaterThan(0);
    expect(during.show).toBeGreaterThan(0);
    expect(during.export).toBeGreaterThan(0);
    expect(summary).toBeDefined();
    expect(summary!.failed).toBe(0);
    expect(summary!.ok).toBe(summary!.sent);
    listen.child.kill('SIGTERM');
    expect(await listen.exit).toBe(0);
    const s = Store.open(store);
    expect(s.count()).toBe(summary!.ok);
    s.close();
  }, 60_000);
});

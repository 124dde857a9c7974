import { statSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../../src/capture/store.js';
import { runCli, startListen, type ListenChild } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

let listen: ListenChild | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  listen?.child.kill('SIGTERM');
  await listen?.exit;
  listen = undefined;
  cleanups.splice(0).forEach((c) => c());
});

const MiB = 1024 * 1024;

async function post(url: string, body: string): Promise<number> {
  const res = await request(url, { method: 'POST', body, headers: { 'content-type': 'text/plain' } });
  await res.body.dump();
  return res.statusCode;
}

describe('--retention rotate: a capped store keeps the newest callbacks', () => {
  it('6 MB into a 2 MB store: every request answered 2xx, the newest kept, the file near its cap, said once', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const file = join(dir, 'c.db');
    listen = await startListen(['--store', file, '--max-store-size', '2m', '--retention', 'rotate']);
    const bodies = Array.from({ length: 60 }, (_, i) => `${String(i).padStart(3, '0')}:${'x'.repeat(100 * 1024)}`);
    const statuses: number[] = [];
    // One at a time: "the newest" is then the order they were sent in.
    for (const b of bodies) statuses.push(await post(`${listen.url}/hook`, b));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    await listen.captures(60);
    listen.child.kill('SIGTERM');
    expect(await listen.exit).toBe(0);
    const announced = listen.stderr().split('\n').filter((l) => l.includes('oldest capture'));
    expect(announced).toHaveLength(1);
    expect(announced[0]).toMatch(/is full: \d+ oldest captures? deleted to keep the newest \(--retention rotate\)/);
    listen = undefined;

    const size = statSync(file).size;
    expect(size).toBeLessThanOrEqual(2 * MiB);
    expect(size).toBeGreaterThan(1 * MiB);
    const store = Store.open(file, { readonly: true });
    try {
      const kept = [...store.iterate()].map((r) => r.body.toString().slice(0, 3));
      expect(kept.length).toBeGreaterThan(5);
      expect(kept.length).toBeLessThan(60);
      // Exactly the newest ones, in order, with no gap.
      expect(kept).toEqual(bodies.slice(60 - kept.length).map((b) => b.slice(0, 3)));
    } finally {
      store.close();
    }
  });

  it('--max-captures keeps that many, newest; refuse (the default) answers 500 past it and stores nothing', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    listen = await startListen(['--store', join(dir, 'r.db'), '--max-captures', '3', '--retention', 'rotate']);
    for (let i = 0; i < 5; i++) expect(await post(`${listen.url}/hook`, `r${i}`)).toBe(200);
    const listed = await runCli(['list', '--store', join(dir, 'r.db'), '--json']);
    expect(listed.stdout.toString().trim().split('\n').map((l) => (JSON.parse(l) as { fields: unknown; size: number }).size)).toHaveLength(3);
    listen.child.kill('SIGTERM');
    await listen.exit;

    listen = await startListen(['--store', join(dir, 'f.db'), '--max-captures', '2']);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await post(`${listen.url}/hook`, `f${i}`));
    expect(answers).toEqual([200, 200, 500]);
    // The line names the cap that was hit, and its fixes (not --max-store-size).
    await vi.waitFor(() => expect(listen!.stderr()).toContain('is full (at --max-captures 2): callbacks are answered 500 and not stored until it writes again; raise --max-captures, pass --retention rotate to keep the newest, or run `webhook-kit clear`'));
    listen.child.kill('SIGTERM');
    await listen.exit;
    // Started again at its cap: told before the first callback.
    listen = await startListen(['--store', join(dir, 'f.db'), '--max-captures', '2']);
    await vi.waitFor(() => expect(listen!.stderr()).toContain(`warning: the store ${join(dir, 'f.db')} holds 2 captures, --max-captures 2: callbacks will be answered 500 and not stored; raise --max-captures, pass --retention rotate to keep the newest, or run \`webhook-kit clear\``));
    const store = Store.open(join(dir, 'f.db'), { readonly: true });
    try {
      expect([...store.iterate()].map((r) => r.body.toString())).toEqual(['f0', 'f1']);
    } finally {
      store.close();
    }
  });
});

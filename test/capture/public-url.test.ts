import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFilter } from '../../src/capture/filter.js';
import { factsKeyOf } from '../../src/capture/store-facts.js';
import { Store } from '../../src/capture/store.js';
import { listSamples, loadSample } from '../../src/core/samples.js';
import { runCli, startListen, type ListenChild } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { unclaimedPort } from '../helpers/ports.js';

const tmp = tempDir('wk-public-url-');
afterAll(() => tmp.cleanup());

/** Resolves once `ok()` holds, checked after each chunk listen writes. */
function after(listen: ListenChild, ok: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const later = (): void =>
      void setImmediate(() => {
        if (!ok()) return;
        listen.child.stdout.off('data', later);
        resolve();
      });
    listen.child.stdout.on('data', later);
    void listen.exit.then(() => (ok() ? resolve() : reject(new Error(`listen exited; stderr: ${listen.stderr()}`))));
    later();
  });
}

const json = (out: Buffer): Array<Record<string, unknown>> => out.toString().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('publicUrl is stored with each capture (listen --public-url) and shown after the fact', () => {
  it('by list --json, show, show --json, export ndjson and har; list filters served by the facts listen stored', async () => {
    const store = join(tmp.dir, 'c.db');
    const port = await unclaimedPort();
    const pub = `http://127.0.0.1:${port}`;
    const listen = await startListen(['--port', String(port), '--public-url', `${pub}/`, '--store', store], { WEBHOOK_KIT_HOME: tmp.dir });
    // The probe went through the public URL and reached this listen.
    await after(listen, () => listen.lines.some((l) => l.type === 'tunnel'));
    expect(listen.lines.find((l) => l.type === 'tunnel')).toMatchObject({ publicUrl: pub, state: 'up', reachable: true });
    const zender = loadSample(listSamples('zender').find((s) => s.name === 'incoming')!);
    for (const [path, body, headers] of [
      ['/smsc', 'id=7&phone=79991234567&status=1&err=0', { 'content-type': 'application/x-www-form-urlencoded' }],
      [zender.url, zender.body, Object.fromEntries(zender.headers.filter(([k]) => !/^(host|content-length)$/i.test(k)))],
    ] as const) {
      const res = await request(`${pub}${path}`, { method: 'POST', body, headers });
      await res.body.dump();
      expect(res.statusCode).toBe(200);
    }
    const live = await listen.captures(2);
    listen.child.kill('SIGTERM');
    expect(await listen.exit).toBe(0);
    expect(live.map((c) => c.publicUrl)).toEqual([`${pub}/smsc`, `${pub}${zender.url}`]);

    const listed = json((await runCli(['list', '--json', '--store', store])).stdout);
    expect(listed.map((c) => c.publicUrl)).toEqual([`${pub}${zender.url}`, `${pub}/smsc`]);
    const smscId = listed[1]!.id as string;
    expect((await runCli(['show', smscId, '--store', store])).stdout.toString()).toContain(`called as ${pub}/smsc`);
    expect(json((await runCli(['show', smscId, '--json', '--store', store])).stdout)[0]).toMatchObject({ id: smscId, publicUrl: `${pub}/smsc` });
    expect(json((await runCli(['export', '--store', store])).stdout).map((c) => c.publicUrl)).toEqual([`${pub}/smsc`, `${pub}${zender.url}`]);
    const har = JSON.parse((await runCli(['export', '--format', 'har', '--store', store])).stdout.toString()) as { log: { entries: Array<{ _webhookKit: { publicUrl: string } }> } };
    expect(har.log.entries.map((e) => e._webhookKit.publicUrl)).toEqual([`${pub}/smsc`, `${pub}${zender.url}`]);

    // listen stored each capture's filter facts: SQLite alone picks the zender capture.
    const s = Store.open(store, { readonly: true });
    expect([...s.iterate({ filter: parseFilter('provider:zender'), factsKey: factsKeyOf({}) })].map((r) => r.publicUrl)).toEqual([`${pub}${zender.url}`]);
    expect([...s.iterate({ filter: parseFilter('provider:webcom'), factsKey: factsKeyOf({}) })]).toEqual([]);
    s.close();
    expect(json((await runCli(['list', '--json', '--provider', 'zender', '--store', store])).stdout).map((c) => c.provider)).toEqual(['zender']);
  });
});

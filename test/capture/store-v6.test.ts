import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, V6_COLUMNS } from '../../src/capture/migrations.js';
import { Store } from '../../src/capture/store.js';
import { listSamples, loadSample } from '../../src/core/samples.js';
import { runCli } from '../helpers/cli.js';
import { columnsOf, schemaVersion, storeAtVersion } from '../helpers/old-store.js';
import { tempDir } from '../helpers/tmp.js';

// Schema v6 (public_url and the filter facts) over a store an earlier webhook-kit wrote at v5.
const tmp = tempDir('wk-v6-');
afterAll(() => tmp.cleanup());
let n = 0;

const SMSC = loadSample(listSamples('smsc').find((s) => s.name === 'delivered')!);
const ZENDER = loadSample(listSamples('zender').find((s) => s.name === 'incoming')!);

/** A v5 store as webhook-kit wrote it before v6: an SMSC.ru and a Zender capture, no facts, no public_url column. */
function v5Store(): string {
  return storeAtVersion(join(tmp.dir, `${n++}-v5.db`), 5, (db) => {
    const insert = db.prepare('INSERT INTO captures (id, received_at, method, url, headers, remote, body, size, truncated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)');
    insert.run('smscq7', Date.now(), SMSC.method, SMSC.url, JSON.stringify(SMSC.headers), 'x', SMSC.body, SMSC.body.length);
    insert.run('zendq8', Date.now(), ZENDER.method, ZENDER.url, JSON.stringify(ZENDER.headers), 'x', ZENDER.body, ZENDER.body.length);
  });
}

const columns = (file: string): string[] => columnsOf(file, 'captures');
const version = schemaVersion;

const listed = async (file: string, ...flags: string[]): Promise<string[]> => {
  const r = await runCli(['list', '--json', '--store', file, '--secret', 'smsc=my_secret-1', '--secret', 'zender=MY_SECRET', ...flags]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout.toString().trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { id: string }).id);
};

describe('a v5 store under schema v6', () => {
  it('opened read-only (list, show, export) is read and filtered as it is, and not written', async () => {
    const file = v5Store();
    const before = readFileSync(file);
    expect(await listed(file, '--provider', 'zender')).toEqual(['zendq8']);
    expect(await listed(file, '--signature', 'valid')).toEqual(['zendq8', 'smscq7']);
    expect(await listed(file, '--grep', 'no-such-text')).toEqual([]);
    const shown = JSON.parse((await runCli(['show', 'smscq7', '--json', '--store', file])).stdout.toString()) as Record<string, unknown>;
    expect(shown).toMatchObject({ id: 'smscq7', provider: 'smsc' });
    expect(shown).not.toHaveProperty('publicUrl');
    expect((await runCli(['export', '--store', file, '--provider', 'smsc'])).stdout.toString()).toContain('"id":"smscq7"');
    const store = Store.open(file, { readonly: true });
    expect(store.hasV6).toBe(false);
    expect(store.get('smscq7').publicUrl).toBeNull();
    store.close();
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(version(file)).toBe(5);
    expect(columns(file)).not.toContain('public_url');
  });

  it('opened writable is migrated: public_url and the facts columns added, old rows kept without facts and still filtered', async () => {
    const file = v5Store();
    Store.open(file).close();
    expect(version(file)).toBe(MIGRATIONS.length);
    expect(MIGRATIONS.length).toBe(7);
    expect(columns(file).slice(-V6_COLUMNS.split(' ').length)).toEqual(V6_COLUMNS.split(' '));
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM captures WHERE facts_key IS NULL AND public_url IS NULL').pluck().get()).toBe(2);
    db.close();
    expect(await listed(file, '--provider', 'zender')).toEqual(['zendq8']);
    expect(await listed(file, '--provider', 'smsc', '--signature', 'valid')).toEqual(['smscq7']);
    expect(await listed(file, '--flag', 'duplicate')).toEqual([]);
    // Opened again: nothing left to run.
    const again = Store.open(file);
    expect(again.hasV6).toBe(true);
    expect(again.get('zendq8').url).toBe(ZENDER.url);
    again.close();
  });
});

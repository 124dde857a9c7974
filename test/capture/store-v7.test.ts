import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/capture/store.js';
import { listSamples, loadSample } from '../../src/core/samples.js';
import { runCli } from '../helpers/cli.js';
import { columnsOf, storeAtVersion } from '../helpers/old-store.js';
import { tempDir } from '../helpers/tmp.js';

// Schema v7 (the part of a per-part status, capture_events.part) over a store an earlier webhook-kit wrote at v6.
const tmp = tempDir('wk-v7-');
afterAll(() => tmp.cleanup());
let n = 0;

const PART_1 = loadSample(listSamples('smsgate').find((s) => s.name === 'delivered-multipart-1')!);

/** A v6 store as webhook-kit wrote it before v7: part 1 of msg-long-9 reported twice (the same delivery re-sent), indexed without a part. */
function v6Store(): string {
  return storeAtVersion(join(tmp.dir, `${n++}-v6.db`), 6, (db) => {
    const insert = db.prepare('INSERT INTO captures (id, received_at, method, url, headers, remote, body, size, truncated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)');
    const event = db.prepare("INSERT INTO capture_events (capture_seq, provider, message_id, code) VALUES (?, 'smsgate', 'msg-long-9', 'sms:delivered')");
    for (const id of ['gatea1', 'gatea2']) {
      const { lastInsertRowid } = insert.run(id, Date.now(), PART_1.method, PART_1.url, JSON.stringify(PART_1.headers), 'x', PART_1.body, PART_1.body.length);
      event.run(lastInsertRowid);
    }
  });
}

const eventColumns = (file: string): string[] => columnsOf(file, 'capture_events');

describe('a v6 store under schema v7', () => {
  it('opened read-only (show) has its timeline read without parts, flagging no part re-sent, and is not written', async () => {
    const file = v6Store();
    const before = readFileSync(file);
    const shown = await runCli(['show', 'gatea2', '--store', file]);
    expect(shown.code, shown.stderr.toString()).toBe(0);
    // Indexed before parts were: which part each was is not known, so neither is a duplicate.
    expect(shown.stdout.toString()).toMatch(/timeline #msg-long-9: Delivered \(final\) gatea1 → \*Delivered \(final\) gatea2\n/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(eventColumns(file)).not.toContain('part');
  });

  it('opened writable is migrated: events get a part column, filled from the stored bodies (NULL where not JSON); a report indexed now has its part', async () => {
    const file = v6Store();
    const db = new Database(file);
    const { lastInsertRowid } = db.prepare("INSERT INTO captures (id, received_at, method, url, headers, remote, body, size, truncated) VALUES ('gatea3', 0, 'POST', '/smsgate', '[]', 'x', ?, 8, 0)").run(Buffer.from('not json'));
    db.prepare("INSERT INTO capture_events (capture_seq, provider, message_id, code) VALUES (?, 'smsgate', 'msg-long-9', 'sms:delivered')").run(lastInsertRowid);
    db.close();
    const store = Store.open(file);
    expect(eventColumns(file)).toEqual(['capture_seq', 'provider', 'message_id', 'code', 'part']);
    // The envelope id of each stored body, as smsgate/decode.ts reads it.
    expect(store.codesOf('smsgate', 'msg-long-9', Number.MAX_SAFE_INTEGER, 10)).toEqual([
      { code: 'sms:delivered', part: 'Mk1aPz8dRt3fUw6yBc2Ve' },
      { code: 'sms:delivered', part: 'Mk1aPz8dRt3fUw6yBc2Ve' },
      { code: 'sms:delivered', part: null },
    ]);
    store.insert({ ...PART_1, receivedAt: Date.now(), remote: 'x', size: PART_1.body.length, truncated: false, answer: null }, [{ provider: 'smsgate', messageId: 'msg-long-9', code: 'sms:delivered', part: 'Mk1bQy7eSu4gVx5zCd3Wf' }]);
    expect(store.latestCodes('smsgate', ['msg-long-9'], 10).get('msg-long-9')?.at(-1)).toEqual({ code: 'sms:delivered', part: 'Mk1bQy7eSu4gVx5zCd3Wf' });
    store.close();
    // The part re-sent before the upgrade is known after it: show's timeline flags it.
    const shown = await runCli(['show', 'gatea2', '--store', file]);
    expect(shown.stdout.toString()).toMatch(/timeline #msg-long-9: Delivered \(final\) gatea1 → \*Delivered \(final\) gatea2 \[duplicate\] → /);
  });
});

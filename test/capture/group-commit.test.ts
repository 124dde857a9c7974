import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GroupCommit, type CommitReports } from '../../src/capture/group-commit.js';
import type { CaptureRecord } from '../../src/capture/store.js';
import { Store } from '../../src/capture/store.js';
import { tempDir } from '../helpers/tmp.js';
import { newCapture } from '../helpers/records.js';

const capture = newCapture;

const reports = (): CommitReports & { calls: string[] } => {
  const calls: string[] = [];
  return { calls, failed: (e, n) => void calls.push(`failed ${n}: ${e.message}`), committed: (n) => void calls.push(`committed ${n}`), outcomesFailed: (_e, n) => void calls.push(`outcomes failed ${n}`) };
};

describe('group commit: answered only after commit', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  const open = (): { store: Store; file: string } => {
    const { dir, cleanup } = tempDir();
    const file = join(dir, 'c.db');
    const store = Store.open(file);
    cleanups.push(() => {
      store.close();
      cleanup();
    });
    return { store, file };
  };

  it('writes the captures of one turn in one transaction, and each done() sees its row committed', async () => {
    const { store, file } = open();
    const r = reports();
    const commits = new GroupCommit(store, r);
    const insertBatch = vi.spyOn(store, 'insertBatch');
    // Another connection sees only what is committed: what done() is told must already be there.
    const reader = Store.open(file, { readonly: true });
    cleanups.unshift(() => reader.close());
    const seen: Array<{ id: string; visible: boolean }> = [];
    const all = [1, 2, 3].map(
      (n) =>
        new Promise<void>((resolve) =>
          commits.enqueue({
            capture: capture(n),
            events: [{ provider: 'smsc', messageId: 'm1', code: '1' }],
            flags: (codesOf) => [codesOf('smsc', 'm1').some((r) => r.code === '1') ? ['duplicate'] : []],
            done: (rec, flags) => {
              const record = rec as CaptureRecord;
              seen.push({ id: record.id, visible: reader.get(record.id).url === `/c${n}` });
              expect(flags).toEqual([n === 1 ? [] : ['duplicate']]);
              resolve();
            },
          }),
        ),
    );
    expect(insertBatch).not.toHaveBeenCalled();
    await Promise.all(all);
    expect(insertBatch).toHaveBeenCalledTimes(1);
    expect(seen.map((s) => s.visible)).toEqual([true, true, true]);
    expect(r.calls).toEqual(['committed 3']);
  });

  it('an app answer resolves once written, riding in the next commit', async () => {
    const { store, file } = open();
    const commits = new GroupCommit(store, reports());
    const record = await new Promise<CaptureRecord>((resolve) => commits.enqueue({ capture: capture(1), events: [], flags: () => [], done: (r) => resolve(r as CaptureRecord) }));
    const forward = { url: 'http://app/x', status: 200, latencyMs: 1, verdict: 'ok', accepted: true, error: null, errorKind: null };
    await commits.recordOutcome(record.seq, { status: 200, headers: [], body: Buffer.from('OK') }, forward);
    const reader = Store.open(file, { readonly: true });
    try {
      const stored = reader.get(record.id);
      expect(stored.answer?.body.toString()).toBe('OK');
      expect(stored.forward).toEqual(forward);
    } finally {
      reader.close();
    }
  });

  it("an app answer that arrives between captures waits for the next one and rides in its transaction", async () => {
    const { store } = open();
    const commits = new GroupCommit(store, reports());
    const stored = (n: number) => new Promise<CaptureRecord>((resolve) => commits.enqueue({ capture: capture(n), events: [], flags: () => [], done: (r) => resolve(r as CaptureRecord) }));
    const first = await stored(1);
    const insertBatch = vi.spyOn(store, 'insertBatch');
    const setOutcomes = vi.spyOn(store, 'setOutcomes');
    const written = commits.recordOutcome(first.seq, { status: 200, headers: [], body: Buffer.from('OK') }, null);
    // A later turn of the event loop, as the client's next request would come.
    await new Promise((resolve) => setImmediate(resolve));
    const second = stored(2);
    await Promise.all([written, second]);
    expect(setOutcomes).not.toHaveBeenCalled();
    expect(insertBatch).toHaveBeenCalledTimes(1);
    expect(insertBatch.mock.calls[0]![1]).toEqual([expect.objectContaining({ seq: first.seq })]);
    expect(store.get(first.id).answer?.status).toBe(200);
  });

  it('an app answer with no capture after it is still written on its own', async () => {
    const { store } = open();
    const commits = new GroupCommit(store, reports());
    const first = await new Promise<CaptureRecord>((resolve) => commits.enqueue({ capture: capture(1), events: [], flags: () => [], done: (r) => resolve(r as CaptureRecord) }));
    await commits.recordOutcome(first.seq, { status: 201, headers: [], body: Buffer.from('OK') }, null);
    expect(store.get(first.id).answer?.status).toBe(201);
  });

  it('a failed commit tells every waiter the error (never a stored record) and reports the batch once', async () => {
    const { store } = open();
    const r = reports();
    const commits = new GroupCommit(store, r);
    vi.spyOn(store, 'insertBatch').mockImplementation(() => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    });
    const results = await Promise.all(
      [1, 2].map((n) => new Promise<CaptureRecord | Error>((resolve) => commits.enqueue({ capture: capture(n), events: [], flags: () => [], done: (rec) => resolve(rec) }))),
    );
    expect(results.every((x) => x instanceof Error)).toBe(true);
    expect(r.calls).toEqual(['failed 2: database or disk is full']);
  });
});

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIdFor } from '../../src/capture/capture-id.js';
import { MIGRATIONS } from '../../src/capture/migrations.js';
import { Store } from '../../src/capture/store.js';
import { BIN, runCli, startListen } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

// Issue #19, "Records that must match the wire": what the store says happened is what the
// client (or the listener) saw, played with the built CLI as a user would.

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** `listen` in plain-line mode with its ready URL. */
async function listen(args: string[]): Promise<{ url: string; stop: (signal: NodeJS.Signals) => Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, 'listen', '--no-tui', '--port', '0', ...args], { env: { ...process.env, NO_COLOR: '1' } });
  const exit = once(child, 'close').then(([code]) => code as number | null);
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]!);
    });
    void exit.then((code) => reject(new Error(`listen exited ${code}: ${err}`)));
  });
  return { url, stop: (signal) => (child.kill(signal), exit) };
}

/** Posts a delivery report; resolves with the status, or 'reset' when the connection died without an answer. */
function post(url: string): Promise<number | 'reset'> {
  return new Promise((resolve) => {
    const req = request(`${url}/smsc`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', () => resolve('reset'));
    req.end('id=1&phone=79991234567&status=1&err=0&time=1700000000');
  });
}

/** Resolves once the store holds `n` captures (the capture is stored before its answer). */
async function stored(file: string, n: number): Promise<void> {
  for (;;) {
    try {
      const s = Store.open(file, { readonly: true });
      const got = s.count();
      s.close();
      if (got >= n) return;
    } catch {
      // Not created yet.
    }
    await new Promise((r) => setImmediate(r));
  }
}

const onlyCapture = (file: string) => {
  const s = Store.open(file, { readonly: true });
  const [r] = s.list();
  s.close();
  return r!;
};

describe('an answer in flight when listen stops', () => {
  it('is recorded as not sent when the client never got it (SIGTERM during --respond-delay), completed when within the grace (Ctrl-C)', async () => {
    const store = join(tmp.dir, 'cut.db');
    const l = await listen(['--store', store, '--respond-delay', '60000']);
    const answered = post(l.url);
    await stored(store, 1);
    expect(await l.stop('SIGTERM')).toBe(0);
    expect(await answered).toBe('reset');
    expect(onlyCapture(store).answer).toBeNull();
    const list = await runCli(['list', '--store', store]);
    expect(list.stdout.toString()).not.toContain('→ 200');
    const show = await runCli(['show', onlyCapture(store).id, '--store', store]);
    expect(show.stdout.toString()).toContain('Answered: nothing reached the client');

    // Within the grace (README: 1 s) the answer is completed instead, and recorded as sent.
    const graceStore = join(tmp.dir, 'grace.db');
    const g = await listen(['--store', graceStore, '--respond-delay', '200']);
    const graced = post(g.url);
    await stored(graceStore, 1);
    expect(await g.stop('SIGINT')).toBe(130);
    expect(await graced).toBe(200);
    expect(onlyCapture(graceStore).answer?.status).toBe(200);
  });
});

describe('replay to a listener on the same store', () => {
  it('leaves one record per replay, linked to its original, outside the message timeline', async () => {
    const store = join(tmp.dir, 'same.db');
    const l = await startListen(['--store', store]);
    const sent = await runCli(['send', '--provider', 'smsc', '--fixture', 'delivered', '--to', `${l.url}/smsc`, '--no-retry']);
    expect(sent.code).toBe(0);
    const original = (await l.captures(1))[0]!.id as string;
    const replay = await runCli(['replay', original, '--store', store, '--json']);
    expect(replay.code).toBe(0);
    const out = JSON.parse(replay.stdout.toString()) as Record<string, unknown>;
    const heard = (await l.captures(2))[1]!;
    l.child.kill('SIGTERM');
    await l.exit;
    expect(out).toMatchObject({ id: heard.id, replayOf: original, storedBy: 'listener' });
    const s = Store.open(store, { readonly: true });
    const all = s.list();
    const timeline = s.statusesOf('smsc', '123');
    s.close();
    expect(all.map((r) => [r.id, r.replayOf])).toEqual([[heard.id, original], [original, null]]);
    expect(timeline.map((t) => t.captureId)).toEqual([original]);
    const list = (await runCli(['list', '--store', store])).stdout.toString();
    expect(list).not.toContain('[duplicate]');
    expect(list).not.toContain('app 200');
  });
});

describe('capture ids', () => {
  /** A fresh store holding one SMSC.ru delivery report, and the id listen gave it. */
  async function oneCapture(store: string): Promise<{ id: string; url: string; l: Awaited<ReturnType<typeof startListen>> }> {
    const l = await startListen(['--store', store]);
    expect((await runCli(['send', '--provider', 'smsc', '--to', `${l.url}/smsc`, '--no-retry'])).code).toBe(0);
    return { id: (await l.captures(1))[0]!.id as string, url: l.url, l };
  }
  const stop = async (l: Awaited<ReturnType<typeof startListen>>): Promise<void> => {
    l.child.kill('SIGTERM');
    await l.exit;
  };

  it('differ between stores, and after a store is deleted, so a replay link never names an unrelated capture', async () => {
    const a = await oneCapture(join(tmp.dir, 'ids-a.db'));
    const b = await oneCapture(join(tmp.dir, 'ids-b.db'));
    expect(a.id).not.toBe(b.id);
    // Replay A's capture into the listener on B: B's record links an id B does not have.
    expect((await runCli(['replay', a.id, '--store', join(tmp.dir, 'ids-a.db'), '--to', b.url])).code).toBe(0);
    const heard = (await b.l.captures(2))[1]!;
    expect(heard.replayOf).toBe(a.id);
    const show = await runCli(['show', a.id, '--store', join(tmp.dir, 'ids-b.db')]);
    expect(show.code).toBe(2);
    expect(show.stderr).toContain(`no capture with id ${a.id}`);
    await stop(a.l);
    await stop(b.l);
    // The user deletes store A and starts afresh.
    for (const f of ['ids-a.db', 'ids-a.db-wal', 'ids-a.db-shm']) rmSync(join(tmp.dir, f), { force: true });
    const again = await oneCapture(join(tmp.dir, 'ids-a.db'));
    await stop(again.l);
    expect(again.id).not.toBe(a.id);
  });

  it('of a store from before the id offset stay findable, and new ones never repeat them', async () => {
    const file = join(tmp.dir, 'v4.db');
    const db = new Database(file);
    for (const m of MIGRATIONS.slice(0, 4)) db.exec(m);
    db.pragma('user_version = 4');
    const insert = db.prepare(`INSERT INTO captures (seq, id, received_at, method, url, headers, remote, body, truncated) VALUES (?, ?, 1, 'POST', ?, '[]', 'x', x'00', 0)`);
    const old = [1, 2, 3].map((seq) => captureIdFor(seq));
    old.forEach((id, i) => insert.run(i + 1, id, `/old${i + 1}`));
    db.close();
    // Read-only first (list/show do not migrate), then listen migrates it and stores more.
    expect((await runCli(['show', old[1]!, '--store', file])).stdout.toString()).toContain('/old2');
    const l = await startListen(['--store', file]);
    for (let i = 0; i < 3; i++) expect((await runCli(['send', '--provider', 'smsc', '--to', `${l.url}/smsc`, '--no-retry'])).code).toBe(0);
    const fresh = (await l.captures(3)).map((c) => c.id as string);
    await stop(l);
    expect(new Set([...old, ...fresh]).size).toBe(6);
    expect(fresh).not.toEqual([4, 5, 6].map((seq) => captureIdFor(seq)));
    for (const [i, id] of old.entries()) expect((await runCli(['show', id, '--store', file])).stdout.toString()).toContain(`/old${i + 1}`);
    for (const id of fresh) expect((await runCli(['show', id.slice(0, 4), '--store', file])).stdout.toString()).toContain(id);
  });
});

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, chownSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync, closeSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { request } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { captureIdFor } from '../../src/capture/capture-id.js';
import { MIGRATIONS } from '../../src/capture/migrations.js';
import { Store } from '../../src/capture/store.js';
import { runCli, startListen, type CliResult, type ListenChild } from '../helpers/cli.js';
import { readableCopy } from '../helpers/readable-copy.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
chmodSync(tmp.dir, 0o755); // another user (below) must reach the files
afterAll(() => tmp.cleanup());
let listen: ListenChild | undefined;
afterEach(() => {
  listen?.child.kill('SIGKILL');
  listen = undefined;
});

let n = 0;
const fresh = (name: string): string => join(tmp.dir, `${n++}-${name}`);

const capture = (i: number) => ({
  method: 'POST',
  url: `/c${i}`,
  headers: [['Host', 'x']] as Array<[string, string]>,
  body: Buffer.alloc(2000, 0x61 + (i % 26)),
  receivedAt: 1_700_000_000_000 + i,
  remote: '127.0.0.1:1',
  size: 2000,
  truncated: false,
  answer: null,
});

/** A closed store (no -wal) holding `count` captures of 2 kB. */
function storeWith(file: string, count: number): string {
  const store = Store.open(file);
  store.insertBatch(Array.from({ length: count }, (_, i) => ({ capture: capture(i + 1), events: [] })));
  store.close();
  return file;
}

/** A store as an earlier webhook-kit wrote it: the migrations up to `version`, no application_id. */
function oldStore(file: string, version: number): string {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  for (let v = 0; v < version; v++) db.exec(MIGRATIONS[v]!);
  db.pragma(`user_version = ${version}`);
  db.prepare(`INSERT INTO captures (id, received_at, method, url, headers, remote, body, truncated) VALUES ('zzzq42', 1, 'POST', '/old', '[]', 'x', x'00', 0)`).run();
  db.close();
  return file;
}

/** Overwrites each 4 kB page from the zero-based page `first` on with fixed pseudo-random bytes. */
function scribble(file: string, first: number): void {
  const fd = openSync(file, 'r+');
  let x = 0x2545f491;
  const page = Buffer.alloc(4096);
  const size = readFileSync(file).length;
  for (let p = first; p * 4096 < size; p++) {
    for (let i = 0; i < page.length; i++) page[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    writeSync(fd, page, 0, page.length, p * 4096);
  }
  closeSync(fd);
}

const ONE_LINE = /^webhook-kit: [^\n]+\n$/;
const expectDamaged = (r: CliResult, file: string, why: RegExp): void => {
  expect(r.code).toBe(3);
  expect(r.stderr).toMatch(ONE_LINE);
  expect(r.stderr).toContain(`the store ${file} is damaged or not a webhook-kit store (`);
  expect(r.stderr).toMatch(why);
  expect(r.stderr).toMatch(/\); point --store at another file or move this one away\n$/);
};

// The other user runs a copy of the built CLI it can read: the checkout itself may sit in a
// folder only we may enter (a clone under `mktemp -d`).
let readable: ReturnType<typeof readableCopy> | undefined;
afterAll(() => readable?.cleanup());

/** Runs the CLI as another user when we are root (root reads and writes any file), else as us. */
async function runAsReader(args: string[]): Promise<CliResult> {
  if (process.getuid?.() !== 0) return runCli(args);
  readable ??= readableCopy();
  const child = spawn(process.execPath, [readable.bin, ...args], { uid: 65534, gid: 65534, cwd: readable.dir, env: { ...process.env, NO_COLOR: '1' } });
  const out: Buffer[] = [];
  let err = '';
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.end();
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout: Buffer.concat(out), stderr: err };
}

/** A folder the reader owns (so SQLite can put the -shm beside the store) holding a copy of `src`, read-only. */
function readOnlyCopy(src: string): string {
  const dir = fresh('ro');
  mkdirSync(dir);
  const file = join(dir, 'c.db');
  writeFileSync(file, readFileSync(src));
  chmodSync(file, 0o444);
  if (process.getuid?.() === 0) {
    chownSync(dir, 65534, 65534);
    chownSync(file, 65534, 65534);
  }
  return file;
}

describe('a damaged store', () => {
  it('is one line and exit 3 for list, show and export, not a stack trace', async () => {
    const file = storeWith(fresh('c3.db'), 150);
    scribble(file, 1); // every page but the header
    for (const args of [['list'], ['show', captureIdFor(100)], ['export'], ['export', '--format', 'har']]) {
      expectDamaged(await runCli([...args, '--store', file]), file, /\(SQLITE_CORRUPT: database disk image is malformed\)/);
    }
  });

  it('whose header is gone, or a file that is not SQLite at all, is refused the same way, by listen too', async () => {
    const headless = storeWith(fresh('h.db'), 3);
    scribble(headless, 0);
    const text = fresh('notes.db');
    writeFileSync(text, 'x'.repeat(5000));
    // Shorter than SQLite's header: SQLite itself would take it for an empty database.
    const tiny = fresh('tiny.db');
    writeFileSync(tiny, '#');
    for (const file of [headless, text, tiny]) {
      const before = readFileSync(file);
      expectDamaged(await runCli(['list', '--store', file]), file, /\(no SQLite header\)/);
      expectDamaged(await runCli(['listen', '--port', '0', '--store', file]), file, /\(no SQLite header\)/);
      expectDamaged(await runCli(['replay', 'abcdef', '--store', file]), file, /\(no SQLite header\)/);
      expect(readFileSync(file).equals(before)).toBe(true);
    }
  });
});

describe("another program's SQLite file", () => {
  const foreign = (setup: string): string => {
    const file = fresh('other.db');
    const db = new Database(file);
    db.exec(setup);
    db.close();
    return file;
  };
  const cases: Array<[string, string, RegExp]> = [
    ['a captures table of its own', 'CREATE TABLE captures(x); INSERT INTO captures VALUES (1)', /\(tables captures, user_version 0\)/],
    ['other tables at user_version 0', 'CREATE TABLE notes(x)', /\(tables notes, user_version 0\)/],
    ['other tables at one of our user_versions', 'CREATE TABLE notes(x); PRAGMA user_version = 2', /\(tables notes, user_version 2\)/],
    ['our tables plus its own', `${MIGRATIONS[0]} ${MIGRATIONS[1]} CREATE TABLE notes(x); PRAGMA user_version = 2`, /\(tables capture_events, captures, notes, user_version 2\)/],
    ['our table names with other columns', 'CREATE TABLE captures(seq, id); PRAGMA user_version = 1', /\(table captures has columns seq, id\)/],
    ['its own application_id', `${MIGRATIONS[0]} PRAGMA user_version = 1; PRAGMA application_id = 42`, /\(application_id 42, not webhook-kit's\)/],
  ];

  it.each(cases)('with %s is refused in one line by list, clear and listen, and left byte for byte as it was', async (_, setup, why) => {
    const file = foreign(setup);
    const before = readFileSync(file);
    expectDamaged(await runCli(['list', '--store', file]), file, why);
    expectDamaged(await runCli(['clear', '--yes', '--store', file]), file, why);
    expectDamaged(await runCli(['listen', '--port', '0', '--store', file]), file, why);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith(file.split('/').pop()!))).toEqual([file.split('/').pop()]);
  });

  it('at a user_version above ours is not taken for a newer store without a word that it may be foreign', async () => {
    const file = foreign('CREATE TABLE notes(x); PRAGMA user_version = 9');
    const res = await runCli(['list', '--store', file]);
    expect(res.code).toBe(3);
    expect(res.stderr).toBe(`webhook-kit: the store ${file} was written by a newer webhook-kit (schema 9) or by another program; upgrade webhook-kit, or point --store at another file\n`);
  });
});

describe('stores written by earlier versions (no application_id)', () => {
  it('are read as they are by list and show, and migrated and stamped only by a writing command', async () => {
    for (const version of [2, 3, 4]) {
      const file = oldStore(fresh(`v${version}.db`), version);
      const before = readFileSync(file);
      const listed = await runCli(['list', '--store', file, '--json']);
      expect(listed.code).toBe(0);
      expect(JSON.parse(listed.stdout.toString())).toMatchObject({ id: 'zzzq42', path: '/old' });
      expect((await runCli(['show', 'zzzq', '--store', file, '--json'])).code).toBe(0);
      expect(readFileSync(file).equals(before)).toBe(true);
      const store = Store.open(file);
      expect(store.get('zzzq42').url).toBe('/old');
      store.close();
      const db = new Database(file, { readonly: true });
      expect([db.pragma('user_version', { simple: true }), db.pragma('application_id', { simple: true })]).toEqual([MIGRATIONS.length, 0x57484b54]);
      db.close();
    }
  });

  it('before v2 tell a read command to let listen upgrade them once', async () => {
    const file = oldStore(fresh('v1.db'), 1);
    const res = await runCli(['list', '--store', file]);
    expect(res.code).toBe(3);
    expect(res.stderr).toBe(`webhook-kit: the store ${file} needs a schema upgrade; run \`webhook-kit listen --store ${file}\` on it once\n`);
  });
});

describe('read commands', () => {
  it('say there is no store yet, exit 3, and create nothing', async () => {
    const dir = fresh('typo');
    const file = join(dir, 'deeper', 'x.db');
    for (const args of [['list'], ['show', 'k7m2qx'], ['export']]) {
      const res = await runCli([...args, '--store', file]);
      expect(res.code).toBe(3);
      expect(res.stderr).toBe(`webhook-kit: no store at ${file} yet; run \`webhook-kit listen\` first, or pass --store <file>\n`);
    }
    expect(existsSync(dir)).toBe(false);
  });

  it('read a store the user may not write (file read-only), and leave it as it was', async () => {
    // An old v3 store: opening it read-write would try to migrate it.
    const file = readOnlyCopy(oldStore(fresh('ro-src.db'), 3));
    const before = readFileSync(file);
    const listed = await runAsReader(['list', '--store', file, '--json']);
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout.toString())).toMatchObject({ id: 'zzzq42' });
    const exported = await runAsReader(['export', '--format', 'har', '--store', file]);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout.toString()).log.entries).toHaveLength(1);
    expect((await runAsReader(['show', 'zzzq42', '--raw', '--store', file])).stdout).toEqual(Buffer.from([0]));
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('read while listen writes, from the same user and from one who cannot write the store', async () => {
    const dir = fresh('live');
    mkdirSync(dir);
    const file = join(dir, 'c.db');
    listen = await startListen(['--store', file]);
    const post = async (i: number) => (await request(`${listen!.url}/smsc`, { method: 'POST', body: `id=${i}&phone=79991234567&status=1&err=0` })).body.dump();
    for (let i = 1; i <= 3; i++) await post(i);
    await listen.captures(3);
    for (const run of [runCli, runAsReader]) {
      const res = await run(['list', '--store', file, '--json']);
      expect(res.stderr).toBe('');
      expect(res.stdout.toString().trim().split('\n')).toHaveLength(3);
    }
    await post(4);
    await listen.captures(4);
    expect((await runAsReader(['export', '--store', file])).stdout.toString().trim().split('\n')).toHaveLength(4);
    listen.child.kill('SIGTERM');
    expect(await listen.exit).toBe(0);
  });
});

describe('clear and listen', () => {
  it('clear on a missing store says there is nothing to clear, exits 0 and creates nothing', async () => {
    const file = join(fresh('none'), 'x.db');
    const res = await runCli(['clear', '--yes', '--store', file]);
    expect(res).toMatchObject({ code: 0, stderr: `no store at ${file}: nothing to clear\n` });
    expect(existsSync(file)).toBe(false);
  });

  it('listen still creates the store and its folders, stamped as ours', async () => {
    const file = join(fresh('new'), 'a', 'b', 'c.db');
    listen = await startListen(['--store', file]);
    listen.child.kill('SIGTERM');
    expect(await listen.exit).toBe(0);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('application_id', { simple: true })).toBe(0x57484b54);
    db.close();
    expect((await runCli(['list', '--store', file])).stderr).toBe(`no captures in ${file} yet; run \`webhook-kit listen\`\n`);
  });
});

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startListen } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
const store = join(tmp.dir, 'c.db');
const bodies = {
  form: Buffer.from('mes=' + [...iconv.encode('Привет', 'windows-1251')].map((b) => `%${b.toString(16)}`).join('') + '&phone=79991234567'),
  binary: Buffer.from([0, 1, 2, 0x27, 0x25, 0x5c, 255, 10, 13, 0x1b]),
  json: Buffer.from('{"t":"😀 \\u001b[2J"}'),
};
const ids: Record<string, string> = {};

beforeAll(async () => {
  const listen = await startListen(['--store', store, '--count', '3']);
  for (const [name, body] of Object.entries(bodies)) {
    const res = await request(`${listen.url}/${name}?n=1`, {
      method: 'POST',
      body,
      headers: name === 'binary' ? { 'x-kind': "it's" } : { 'content-type': name === 'json' ? 'application/json' : 'application/x-www-form-urlencoded' },
    });
    await res.body.dump();
  }
  const caps = await listen.captures(3);
  for (const c of caps) ids[(c.path as string).slice(1)] = c.id as string;
  expect(await listen.exit).toBe(0);
});
afterAll(() => tmp.cleanup());

describe('list, show, export, clear', () => {
  it('lists newest first, as plain lines or NDJSON', async () => {
    const plain = await runCli(['list', '--store', store]);
    expect(plain.code).toBe(0);
    const lines = plain.stdout.toString().trim().split('\n');
    expect(lines.map((l) => l.split('  ')[1])).toEqual([ids.json, ids.binary, ids.form]);
    const json = await runCli(['list', '--store', store, '--json', '--limit', '2']);
    const objs = json.stdout.toString().trim().split('\n').map((l) => JSON.parse(l) as { id: string; fields: unknown });
    expect(objs.map((o) => o.id)).toEqual([ids.json, ids.binary]);
  });

  it('keeps every value of a filter flag given twice, each must hold (not only the last)', async () => {
    const listed = async (args: string[]): Promise<string[]> => (await runCli(['list', '--store', store, ...args])).stdout.toString().trim().split('\n').filter(Boolean).map((l) => l.split('  ')[1]!);
    expect(await listed(['--grep', '7999'])).toEqual([ids.form]);
    expect(await listed(['--grep', '7999', '--grep', 'mes='])).toEqual([ids.form]);
    // The second word alone keeps another capture; together nothing has both.
    expect(await listed(['--grep', '7999', '--grep', '2J'])).toEqual([]);
    expect(await listed(['--grep', '2J'])).toEqual([ids.json]);
    const bad = await runCli(['list', '--store', store, '--flag', 'duplicate', '--flag', 'dupe']);
    expect(bad.code).toBe(2);
  });

  it('names the nearest word for a typo in a choice flag or a filter key, exit 2', async () => {
    const flag = await runCli(['list', '--store', store, '--flag', 'duplicat']);
    expect([flag.code, flag.stderr]).toEqual([2, "webhook-kit: option '--flag <flag>' argument 'duplicat' is invalid. did you mean duplicate? use one of: duplicate, out-of-order, impossible, likely-duplicate, problem (see --help)\n"]);
    const key = await runCli(['list', '--store', store, '--filter', 'outcom:read']);
    expect([key.code, key.stderr]).toEqual([2, 'webhook-kit: no filter word "outcom:"; did you mean outcome:? (other words are searched as text) (list/export filter)\n']);
    // A word with a colon that is no near key is still searched as text.
    const text = await runCli(['list', '--store', store, '--filter', 'mes=:x']);
    expect(text.code).toBe(0);
  });

  it('shows one capture in detail, as JSON, and as exact raw bytes', async () => {
    const human = await runCli(['show', ids.form!, '--store', store]);
    expect(human.stdout.toString()).toContain('mes: Привет');
    expect(human.stdout.toString()).toContain('windows-1251');
    const raw = await runCli(['show', ids.binary!, '--raw', '--store', store]);
    expect(raw.stdout.equals(bodies.binary)).toBe(true);
    const json = JSON.parse((await runCli(['show', ids.json!.slice(0, 5), '--json', '--store', store])).stdout.toString());
    expect(json.fields).toEqual({ t: '😀 \u001b[2J' });
    const shown = (await runCli(['show', ids.json!, '--store', store])).stdout.toString();
    expect(shown).not.toContain('\u001b');
  });

  it('rejects a bad or unknown id in one line with exit 2', async () => {
    const bad = await runCli(['show', 'NOT-AN-ID!', '--store', store]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('webhook-kit: "NOT-AN-ID!" is not a capture id; ids look like k7m2qx (see `webhook-kit list`)\n');
    // One or two letters of an id are too few (a prefix needs three), not "not an id".
    const short = await runCli(['show', ids.json!.slice(0, 2), '--store', store]);
    expect([short.code, short.stderr]).toEqual([2, `webhook-kit: "${ids.json!.slice(0, 2)}" is too short to name a capture: type at least 3 characters of its id (see \`webhook-kit list\`)\n`]);
    const missing = await runCli(['show', 'zzzzzz', '--store', store]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no capture with id zzzzzz/);
  });

  it('exports HAR 1.2 with the structure devtools expect', async () => {
    const res = await runCli(['export', '--format', 'har', '--store', store]);
    const har = JSON.parse(res.stdout.toString());
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator.name).toBe('webhook-kit');
    expect(har.log.entries).toHaveLength(3);
    for (const e of har.log.entries) {
      expect(Number.isNaN(Date.parse(e.startedDateTime))).toBe(false);
      expect(typeof e.time).toBe('number');
      for (const key of ['method', 'url', 'httpVersion', 'cookies', 'headers', 'queryString', 'headersSize', 'bodySize']) expect(e.request).toHaveProperty(key);
      for (const key of ['status', 'statusText', 'httpVersion', 'cookies', 'headers', 'content', 'redirectURL', 'headersSize', 'bodySize']) expect(e.response).toHaveProperty(key);
      expect(e.response.content).toHaveProperty('mimeType');
      expect(e.timings).toMatchObject({ send: expect.any(Number), wait: expect.any(Number), receive: expect.any(Number) });
      expect(e.request.queryString).toEqual([{ name: 'n', value: '1' }]);
      expect(new URL(e.request.url).pathname).toMatch(/^\/(form|binary|json)$/);
    }
    const bin = har.log.entries.find((e: { request: { url: string } }) => e.request.url.includes('/binary'));
    expect(Buffer.from(bin.request.postData._base64, 'base64').equals(bodies.binary)).toBe(true);
  });

  it('exports curl commands that reproduce each body byte for byte', async () => {
    const replay = tempDir();
    const listen = await startListen(['--store', join(replay.dir, 'r.db'), '--count', '3']);
    const res = await runCli(['export', '--format', 'curl', '--base-url', listen.url, '--store', store]);
    const commands = res.stdout.toString().trim().split('\n');
    expect(commands).toHaveLength(3);
    for (const cmd of commands) execFileSync('sh', ['-c', cmd]);
    const caps = await listen.captures(3);
    for (const c of caps) {
      const name = (c.path as string).slice(1) as keyof typeof bodies;
      const shown = await runCli(['show', c.id as string, '--raw', '--store', join(replay.dir, 'r.db')]);
      expect(shown.stdout.equals(bodies[name])).toBe(true);
      expect(c.query).toEqual({ n: '1' });
    }
    expect(caps.find((c) => c.path === '/binary')!.headers).toContainEqual(['x-kind', "it's"]);
    expect(caps.find((c) => c.path === '/binary')!.contentType).toBeNull();
    replay.cleanup();
  });

  it('exports NDJSON of the named ids only', async () => {
    const res = await runCli(['export', ids.form!, '--store', store]);
    const lines = res.stdout.toString().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ id: ids.form, fields: { mes: 'Привет', phone: '79991234567' } });
  });

  it('clears only with --yes when not interactive', async () => {
    const refused = await runCli(['clear', '--store', store]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/pass --yes/);
    const done = await runCli(['clear', '--yes', '--store', store]);
    expect(done.code).toBe(0);
    expect(done.stderr).toMatch(/deleted 3 captures/);
    expect((await runCli(['list', '--store', store, '--json'])).stdout.toString()).toBe('');
  });
});

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/capture/store.js';
import { loadSample, listSamples } from '../../src/core/samples.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

// A fresh folder per case: ./webhook-kit.json is found in the working directory, the XDG one
// under XDG_CONFIG_HOME; --config names a file of its own.
const tmp = tempDir('wk-config-');
const store = join(tmp.dir, 'c.db');
let n = 0;

beforeAll(() => {
  const s = Store.open(store);
  const sample = loadSample(listSamples('smsc').find((x) => x.name === 'delivered')!);
  for (let i = 0; i < 3; i++) s.insert({ ...sample, receivedAt: Date.now(), remote: 'test', size: sample.body.length, truncated: false, answer: null });
  s.close();
});
afterAll(() => tmp.cleanup());

function place(files: { cwd?: unknown; xdg?: unknown; explicit?: unknown }): { cwd: string; env: NodeJS.ProcessEnv; explicit: string } {
  const dir = join(tmp.dir, `case-${n++}`);
  const xdg = join(dir, 'xdg');
  mkdirSync(join(xdg, 'webhook-kit'), { recursive: true });
  if (files.cwd !== undefined) writeFileSync(join(dir, 'webhook-kit.json'), JSON.stringify(files.cwd));
  if (files.xdg !== undefined) writeFileSync(join(xdg, 'webhook-kit', 'config.json'), JSON.stringify(files.xdg));
  const explicit = join(dir, 'mine.json');
  if (files.explicit !== undefined) writeFileSync(explicit, JSON.stringify(files.explicit));
  return { cwd: dir, env: { XDG_CONFIG_HOME: xdg, WEBHOOK_KIT_SECRET_SMSC: '' }, explicit };
}

const listed = (stdout: Buffer): number => stdout.toString().trim().split('\n').filter(Boolean).length;

describe('config file precedence: flag > --config > ./webhook-kit.json > $XDG_CONFIG_HOME > default', () => {
  it.each([
    ['no file: the default (50)', {}, [], 3],
    ['XDG file', { xdg: { list: { limit: 2 } } }, [], 2],
    ['./webhook-kit.json over the XDG file', { xdg: { list: { limit: 2 } }, cwd: { list: { limit: 1 } } }, [], 1],
    ['--config over both', { xdg: { list: { limit: 1 } }, cwd: { list: { limit: 1 } }, explicit: { list: { limit: 2 } } }, ['--config', 'EXPLICIT'], 2],
    ['a flag over every file', { cwd: { list: { limit: 2 } } }, ['--limit', '1'], 1],
  ])('%s', async (_name, files, flags, expected) => {
    const c = place(files);
    const r = await runCli(['list', '--store', store, ...flags.map((f) => (f === 'EXPLICIT' ? c.explicit : f))], { cwd: c.cwd, env: c.env });
    expect(r.code).toBe(0);
    // Only the page hint of list, never a config complaint.
    expect(r.stderr.replace(/^showing \d+ of 3; --limit N for more\n/, '')).toBe('');
    expect(listed(r.stdout)).toBe(expected);
  });

  it('a secret in the file checks signatures and is masked like any other', async () => {
    const c = place({ cwd: { secrets: { smsc: 'my_secret-1' }, list: { json: true, limit: 1 } } });
    const r = await runCli(['list', '--store', store], { cwd: c.cwd, env: c.env });
    const line = JSON.parse(r.stdout.toString()) as { signature: { state: string } };
    expect(line.signature.state).toBe('valid');
    expect(r.stdout.toString()).not.toContain('my_secret-1');
  });

  it('a secret may name its provider by a route alias, in the file and in --secret (sg24 is smsgateway24)', async () => {
    const c = place({ cwd: { secrets: { sg24: 'tok-abcdefgh' }, list: { limit: 1 } } });
    const fromFile = await runCli(['list', '--store', store], { cwd: c.cwd, env: c.env });
    expect([fromFile.code, fromFile.stderr.replace(/^showing \d+ of 3; --limit N for more\n/, '')]).toEqual([0, '']);
    const fromFlag = await runCli(['list', '--store', store, '--limit', '1', '--secret', 'SG24=tok-abcdefgh'], { cwd: place({}).cwd, env: c.env });
    expect([fromFlag.code, fromFlag.stderr.replace(/^showing \d+ of 3; --limit N for more\n/, '')]).toEqual([0, '']);
  });

  it.each([
    [{ lisen: {} }, /unknown key "lisen"/],
    [{ list: { limt: 2 } }, /list\.limt is not a flag of list; use one of: .*limit/],
    [{ list: { limit: 'many' } }, /list\.limit: expected a whole number/],
    [{ list: { json: 'yes' } }, /list\.json must be true or false/],
    [{ export: { format: 'xml' } }, /export\.format must be one of ndjson, har, curl/],
    [{ secrets: { smsc: 42 } }, /secrets\.smsc must be a non-empty string/],
    [{ secrets: { nope: 'x' } }, /config .*webhook-kit\.json: secrets\.nope names no provider; use one of: smsc, /],
    ['not an object', /must hold one JSON object/],
  ])('%j is one line naming it, exit 2', async (config, message) => {
    const c = place({ cwd: config });
    const r = await runCli(['list', '--store', store], { cwd: c.cwd, env: c.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a --config file that cannot be read is exit 3', async () => {
    const r = await runCli(['list', '--store', store, '--config', join(tmp.dir, 'nope.json')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot read the config file .*nope\.json: ENOENT/);
  });
});

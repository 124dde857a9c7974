import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { maskSecret } from '../../src/core/secret.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
const store = join(tmp.dir, 'c.db');
afterAll(() => tmp.cleanup());

describe('--secret provider=value given wrong', () => {
  it('a value without its provider is not echoed, only masked, in one line with exit 2', async () => {
    for (const args of [['listen', '--port', '0', '--store', store, '--secret', 'my_secret-1'], ['list', '--store', store, '--secret', 'my_secret-1']]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toContain('my_secret-1');
      expect(r.stderr).toBe(`webhook-kit: --secret expects provider=value (e.g. --secret smsc=<secret>), got ${maskSecret('my_secret-1')}\n`);
    }
  });

  it('another key=value flag given without = names itself and shows what was typed (it is no secret)', async () => {
    const set = await runCli(['send', '--provider', 'webcom', '--to', 'http://127.0.0.1:9/x', '--set', 'x']);
    expect([set.code, set.stderr]).toEqual([2, 'webhook-kit: --set expects field=value (e.g. --set id_sms=42), got "x"\n']);
    const header = await runCli(['verify-signature', '--provider', 'smsc', '--secret', 's', '--header', 'Content-Type']);
    expect([header.code, header.stderr]).toEqual([2, 'webhook-kit: --header expects name=value (e.g. --header Content-Type=text/plain), got "Content-Type"\n']);
  });

  it('a secret shorter than 4 characters is taken, with one warning that masking it touches every place it occurs', async () => {
    const r = await runCli(['list', '--store', store, '--secret', 'smsc=ab']);
    expect(r.stderr).toContain('webhook-kit: the secret for smsc is 2 characters long: every place it occurs in the output (dates and ids too) is masked; is it the right secret?\n');
    expect(r.stderr).not.toContain('=ab');
    const long = await runCli(['list', '--store', store, '--secret', 'smsc=abcd']);
    expect(long.stderr).not.toContain('characters long');
  });

  it('an empty value is refused in one line with exit 2, not taken as "no secret"', async () => {
    const list = await runCli(['list', '--store', store, '--secret', 'smsc=']);
    expect([list.code, list.stderr]).toEqual([2, 'webhook-kit: --secret smsc= has no value; pass --secret smsc=<secret>\n']);
    const show = await runCli(['show', 'abcdef', '--store', store, '--secret', 'zender=']);
    expect([show.code, show.stderr]).toEqual([2, 'webhook-kit: --secret zender= has no value; pass --secret zender=<secret>\n']);
  });
});

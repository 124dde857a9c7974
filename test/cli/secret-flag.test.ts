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
      expect(r.stderr).toBe(`webhook-kit: expected key=value (e.g. --secret smsc=<secret>, --set id=42, --header Content-Type=text/plain), got ${maskSecret('my_secret-1')}\n`);
    }
  });

  it('an empty value is refused in one line with exit 2, not taken as "no secret"', async () => {
    const list = await runCli(['list', '--store', store, '--secret', 'smsc=']);
    expect([list.code, list.stderr]).toEqual([2, 'webhook-kit: --secret smsc= has no value; pass --secret smsc=<secret>\n']);
    const show = await runCli(['show', 'abcdef', '--store', store, '--secret', 'zender=']);
    expect([show.code, show.stderr]).toEqual([2, 'webhook-kit: --secret zender= has no value; pass --secret zender=<secret>\n']);
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/capture/store.js';
import { BIN } from '../helpers/cli.js';
import { Terminal } from '../helpers/tmux.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

// Issue #19, "Crashes and hangs": each step a new user took, with the built CLI, now one line
// and the documented exit code (README "Exit codes").

const tmp = tempDir('wk-crash-');
afterAll(() => tmp.cleanup());

describe('typo hints', () => {
  it('put the suggestion on the same line, not a literal \\n', async () => {
    const command = await runCli(['lisen']);
    expect([command.code, command.stderr]).toEqual([2, "webhook-kit: unknown command 'lisen'; did you mean listen? (see --help)\n"]);
    const option = await runCli(['listen', '--prot', '1']);
    expect([option.code, option.stderr]).toEqual([2, "webhook-kit: unknown option '--prot'; did you mean --port? (see --help)\n"]);
  });
});

describe('a file that is not a request in the samples format', () => {
  const SHAPE = "expected a request line like `POST /path HTTP/1.1`, header lines, a blank line, the body";
  it('verify-signature --request on a binary file: one line pointing at --body, exit 2', async () => {
    const file = join(tmp.dir, 'body.bin');
    writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x1b, 0x5b, 0x32, 0x4a]));
    const r = await runCli(['verify-signature', '--provider', 'smsc', '--secret', 'x', '--request', file]);
    expect([r.code, r.stderr]).toEqual([2, `webhook-kit: ${file} is not a request in the samples format (its first line is not a request line; ${SHAPE}); pass --body ${file} to check a bare body\n`]);
    const stdin = await runCli(['verify-signature', '--provider', 'smsc', '--secret', 'x', '--request', '-'], { input: 'id=1&status=1&md5=x' });
    expect([stdin.code, stdin.stderr]).toEqual([2, `webhook-kit: stdin is not a request in the samples format (its first line is not a request line; ${SHAPE}); pass --body - to check a bare body\n`]);
  });

  it('send --file with a request line but a broken header: the same parser, the same one line', async () => {
    const file = join(tmp.dir, 'bad.http');
    writeFileSync(file, 'POST /smsc HTTP/1.1\nHost: a\nnot a header\n\nid=1');
    const r = await runCli(['send', '--provider', 'smsc', '--file', file, '--to', 'http://127.0.0.1:9/', '--no-retry']);
    expect([r.code, r.stderr]).toEqual([2, `webhook-kit: ${file} is not a request in the samples format (line 3 is not a header \`Name: value\`; ${SHAPE}); correct that line, or drop the request line and headers to send the file as a bare body\n`]);
  });
});

describe('a store folder that cannot be created', () => {
  it('fails at once, one line, exit 3: /proc (where recursive mkdir spun), under a file, under /sys', async () => {
    const file = join(tmp.dir, 'plain-file');
    writeFileSync(file, '');
    const cases: Array<[string, string, string]> = [
      ['/proc/nope/x.db', '/proc/nope', 'ENOENT'],
      ['/proc/nope/a/b/x.db', '/proc/nope', 'ENOENT'],
      [join(file, 'sub', 'x.db'), join(file, 'sub'), 'ENOTDIR'],
      ['/sys/nope/x.db', '/sys/nope', 'EPERM'],
    ];
    for (const [store, folder, code] of cases) {
      // The kill is a safety net so a regression fails here instead of spinning on; it asserts nothing.
      const r = await runCli(['listen', '--port', '0', '--store', store], { killAfterMs: 20_000 });
      expect([r.code, r.stderr]).toEqual([3, `webhook-kit: cannot create the folder ${folder} for the store ${store} (${code}); pass --store <file> in a writable folder or set WEBHOOK_KIT_HOME\n`]);
    }
  });
});

describe('clear in a terminal, interrupted at the [y/N] prompt', () => {
  const storeWithOne = (file: string): string => {
    const store = Store.open(file);
    store.insertBatch([{ capture: { method: 'POST', url: '/smsc', headers: [['Host', 'x']], body: Buffer.from('id=1'), receivedAt: 1_700_000_000_000, remote: '127.0.0.1:1', size: 4, truncated: false, answer: null }, events: [] }]);
    store.close();
    return file;
  };

  it.each([
    ['Ctrl-C', 'C-c', 130],
    ['Ctrl-D', 'C-d', 1],
    ['Enter (the default, no)', 'Enter', 1],
  ])('%s (tmux %s): "nothing deleted", exit %i, no stack, the store kept', async (_, key, code) => {
    const file = storeWithOne(join(tmp.dir, `clear-${key}.db`));
    const term = new Terminal(`clear-${key}`);
    try {
      term.run(`node ${BIN} clear --store ${file}; echo EXIT=$?`);
      await term.waitFor(`Delete every capture in ${file}? [y/N]`);
      term.keys(key);
      const screen = await term.waitFor(/EXIT=\d+/);
      expect(screen).toContain(`[y/N]\nnothing deleted\nEXIT=${code}\n`);
      expect(screen).not.toMatch(/AbortError|\n {4}at /);
    } finally {
      term.close();
    }
    const listed = await runCli(['list', '--store', file, '--json']);
    expect(listed.stdout.toString().trim().split('\n')).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('webhook-kit help <command>', () => {
  it('is a usage line and exit 2 for a name that is no command, with the nearest one', async () => {
    const r = await runCli(['help', 'lisen']);
    expect(r.code).toBe(2);
    expect(r.stdout.toString()).toBe('');
    expect(r.stderr).toBe("webhook-kit: unknown command 'lisen'; did you mean listen? (see --help)\n");
    const far = await runCli(['help', 'nosuch']);
    expect({ code: far.code, stderr: far.stderr }).toEqual({ code: 2, stderr: "webhook-kit: unknown command 'nosuch' (see --help)\n" });
  });

  it('still shows a command\'s help, and its own, exit 0', async () => {
    for (const args of [['help', 'listen'], ['help', 'help'], ['help']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(0);
      // commander writes `help help` (help for the help command) to stderr, the others to stdout.
      expect(r.stdout.toString() + r.stderr, args.join(' ')).toMatch(/^Usage: webhook-kit/);
    }
  });
});

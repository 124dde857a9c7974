import { afterAll, describe, expect, it } from 'vitest';
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

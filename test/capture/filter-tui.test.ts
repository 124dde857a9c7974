import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { Terminal } from '../helpers/tmux.js';
import { tempDir } from '../helpers/tmp.js';

// The TUI's `/` in a real terminal: a batch's event words on one event, a provider by its alias.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const tmp = tempDir('wk-filter-tui-');
const term = new Terminal('filter', 140, 30, ROOT);
afterAll(() => {
  term.close();
  tmp.cleanup();
});

describe("the TUI's / filter", () => {
  it('keeps a batch only when one event holds every event word, and reads p:sg24', async () => {
    expect(existsSync(join(ROOT, 'dist/tui/run.js')), 'build first: npm run build').toBe(true);
    await term.waitFor('wk$');
    // Ink draws only the last frame when it thinks it runs in CI; this is a real terminal.
    term.run(`env -u CI -u CONTINUOUS_INTEGRATION node bin/webhook-kit.js listen --port 0 --no-inspector --store ${join(tmp.dir, 'c.db')}`);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(await term.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/))![1]!;
    for (const args of [
      // 3234 delivered, 3235 read, 3236 failed.
      ['--provider', 'webcom', '--fixture', 'batch', '--set', '1.state=read', '--to', `${url}/webcom/status`],
      ['--provider', 'webcom', '--fixture', 'read', '--to', `${url}/webcom/status`],
      ['--provider', 'smsgateway24', '--fixture', 'delivered', '--to', `${url}/sg24/status`],
    ]) {
      const r = await runCli(['send', ...args, '--fast']);
      expect(r.code, r.stderr.toString()).toBe(0);
    }
    // The PROVIDER column shows smsgateway24 by its alias where the id does not fit (columns.ts).
    await term.waitFor(/sg24\/status +sg24 +status/);
    const typed = async (words: string, shown: string | RegExp): Promise<void> => {
      term.keys('/');
      await term.waitFor('filter /_');
      term.tmux('send-keys', '-t', 'wk', '-l', words);
      await term.waitFor(shown);
      term.keys('Escape');
      // Cleared: the status line is back to `follow on`, no prompt and no filter.
      await term.waitFor(/^(?![\s\S]*(filter \/|filter "))[\s\S]*follow on/);
    };
    await typed('o:read id:3234', '0/3 match');
    await typed('o:read id:3235', '1/3 match');
    await typed('o:read', '2/3 match');
    await typed('p:sg24', '1/3 match');
    // A word that can match nothing says so on the prompt line, as list does, in place of a silent 0 match
    // (without list's choices, which pushed the hint off an 80-column line).
    await typed('o:faild', /filter \/o:faild_  no outcome "faild"; did you mean failed\?$/m);
    term.keys('q');
    await term.waitFor('wk$');
  }, 60_000);
});

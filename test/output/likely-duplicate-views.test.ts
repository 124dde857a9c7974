import { describe, expect, it } from 'vitest';
import { plain } from '../../src/output/paint.js';
import { describeEvent } from '../../src/output/describe.js';
import { columnsFor, rowLine } from '../../src/tui/components/columns.js';
import { summarise } from '../../src/tui/model.js';
import { runCli, startPlainListen } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { sample, testSession } from '../tui/helpers.js';

const tmp = tempDir();

describe('likely-duplicate shows where flags show', () => {
  it("in listen's plain lines, on the resend under a new id", async () => {
    const listen = await startPlainListen(['--port', '0', '--no-tui', '--no-inspector', '--count', '2', '--store', `${tmp.dir}/p.db`]);
    for (const id of ['701', '702']) expect((await runCli(['send', '--provider', 'smsc', '--set', `id=${id}`, '--to', `${listen.url}/smsc`])).code).toBe(0);
    expect(await listen.exit).toBe(0);
    const [first, second] = listen.stdout().split('\n');
    expect(first).not.toContain('likely-duplicate');
    expect(second).toMatch(/#702 .*\[likely-duplicate\]/);
  });

  it('in the event line and as ldup (or L) in the TUI FLAGS column', () => {
    const t = testSession();
    try {
      const view = { ...t.arrive(sample('smsc', 'delivered')), flags: [['likely-duplicate' as const]] };
      expect(describeEvent(view.inspection.decoded!.events[0]!, plain, view.flags[0])).toContain('[likely-duplicate]');
      const row = summarise(view);
      expect(row.flags).toEqual(['likely-duplicate']);
      const wide = columnsFor(160);
      expect(wide.find((c) => c.key === 'flags')!.width).toBeGreaterThanOrEqual(7);
      expect(rowLine(row, wide, plain, false)).toMatch(/ ldup /);
      const narrow = wide.map((c) => (c.key === 'flags' ? { ...c, width: 5 } : c));
      expect(rowLine(row, narrow, plain, false)).toMatch(/ L {4}$/);
    } finally {
      t.close();
    }
  });
});

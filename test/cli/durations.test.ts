import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMillis, parsePositiveMillis, parseSeconds } from '../../src/cli/parse.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('durations take explicit units; a bare number keeps the unit the flag always had', () => {
  it.each([
    ['30', 30],
    ['30s', 30],
    ['500ms', 0.5],
    ['2m', 120],
    ['1.5', 1.5],
  ])('seconds flags (listen --timeout): %s is %s s', (text, seconds) => expect(parseSeconds(text)).toBe(seconds));

  it.each([
    ['200', 200],
    ['200ms', 200],
    ['2s', 2000],
    ['1m', 60_000],
  ])('millisecond flags (send/replay --timeout, --respond-delay): %s is %s ms', (text, ms) => {
    expect(parseMillis(text)).toBe(ms);
    expect(parsePositiveMillis(text)).toBe(ms);
  });

  it.each(['', '10 parsecs', '-1', '1e3', '5 s'])('refuses %j', (text) => {
    expect(() => parseMillis(text)).toThrow(/milliseconds/);
    expect(() => parseSeconds(text)).toThrow(/seconds/);
  });

  const dirs: Array<() => void> = [];
  afterEach(() => dirs.splice(0).forEach((c) => c()));

  it('listen --timeout 300ms stops after 0.3 s with exit 0 (seconds would be 5 minutes)', async () => {
    const { dir, cleanup } = tempDir();
    dirs.push(cleanup);
    const r = await runCli(['listen', '--port', '0', '--no-tui', '--store', join(dir, 'c.db'), '--timeout', '300ms']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('listening on');
  });
});

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startListen, type ListenChild } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

// listen remembers recent statuses to flag repeats without a query (correlate.ts RecentStatuses).
// Another process emptying the store must empty that memory too: after `clear` the next report
// of a message has nothing before it, as show says.
const tmp = tempDir('wk-clear-live-');
let listen: ListenChild | undefined;
afterEach(() => {
  listen?.child.kill('SIGKILL');
  listen = undefined;
});

const flagsOf = (line: Record<string, unknown>): string[] => (line.events as Array<{ flags: string[] }>)[0]!.flags;

describe('a store cleared by another process while listen runs', () => {
  it('flags nothing against the statuses it deleted; a repeat after that is a duplicate again', async () => {
    const store = join(tmp.dir, 'c.db');
    listen = await startListen(['--store', store]);
    const report = (): Promise<Response> => fetch(`${listen!.url}/smsc`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'id=7&phone=79990000007&status=1&err=0' });
    expect((await report()).status).toBe(200);
    expect((await report()).status).toBe(200);
    const before = await listen.captures(2);
    expect(before.map(flagsOf)).toEqual([[], ['duplicate']]);
    const cleared = await runCli(['clear', '--yes', '--store', store]);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect((await report()).status).toBe(200);
    expect((await report()).status).toBe(200);
    const after = (await listen.captures(4)).slice(2);
    // It said duplicate, against a capture that `show` and `list --flag duplicate` no longer had.
    expect(after.map(flagsOf)).toEqual([[], ['duplicate']]);
    const shown = await runCli(['show', after[0]!.id as string, '--store', store]);
    expect(shown.stdout.toString()).toContain(`timeline #7: *Delivered (final) ${after[0]!.id as string} → Delivered (final) ${after[1]!.id as string} [duplicate]\n`);
  });
});

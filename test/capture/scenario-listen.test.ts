import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startListen, type ListenChild } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

// `send --scenario` played at a real `listen --json`: both built CLIs, a real store, loopback.
let listen: ListenChild | undefined;
const tmp = tempDir();
afterEach(() => {
  listen?.child.kill('SIGKILL');
  listen = undefined;
});

interface Ev {
  messageId: string;
  status: { code: string };
  flags: string[];
}
const firstEvent = (c: Record<string, unknown>): Ev => (c.events as Ev[])[0]!;

describe('listen flags what send --scenario plays', () => {
  it('duplicate flags the repeat, out-of-order the late intermediate; per-part reports are one message, unflagged', async () => {
    listen = await startListen(['--store', join(tmp.dir, 's.db'), '--no-inspector']);
    // Two SMSC.ru runs within one second would carry equal Unix times: a phone of their own keeps them apart.
    const play = async (provider: string, name: string, ...set: string[]): Promise<void> => {
      const r = await runCli(['send', '--provider', provider, '--scenario', name, '--fast', ...set, '--to', `${listen!.url}/${provider}`]);
      expect(r.code, r.stderr).toBe(0);
    };
    await play('smsc', 'duplicate', '--set', 'phone=79990000001');
    await play('smsc', 'out-of-order', '--set', 'phone=79990000002');
    await play('smsgate', 'multipart');
    await play('webcom', 'duplicate');
    const caps = await listen.captures(11);
    const rows = caps.map((c) => [c.provider, firstEvent(c).status.code, firstEvent(c).flags]);
    expect(rows).toEqual([
      ['smsc', '0', []],
      ['smsc', '1', []],
      ['smsc', '1', ['duplicate']],
      ['smsc', '1', []],
      ['smsc', '0', ['out-of-order']],
      ['smsgate', 'sms:sent', []],
      ['smsgate', 'sms:delivered', []],
      ['smsgate', 'sms:delivered', []],
      ['webcom', 'send', []],
      ['webcom', 'deliver', []],
      ['webcom', 'deliver', ['duplicate']],
    ]);
    // One fresh message id per run, shared by its steps.
    const ids = caps.map((c) => firstEvent(c).messageId);
    expect([ids[0], ids[1], ids[2]].every((id) => id === ids[0])).toBe(true);
    expect(ids[3]).toBe(ids[4]);
    expect(new Set(ids).size).toBe(4);
    // The two parts are in the message's one timeline, after its sms:sent.
    const last = caps[7]!;
    const show = await runCli(['show', String(last.id), '--store', join(tmp.dir, 's.db')]);
    expect(show.stdout.toString()).toMatch(new RegExp(`timeline #${ids[5]}: Sent \\w+ → Delivered \\(final\\) \\w+ → \\*Delivered \\(final\\) ${String(last.id)}`));
  });

  it('a second run of a scenario is a new message: nothing flagged, not even likely-duplicate (fresh times)', async () => {
    listen = await startListen(['--store', join(tmp.dir, 't.db'), '--no-inspector']);
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['send', '--provider', 'smsgate', '--scenario', 'lifecycle', '--fast', '--to', `${listen.url}/smsgate`]);
      expect(r.code, r.stderr).toBe(0);
    }
    const caps = await listen.captures(4);
    expect(caps.map((c) => firstEvent(c).flags)).toEqual([[], [], [], []]);
  });
});

describe('listen flags likely-duplicate', () => {
  it('on a resend of the same content under a new message id, and not on a distinct message to the same phone', async () => {
    listen = await startListen(['--store', join(tmp.dir, 'l.db'), '--no-inspector']);
    const send = async (...set: string[]): Promise<void> => {
      const r = await runCli(['send', '--provider', 'smsc', '--fixture', 'incoming-utf8', ...set.flatMap((s) => ['--set', s]), '--to', `${listen!.url}/smsc`]);
      expect(r.code, r.stderr).toBe(0);
    };
    await send('id=501');
    await send('id=502');
    await send('id=503', 'mes=Another text');
    await send('id=501');
    const caps = await listen.captures(4);
    const events = caps.map((c) => (c.events as Array<{ kind: string; messageId: string; flags: string[] }>)[0]!);
    expect(events.map((e) => [e.kind, e.messageId, e.flags])).toEqual([
      ['incoming', '501', []],
      ['incoming', '502', ['likely-duplicate']],
      ['incoming', '503', []],
      ['incoming', '501', []],
    ]);
    // After the fact: the flag listen gave is kept with the capture, for list's filter and show.
    const store = join(tmp.dir, 'l.db');
    const listed = await runCli(['list', '--flag', 'likely-duplicate', '--json', '--store', store]);
    expect(listed.code, listed.stderr).toBe(0);
    const rows = listed.stdout.toString().trim().split('\n').map((l) => JSON.parse(l) as { id: string; events: Array<{ messageId: string; flags: string[] }> });
    expect(rows.map((r) => [r.events[0]!.messageId, r.events[0]!.flags])).toEqual([['502', ['likely-duplicate']]]);
    const shown = await runCli(['show', rows[0]!.id, '--store', store]);
    expect(shown.stdout.toString()).toContain('[likely-duplicate]');
  });
});

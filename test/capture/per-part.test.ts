import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { flagStatus } from '../../src/capture/correlate.js';
import { lookupStatus } from '../../src/core/status.js';
import { providers } from '../../src/providers/registry.js';
import { runCli, startListen, type ListenChild } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

// Per-part delivery reports of one long SMS are further parts, not duplicates (core/types.ts StatusInfo.perPart).
const perPartProviders = providers.filter((p) => [...p.statuses.values()].some((s) => s.perPart));

describe('per-part statuses', () => {
  it('exist (SMS Gateway for Android reports sms:delivered per part)', () => {
    expect(perPartProviders.map((p) => p.id)).toEqual(['smsgate']);
  });

  it('never raise the duplicate flag, whatever came before (property)', () => {
    for (const p of perPartProviders) {
      const codes = [...p.statuses.keys()];
      const partCodes = codes.filter((c) => p.statuses.get(c)!.perPart);
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...codes), { maxLength: 30 }), fc.constantFrom(...partCodes), (before, next) => {
          const flags = flagStatus(before.map((c) => p.statuses.get(c)!), before, lookupStatus(p.statuses, next, p.name));
          return !flags.includes('duplicate');
        }),
      );
    }
  });

  it('a repeat of a status that is not per part is still a duplicate', () => {
    const p = perPartProviders[0]!;
    const sent = lookupStatus(p.statuses, 'sms:sent', p.name);
    expect(flagStatus([sent], ['sms:sent'], sent)).toEqual(['duplicate']);
  });

  it('the same part again is a duplicate (a re-sent report); another part, or a part not told, is not', () => {
    const p = perPartProviders[0]!;
    const delivered = lookupStatus(p.statuses, 'sms:delivered', p.name);
    const before = { before: ['e1'], next: 'e1' };
    expect(flagStatus([delivered], ['sms:delivered'], delivered, before)).toEqual(['duplicate']);
    expect(flagStatus([delivered], ['sms:delivered'], delivered, { before: ['e1'], next: 'e2' })).toEqual([]);
    expect(flagStatus([delivered], ['sms:delivered'], delivered, { before: [null], next: null })).toEqual([]);
    expect(flagStatus([delivered], ['sms:delivered'], delivered, { before: [null], next: 'e1' })).toEqual([]);
  });
});

let listen: ListenChild | undefined;
const tmp = tempDir();
afterEach(() => {
  listen?.child.kill('SIGKILL');
  listen = undefined;
});

describe('listen groups the parts of one long SMS under one message', () => {
  it('two sms:delivered of one messageId: one timeline, neither flagged duplicate; part 1 re-sent and a repeated sms:sent are', async () => {
    const store = join(tmp.dir, 'p.db');
    listen = await startListen(['--store', store, '--count', '5']);
    // Part 1 twice: the gateway re-sending the same delivery (the same envelope id), as it does when no 2xx came in 30 s.
    for (const fixture of ['sent', 'delivered-multipart-1', 'delivered-multipart-2', 'delivered-multipart-1', 'sent']) {
      expect((await runCli(['send', '--provider', 'smsgate', '--fixture', fixture, '--set', 'messageId=long-1', '--to', `${listen.url}/smsgate`])).code).toBe(0);
    }
    const caps = await listen.captures(5);
    const events = caps.map((c) => (c.events as Array<{ messageId: string; status: { code: string }; flags: string[] }>)[0]!);
    expect(events.map((e) => e.messageId)).toEqual(['long-1', 'long-1', 'long-1', 'long-1', 'long-1']);
    expect(events.map((e) => [e.status.code, e.flags])).toEqual([
      ['sms:sent', []],
      ['sms:delivered', []],
      ['sms:delivered', []],
      ['sms:delivered', ['duplicate']],
      ['sms:sent', ['duplicate', 'out-of-order']],
    ]);
    // show's timeline, rebuilt from the store's index, says the same of each.
    const shown = await runCli(['show', caps[3]!.id as string, '--store', store]);
    expect(shown.stdout.toString()).toMatch(new RegExp(`timeline #long-1: .*Delivered \\(final\\) ${caps[2]!.id} → \\*Delivered \\(final\\) ${caps[3]!.id} \\[duplicate\\]`));
  });
});

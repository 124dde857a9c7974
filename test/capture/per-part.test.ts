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
});

let listen: ListenChild | undefined;
const tmp = tempDir();
afterEach(() => {
  listen?.child.kill('SIGKILL');
  listen = undefined;
});

describe('listen groups the parts of one long SMS under one message', () => {
  it('two sms:delivered of one messageId: one timeline, neither flagged duplicate; a repeated sms:sent is', async () => {
    listen = await startListen(['--store', join(tmp.dir, 'p.db'), '--count', '4']);
    for (const fixture of ['sent', 'delivered-multipart-1', 'delivered-multipart-2']) {
      expect((await runCli(['send', '--provider', 'smsgate', '--fixture', fixture, '--set', 'messageId=long-1', '--to', `${listen.url}/smsgate`])).code).toBe(0);
    }
    expect((await runCli(['send', '--provider', 'smsgate', '--fixture', 'sent', '--set', 'messageId=long-1', '--to', `${listen.url}/smsgate`])).code).toBe(0);
    const caps = await listen.captures(4);
    const events = caps.map((c) => (c.events as Array<{ messageId: string; status: { code: string }; flags: string[] }>)[0]!);
    expect(events.map((e) => e.messageId)).toEqual(['long-1', 'long-1', 'long-1', 'long-1']);
    expect(events.map((e) => [e.status.code, e.flags])).toEqual([
      ['sms:sent', []],
      ['sms:delivered', []],
      ['sms:delivered', []],
      ['sms:sent', ['duplicate', 'out-of-order']],
    ]);
  });
});

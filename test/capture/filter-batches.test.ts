import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factsOf, filterProblem, matches, parseFilter } from '../../src/capture/filter.js';
import { viewCapture } from '../../src/capture/view.js';
import { listSamples, loadSample } from '../../src/core/samples.js';
import { summarise } from '../../src/output/row-summary.js';
import { inspect } from '../../src/providers/inspect.js';
import { providerIds, resolveProvider } from '../../src/providers/registry.js';
import { runCli, startListen, type ListenChild } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

// A batch capture's event terms hold for one of its events; a provider is named by id or alias.
// Captures stored by a real listen (facts with them, so the store's SQL pre-filter runs), sent by
// the real `send`, listed by the built CLI and asked of the inspector's API.
const tmp = tempDir('wk-filter-batch-');
let listen: ListenChild;
const ids: Record<string, string> = {};

async function captured(label: string, act: () => Promise<void>): Promise<void> {
  const before = (await listen.captures(Object.keys(ids).length)).length;
  await act();
  ids[label] = (await listen.captures(before + 1))[before]!.id as string;
}

const sent = (label: string, args: string[]): Promise<void> =>
  captured(label, async () => {
    const r = await runCli(['send', ...args, '--fast']);
    expect(r.code, r.stderr.toString()).toBe(0);
  });

// A Webcom Mobi batch of 100 statuses, the last not delivered: its message ids joined run to 700 characters.
const LONG_BATCH = JSON.stringify(Array.from({ length: 100 }, (_, n) => ({ id_sms: 100000 + n, time: '2011-01-01 12:57:46', state: n === 99 ? 'not_deliver' : 'deliver' })));

beforeAll(async () => {
  listen = await startListen(['--store', join(tmp.dir, 'c.db'), '--inspector-port', '0']);
  // The Webcom sample batch with item 1 read: 3234 delivered, 3235 read, 3236 failed.
  await sent('batch', ['--provider', 'webcom', '--fixture', 'batch', '--set', '1.state=read', '--to', `${listen.url}/webcom/status`]);
  await sent('webcomRead', ['--provider', 'webcom', '--fixture', 'read', '--to', `${listen.url}/webcom/status`]);
  await sent('sg24', ['--provider', 'smsgateway24', '--fixture', 'delivered', '--to', `${listen.url}/sg24/status`]);
  await sent('smsgate', ['--provider', 'smsgate', '--fixture', 'delivered', '--to', `${listen.url}/smsgate`]);
  await captured('long', async () => {
    const res = await fetch(`${listen.url}/webcom/status`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: LONG_BATCH });
    expect(res.status).toBe(200);
  });
}, 60_000);
afterAll(() => {
  listen?.child.kill();
  tmp.cleanup();
});

const byId = (): Record<string, string> => Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
async function listed(...flags: string[]): Promise<string[]> {
  const r = await runCli(['list', '--store', listen.store, '--json', ...flags]);
  expect(r.code, r.stderr.toString()).toBe(0);
  return r.stdout.toString().trim().split('\n').filter(Boolean).map((l) => byId()[(JSON.parse(l) as { id: string }).id]!).sort();
}

describe('list: a batch matches when ONE of its events holds every event term', () => {
  it.each([
    // 3234 was delivered and 3235 read: no event is 3234 read.
    [['--outcome', 'read', '--message-id', '3234'], []],
    [['--outcome', 'read', '--message-id', '3235'], ['batch']],
    [['--outcome', 'delivered', '--message-id', '3234'], ['batch']],
    [['--outcome', 'failed', '--message-id', '3235'], []],
    [['--filter', 'o:failed id:3236 e:status'], ['batch']],
    [['--filter', 'o:failed id:3236 e:incoming'], []],
    // Per capture: the provider, and free words searched in all of it.
    [['--provider', 'webcom', '--outcome', 'read'], ['batch', 'webcomRead']],
    [['--message-id', '3234', '--grep', 'not delivered'], ['batch']],
    [['--outcome', 'read'], ['batch', 'webcomRead']],
    // Every event of a long batch, not its first 400 characters' worth (the 60th and the 100th were found by nothing).
    [['--message-id', '100060'], ['long']],
    [['--outcome', 'failed', '--message-id', '100099'], ['long']],
    [['--outcome', 'failed', '--message-id', '100098'], []],
    [['--filter', 'id:100099 o:failed'], ['long']],
    [['--grep', '100099'], ['long']],
  ])('%j', async (flags, expected) => {
    expect(await listed(...flags)).toEqual(expected);
  });
});

describe('list --provider takes what resolveProvider takes: ids and route aliases', () => {
  it.each([
    [['--provider', 'sg24'], ['sg24']],
    [['--provider', 'SG24'], ['sg24']],
    [['--filter', 'p:sg24'], ['sg24']],
    [['--filter', 'provider:smsgateway24'], ['sg24']],
    // An id means that provider only: smsgate is not smsgateway24.
    [['--provider', 'smsgate'], ['smsgate']],
    // Any other word is a substring of the id, as before.
    [['--provider', 'sms'], ['sg24', 'smsgate']],
  ])('%j', async (flags, expected) => {
    expect(await listed(...flags)).toEqual(expected);
  });

  it.each([
    [['--provider', 'nosuch'], 'webhook-kit: no provider "nosuch"; use one of: smsc, webcom, smsgateway24, zender, smsgate (list/export filter)'],
    [['--provider', 'smsgatway24'], 'webhook-kit: no provider "smsgatway24"; did you mean smsgateway24? use one of: smsc, webcom, smsgateway24, zender, smsgate (list/export filter)'],
    [['--filter', 'p:sg42'], 'webhook-kit: no provider "sg42"; did you mean sg24? use one of: smsc, webcom, smsgateway24, zender, smsgate (list/export filter)'],
  ])('an unknown provider, %j, is one usage line with the nearest name, exit 2', async (flags, line) => {
    const r = await runCli(['list', '--store', listen.store, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr.toString()).toBe(`${line}\n`);
  });

  it('export takes the alias too', async () => {
    const r = await runCli(['export', '--store', listen.store, '--provider', 'sg24']);
    expect(r.code).toBe(0);
    expect(r.stdout.toString().trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual([ids.sg24]);
  });
});

describe("the inspector's q= judges a batch per event and reads p:sg24", () => {
  it.each([
    ['o:read id:3234', []],
    ['o:read id:3235', ['batch']],
    ['p:sg24', ['sg24']],
    ['id:100099 o:failed', ['long']],
  ])('%s', async (q, expected) => {
    const res = await fetch(`${listen.ready.inspector as string}api/captures?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { captures: Array<{ id: string }> };
    expect(body.captures.map((c) => byId()[c.id]!).sort()).toEqual(expected);
  });
});

describe('the filter unit (the TUI matches its rows, summarise(), with it)', () => {
  const sample = loadSample(listSamples('webcom').find((s) => s.name === 'batch')!);
  const record = { ...sample, id: 'b1', seq: 1, receivedAt: 1, remote: 'x', size: sample.body.length, truncated: false, answer: null, forward: null, replayOf: null };
  const view = viewCapture(record as Parameters<typeof viewCapture>[0], { secrets: {} });
  // The sample: 3234 delivered, 3235 sent, 3236 failed.
  it.each([
    ['o:failed id:3234', false],
    ['o:failed id:3236', true],
    ['o:sent id:3235 e:status', true],
    ['o:delivered o:failed', false],
    ['id:3234 p:webcom', true],
    ['id:3234 p:zender', false],
    ['id:3234 sent', true],
  ])('%s → %s', (q, kept) => {
    expect(view.inspection.decoded?.events).toHaveLength(3);
    expect(matches(factsOf(view), parseFilter(q))).toBe(kept);
    expect(matches(summarise(view), parseFilter(q))).toBe(kept);
  });

  it("flags are an event's (duplicate) or the capture's (problem)", () => {
    const flagged = { ...view, flags: [[], ['duplicate' as const], []] };
    expect(matches(factsOf(flagged), parseFilter('flag:duplicate id:3235'))).toBe(true);
    expect(matches(factsOf(flagged), parseFilter('flag:duplicate id:3234'))).toBe(false);
    const broken = inspect({ ...sample, body: Buffer.from(sample.body.toString().replace('"id_sms":"3235",', '')) }, { secrets: {} });
    expect(broken.decoded?.problems).toEqual(['item 2: id_sms missing']);
    const problem = { ...view, inspection: broken };
    expect(matches(factsOf(problem), parseFilter('flag:problem id:3234 o:delivered'))).toBe(true);
    expect(matches(factsOf(problem), parseFilter('flag:problem id:3234 o:failed'))).toBe(false);
  });

  it('an alias is read as its id; filterProblem hints the nearest name', () => {
    expect(parseFilter('p:SG24 provider:zen').provider).toEqual(['smsgateway24', 'zen']);
    // The one table of names: what --provider of send/verify takes, resolveProvider.
    expect(resolveProvider('SG24').id).toBe('smsgateway24');
    expect(filterProblem('p:sg24', providerIds())).toBeNull();
    expect(filterProblem('o:deliverd', providerIds())).toBe('no outcome "deliverd"; did you mean delivered? use one of: pending, sent, delivered, read, failed, expired, unknown');
    // A word for an outcome, spelled near another one: said what webhook-kit calls it, not "did you mean delivered?".
    expect(filterProblem('o:undelivered', providerIds())).toBe('no outcome "undelivered"; webhook-kit calls that failed or expired; use one of: pending, sent, delivered, read, failed, expired, unknown');
    expect(filterProblem('outcome:Queued', providerIds())).toBe('no outcome "queued"; webhook-kit calls that pending; use one of: pending, sent, delivered, read, failed, expired, unknown');
    // Misspelt, the word nearest is the table's: not "did you mean delivered?" either.
    expect(filterProblem('o:undelivred', providerIds())).toBe('no outcome "undelivred"; did you mean undelivered? webhook-kit calls that failed or expired; use one of: pending, sent, delivered, read, failed, expired, unknown');
    expect(filterProblem('o:delivred', providerIds())).toBe('no outcome "delivred"; did you mean delivered? use one of: pending, sent, delivered, read, failed, expired, unknown');
  });
});

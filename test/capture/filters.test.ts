import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFilter, parseWhen } from '../../src/capture/filter.js';
import { Store } from '../../src/capture/store.js';
import { listSamples, loadSample } from '../../src/core/samples.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

// A store of mixed captures, listed through the real CLI with each filter.
const tmp = tempDir('wk-filter-');
const store = join(tmp.dir, 'c.db');
const ids: Record<string, string> = {};
const DAY = 86_400_000;
const spacedStore = join(tmp.dir, 'spaced.db');
const spacedIds: Record<string, string> = {};

beforeAll(() => {
  const s = Store.open(store);
  const add = (label: string, provider: string, name: string, ageMs = 0, edit?: (body: string) => string): void => {
    const sample = loadSample(listSamples(provider).find((x) => x.name === name)!);
    const body = edit ? Buffer.from(edit(sample.body.toString('latin1')), 'latin1') : sample.body;
    ids[label] = s.insert({ ...sample, body, receivedAt: Date.now() - ageMs, remote: 'test', size: body.length, truncated: false, answer: null }, []).id;
  };
  add('smscDelivered', 'smsc', 'delivered');
  add('smscBadSig', 'smsc', 'failed', 0, (b) => b.replace(/md5=[0-9a-f]+/, 'md5=00000000000000000000000000000000'));
  add('zenderOld', 'zender', 'incoming', 3 * DAY);
  add('zenderBadSecret', 'zender', 'incoming', 0, (b) => b.replace('MY_SECRET', 'NOT_IT'));
  add('webcom', 'webcom', 'batch');
  s.close();
  // A second store: one phone written with spaces, one without.
  const t = Store.open(spacedStore);
  const sample = loadSample(listSamples('zender').find((x) => x.name === 'incoming')!);
  for (const [label, phone] of [['plain', '%2B639760713666'], ['spaced', '%2B63+976+071+3666']] as const) {
    const body = Buffer.from(sample.body.toString('latin1').replace('%2B639760713666', phone), 'latin1');
    spacedIds[t.insert({ ...sample, body, receivedAt: Date.now(), remote: 'test', size: body.length, truncated: false, answer: null }, []).id] = label;
  }
  t.close();
});
afterAll(() => tmp.cleanup());

const secrets = ['--secret', 'smsc=my_secret-1', '--secret', 'zender=MY_SECRET'];
async function listed(...flags: string[]): Promise<string[]> {
  const r = await runCli(['list', '--store', store, '--json', ...secrets, ...flags]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const lines = r.stdout.toString().trim().split('\n').filter(Boolean);
  const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
  return lines.map((l) => byId[(JSON.parse(l) as { id: string }).id]!).sort();
}

describe('list filters (the same words as the TUI filter), combined with AND', () => {
  it.each([
    [['--provider', 'zender'], ['zenderBadSecret', 'zenderOld']],
    [['--signature', 'invalid'], ['smscBadSig', 'zenderBadSecret']],
    [['--provider', 'zender', '--signature', 'invalid'], ['zenderBadSecret']],
    // The Webcom batch holds a failed item too.
    [['--outcome', 'failed'], ['smscBadSig', 'webcom']],
    [['--event', 'incoming'], ['zenderBadSecret', 'zenderOld']],
    [['--since', '1d'], ['smscBadSig', 'smscDelivered', 'webcom', 'zenderBadSecret']],
    [['--until', '2d'], ['zenderOld']],
    [['--filter', 'provider:zender sig:invalid'], ['zenderBadSecret']],
    [['--filter', 'p:smsc o:delivered'], ['smscDelivered']],
    [['--signature', 'valid'], ['smscDelivered', 'zenderOld']],
    [['--provider', 'webcom', '--grep', 'no-such-text'], []],
  ])('%j', async (flags, expected) => {
    expect(await listed(...flags)).toEqual(expected);
  });

  it('export takes the same filters', async () => {
    const r = await runCli(['export', '--store', store, ...secrets, '--provider', 'smsc', '--signature', 'valid']);
    const exported = r.stdout.toString().trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
    expect(exported).toEqual([ids.smscDelivered]);
  });

  it.each([
    [['--provider', 'nope'], /no provider "nope"; use one of: smsc, /],
    [['--outcome', 'bogus'], /no outcome "bogus"; use one of: pending, /],
    [['--outcome', 'undelivered'], /^webhook-kit: no outcome "undelivered"; webhook-kit calls that failed or expired; use one of: pending, /],
    [['--event', 'bogus'], /no event "bogus"/],
    [['--filter', 'sig:bogus'], /no signature "bogus"; use one of: valid, invalid, absent, unchecked/],
    [['--filter', 'since:zz'], /"since:zz" is not a time/],
  ])('a filter that can match nothing, %j, is one usage line, exit 2', async (flags, message) => {
    const r = await runCli(['list', '--store', store, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it.each([
    ['--outcome', ''],
    ['--message-id', ' '],
    ['--phone', ''],
    ['--grep', ''],
    ['--provider', ''],
  ])('an empty value, %s %j, is one usage line, exit 2 (it matched nothing, or with --grep everything)', async (flag, value) => {
    const r = await runCli(['list', '--store', store, flag, value]);
    expect([r.code, r.stderr.toString()]).toEqual([2, expect.stringMatching(new RegExp(`^webhook-kit: option '${flag} <[a-z]+>' argument '${value}' is invalid\\. give a value, or leave the flag out \\(see --help\\)\n$`))]);
  });

  it('a phone matches however either side spaces it (+63 976 071-3666, (976)), and a --message-id with spaces is one term', async () => {
    const phones = async (...flags: string[]): Promise<string[]> => {
      const r = await runCli(['list', '--store', spacedStore, '--json', ...flags]);
      expect(r.code, r.stderr.toString()).toBe(0);
      return r.stdout.toString().trim().split('\n').filter(Boolean).map((l) => spacedIds[(JSON.parse(l) as { id: string }).id]!).sort();
    };
    expect(await phones('--phone', '+63 976')).toEqual(['plain', 'spaced']);
    expect(await phones('--phone', '+63 (976) 071-3666')).toEqual(['plain', 'spaced']);
    expect(await phones('--filter', 'phone:976071')).toEqual(['plain', 'spaced']);
    // With or without the +: SMSC.ru writes 79991234567, a user pastes +7 999 123-45-67.
    expect(await phones('--phone', '639760713666')).toEqual(['plain', 'spaced']);
    expect(await phones('--filter', 'ph:+639760713666')).toEqual(['plain', 'spaced']);
    expect(await phones('--phone', '+63 977')).toEqual([]);
    // Read as the term "2 1", it is no message's id; split, id:2 and the word 1 matched both.
    expect(await phones('--message-id', '2 1')).toEqual([]);
  });

  it.each([
    [['--filter', ''], "webhook-kit: option '--filter <words>' argument '' is invalid. give filter words, or leave the flag out (see --help)"],
    [['--filter', 'outcome:'], 'webhook-kit: filter word "outcome:" has no value; give one (outcome:delivered) or leave it out (list/export filter)'],
    [['--filter', 'p: sig:valid'], 'webhook-kit: filter word "p:" has no value; give one (p:smsc) or leave it out (list/export filter)'],
    [['--outcome', 'not delivered'], 'webhook-kit: no outcome "not delivered"; webhook-kit calls that failed or expired; use one of: pending, sent, delivered, read, failed, expired, unknown (list/export filter)'],
    // Names an object has of its own (constructor, __proto__) are words like any other: they crashed the parser (exit 70).
    [['--outcome', 'constructor'], 'webhook-kit: no outcome "constructor"; use one of: pending, sent, delivered, read, failed, expired, unknown (list/export filter)'],
  ])('%j is one usage line, exit 2', async (flags, line) => {
    const r = await runCli(['list', '--store', store, ...flags]);
    expect([r.code, r.stderr.toString()]).toEqual([2, `${line}\n`]);
  });

  it('--signature valid with no secret given says signatures are judged with this run\'s secrets', async () => {
    const r = await runCli(['list', '--store', store, '--signature', 'valid']);
    expect([r.code, r.stdout.toString()]).toEqual([0, '']);
    expect(r.stderr).toBe(`no capture in ${store} matches the filter; signatures are judged with the secrets of this run and none was given: pass --secret <provider>=<value> (or WEBHOOK_KIT_SECRET_<PROVIDER>)\n`);
    // With them, the same filter finds the captures whose signatures hold.
    expect(await listed('--signature', 'valid')).toEqual(['smscDelivered', 'zenderOld']);
    // Webcom Mobi signs nothing: no secret would help, so none is asked for.
    const webcom = await runCli(['list', '--store', store, '--signature', 'valid', '--provider', 'webcom']);
    expect(webcom.stderr).toBe(`no capture in ${store} matches the filter\n`);
  });

  it('a filter word named like an object property (constructor:, __proto__:) is free text, not a crash', async () => {
    for (const words of ['constructor:x', '__proto__:x', 'toString:1']) {
      const r = await runCli(['list', '--store', store, '--filter', words]);
      expect([r.code, r.stderr.toString()]).toEqual([0, `no capture in ${store} matches the filter\n`]);
    }
  });

  it('a bad --since is one usage line, exit 2', async () => {
    const r = await runCli(['list', '--store', store, '--since', 'yesterday']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--since <when>.*a duration ago \(30m, 2h, 7d\) or an ISO time/);
  });

  it('parses the filter words: keys and aliases, times, and unknown keys as free text', () => {
    const now = Date.UTC(2026, 11, 1, 12);
    const f = parseFilter('P:Zender sig:invalid flag:duplicate id:42 since:2h until:2026-12-01T11:00Z colour:red spam', now);
    expect(f).toMatchObject({ provider: ['zender'], signature: ['invalid'], flag: ['duplicate'], messageId: ['42'], text: ['colour:red', 'spam'] });
    expect(f.since).toBe(now - 2 * 3_600_000);
    expect(f.until).toBe(Date.UTC(2026, 11, 1, 11));
    expect(parseWhen('soon', now)).toBeNull();
  });
});

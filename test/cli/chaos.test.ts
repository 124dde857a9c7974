import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/capture/store.js';
import { newCapture } from '../helpers/records.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

// Issue #19, "chaos newcomer": a fixed list of wrong invocations a new user types (bad flags,
// unknown commands, missing and binary files, unwritable paths, bad URLs and ids, empty secrets,
// conflicting flags, a port in use). Each must be one line on stderr with the exit code the
// README's "Exit codes" table documents: never 70, never a stack.

const tmp = tempDir('wk-chaos-');
const at = (name: string): string => join(tmp.dir, name);
const STORE = at('s.db');
const BINARY = at('body.bin');
const FOLDER = at('folder');
const BROKEN_CONFIG = at('broken.json');
const BAD_KEY_CONFIG = at('bad-key.json');
const DEAD = 'http://127.0.0.1:9/';
const MISSING = '/nonexistent/webhook-kit';
let id = '';
let busy: Server;
let busyPort = '';

const USAGE = 2;
const ENVIRONMENT = 3;

/** [what the newcomer did, argv (functions see the ids known only after setup), documented exit]. */
type Case = [string, () => string[], number];
const cases: Case[] = [
  ['an unknown command', () => ['frobnicate'], USAGE],
  ['a typo of a command', () => ['lisen'], USAGE],
  ['an unknown top-level option', () => ['--frobnicate'], USAGE],
  ['a typo of an option', () => ['listen', '--prot', '1'], USAGE],
  ['an argument listen does not take', () => ['listen', 'extra'], USAGE],
  ['a port that is not a number', () => ['listen', '--port', 'abc'], USAGE],
  ['a port out of range', () => ['listen', '--port', '70000'], USAGE],
  ['a negative port', () => ['listen', '--port', '-1'], USAGE],
  ['--host without its value', () => ['listen', '--host'], USAGE],
  ['a size in words', () => ['listen', '--max-body', 'lots'], USAGE],
  ['--count 0', () => ['listen', '--count', '0'], USAGE],
  ['a timeout in words', () => ['listen', '--timeout', 'forever'], USAGE],
  ['an HTTP status that does not exist', () => ['listen', '--respond', '999'], USAGE],
  ['a fail rate above 1', () => ['listen', '--fail-rate', '2'], USAGE],
  ['a negative delay', () => ['listen', '--respond-delay', '-5'], USAGE],
  ['--respond with --forward-to', () => ['listen', '--respond', '500', '--forward-to', DEAD], USAGE],
  ['--forward-path-mode without --forward-to', () => ['listen', '--forward-path-mode', 'keep'], USAGE],
  ['--fail-status without --fail-rate (it did nothing)', () => ['listen', '--fail-status', '200'], USAGE],
  ['--forward-timeout with an empty --forward-to', () => ['listen', '--forward-to', '', '--forward-timeout', '5s'], USAGE],
  ['--forward-to that is not a URL', () => ['listen', '--forward-to', 'notaurl'], USAGE],
  ['--forward-to ftp://', () => ['listen', '--forward-to', 'ftp://x/'], USAGE],
  ['a secret for an unknown provider', () => ['listen', '--secret', 'nosuch=x'], USAGE],
  ['an empty provider secret', () => ['listen', '--secret', 'smsc='], USAGE],
  ['a secret without its provider', () => ['listen', '--secret', 'justvalue'], USAGE],
  ['--max-store-size 0', () => ['listen', '--max-store-size', '0'], USAGE],
  ['a retention mode that does not exist', () => ['listen', '--retention', 'sometimes'], USAGE],
  ['send without --provider', () => ['send'], USAGE],
  ['send to an unknown provider', () => ['send', '--provider', 'nosuch', '--to', DEAD], USAGE],
  ['send without --to', () => ['send', '--provider', 'smsc'], USAGE],
  ['an unknown fixture', () => ['send', '--provider', 'smsc', '--fixture', 'nosuch', '--to', DEAD], USAGE],
  ['--to that is not a URL', () => ['send', '--provider', 'smsc', '--to', 'notaurl'], USAGE],
  ['--to with a space in the host', () => ['send', '--provider', 'smsc', '--to', 'http://exa mple.com/'], USAGE],
  ['--to with a broken IPv6 host', () => ['send', '--provider', 'smsc', '--to', 'http://[::1/'], USAGE],
  ['a signature algorithm that does not exist', () => ['send', '--provider', 'smsc', '--to', DEAD, '--sign', 'md6'], USAGE],
  ['--set without =', () => ['send', '--provider', 'smsc', '--to', DEAD, '--set', 'novalue'], USAGE],
  ['--timeout 0', () => ['send', '--provider', 'smsc', '--to', DEAD, '--timeout', '0'], USAGE],
  ['--fixture and --file together', () => ['send', '--provider', 'smsc', '--fixture', 'delivered', '--file', BINARY, '--to', DEAD], USAGE],
  ['an empty --secret for send', () => ['send', '--provider', 'zender', '--secret', '', '--to', DEAD, '--no-retry'], USAGE],
  ['--retry-interval with --no-retry (it did nothing)', () => ['send', '--provider', 'smsc', '--to', DEAD, '--no-retry', '--retry-interval', '5'], USAGE],
  ['send --list of an unknown provider', () => ['send', '--list', '--provider', 'nosuch'], USAGE],
  ['verify-signature without an input', () => ['verify-signature', '--provider', 'smsc', '--secret', 'x'], USAGE],
  ['verify-signature without a secret', () => ['verify-signature', '--provider', 'smsc', '--body', '-'], USAGE],
  ['verify-signature without a provider', () => ['verify-signature', '--secret', 'x', '--body', '-'], USAGE],
  ['an empty --secret for verify-signature', () => ['verify-signature', '--provider', 'smsc', '--secret', '', '--body', '-'], USAGE],
  ['a binary file as --request', () => ['verify-signature', '--provider', 'smsc', '--secret', 'x', '--request', BINARY], USAGE],
  ['--request and --body together', () => ['verify-signature', '--provider', 'smsc', '--secret', 'x', '--request', BINARY, '--body', BINARY], USAGE],
  ['a header without =', () => ['verify-signature', '--provider', 'smsc', '--secret', 'x', '--body', '-', '--header', 'noequals'], USAGE],
  ['--url that is neither a path nor a URL', () => ['verify-signature', '--provider', 'smsc', '--secret', 'x', '--body', '-', '--url', 'not a url'], USAGE],
  ['a malformed capture id to verify', () => ['verify-signature', '--provider', 'smsc', '--secret', 'x', '--capture', '!!bad', '--store', STORE], USAGE],
  ['an unknown capture id to verify', () => ['verify-signature', '--provider', 'smsc', '--secret', 'x', '--capture', 'zzzzzz', '--store', STORE], USAGE],
  ['replay without an id', () => ['replay'], USAGE],
  ['a malformed id to replay', () => ['replay', '!!bad', '--store', STORE], USAGE],
  ['an unknown id to replay', () => ['replay', 'zzzzzz', '--store', STORE], USAGE],
  ['replay --secret without --resign', () => ['replay', id, '--store', STORE, '--secret', 'x'], USAGE],
  ['replay --resign without --secret', () => ['replay', id, '--store', STORE, '--resign'], USAGE],
  ['replay --resign with an empty secret', () => ['replay', id, '--store', STORE, '--resign', '--secret', ''], USAGE],
  ['replay --to that is not a URL', () => ['replay', id, '--store', STORE, '--to', 'notaurl'], USAGE],
  ['replay --set without =', () => ['replay', id, '--store', STORE, '--set', 'x'], USAGE],
  ['show without an id', () => ['show'], USAGE],
  ['an empty id', () => ['show', '', '--store', STORE], USAGE],
  ['a path as an id', () => ['show', '../../etc', '--store', STORE], USAGE],
  ['an unknown id to show', () => ['show', 'zzzzzz', '--store', STORE], USAGE],
  ['show --raw with --json', () => ['show', id, '--raw', '--json', '--store', STORE], USAGE],
  ['list --limit 0', () => ['list', '--limit', '0', '--store', STORE], USAGE],
  ['list --limit in words', () => ['list', '--limit', 'many', '--store', STORE], USAGE],
  ['an argument list does not take', () => ['list', 'extra', '--store', STORE], USAGE],
  ['list --since that is no time', () => ['list', '--since', 'tomorrowish', '--store', STORE], USAGE],
  ['a signature state that does not exist', () => ['list', '--signature', 'maybe', '--store', STORE], USAGE],
  ['an export format that does not exist', () => ['export', '--format', 'xml', '--store', STORE], USAGE],
  ['--base-url with NDJSON', () => ['export', '--base-url', 'http://localhost:3000', '--store', STORE], USAGE],
  ['--base-url that is not a URL', () => ['export', '--format', 'har', '--base-url', 'notaurl', '--store', STORE], USAGE],
  ['an unknown id to export', () => ['export', 'zzzzzz', '--store', STORE], USAGE],
  ['clear outside a terminal without --yes', () => ['clear', '--store', STORE], USAGE],
  ['a config file that is not JSON', () => ['list', '--config', BROKEN_CONFIG, '--store', STORE], USAGE],
  ['a config file with a typo in a flag', () => ['listen', '--config', BAD_KEY_CONFIG, '--port', '0'], USAGE],
  ['completion for a shell that does not exist', () => ['completion', 'nosuch'], USAGE],
  ['list on a store that is not there', () => ['list', '--store', `${MISSING}/x.db`], ENVIRONMENT],
  ['replay from a store that is not there', () => ['replay', id, '--store', `${MISSING}/x.db`], ENVIRONMENT],
  ['verify a capture in a store that is not there', () => ['verify-signature', '--provider', 'smsc', '--secret', 'x', '--capture', id, '--store', `${MISSING}/x.db`], ENVIRONMENT],
  ['a binary file as the store', () => ['list', '--store', BINARY], ENVIRONMENT],
  ['a binary file as listen\'s store', () => ['listen', '--port', '0', '--store', BINARY], ENVIRONMENT],
  ['clear a binary file', () => ['clear', '--yes', '--store', BINARY], ENVIRONMENT],
  ['a folder as the store', () => ['show', id, '--store', FOLDER], ENVIRONMENT],
  ['a folder as listen\'s store', () => ['listen', '--port', '0', '--store', FOLDER], ENVIRONMENT],
  ['a store under /proc (no folder can be made there)', () => ['listen', '--port', '0', '--store', '/proc/nope/x.db'], ENVIRONMENT],
  ['a store in a folder that cannot be written', () => ['listen', '--port', '0', '--store', '/proc/x.db'], ENVIRONMENT],
  ['a store under a file', () => ['listen', '--port', '0', '--store', join(BINARY, 'x.db')], ENVIRONMENT],
  ['a port in use', () => ['listen', '--port', busyPort, '--store', at('l.db')], ENVIRONMENT],
  ['an address this machine does not have', () => ['listen', '--port', '0', '--host', '10.255.255.1', '--store', at('l.db')], ENVIRONMENT],
  ['a host name that does not resolve', () => ['listen', '--port', '0', '--host', 'no-such-host.invalid', '--store', at('l.db')], ENVIRONMENT],
  ['a missing --request file', () => ['verify-signature', '--provider', 'smsc', '--secret', 'x', '--request', `${MISSING}/r.http`], ENVIRONMENT],
  ['a missing --body file', () => ['verify-signature', '--provider', 'smsc', '--secret', 'x', '--body', `${MISSING}/b`], ENVIRONMENT],
  ['a folder as --request', () => ['verify-signature', '--provider', 'smsc', '--secret', 'x', '--request', FOLDER], ENVIRONMENT],
  ['a missing --file', () => ['send', '--provider', 'smsc', '--file', `${MISSING}/f`, '--to', DEAD], ENVIRONMENT],
  ['a folder as --file', () => ['send', '--provider', 'smsc', '--file', FOLDER, '--to', DEAD], ENVIRONMENT],
  ['a missing config file', () => ['list', '--config', `${MISSING}/c.json`, '--store', STORE], ENVIRONMENT],
  ['replay to nothing listening', () => ['replay', id, '--store', STORE, '--to', DEAD], ENVIRONMENT],
];

const results = new Map<string, CliResult>();

beforeAll(async () => {
  const store = Store.open(STORE);
  const [saved] = store.insertBatch([{ capture: { ...newCapture(1), url: '/smsc', body: Buffer.from('id=1&phone=79991234567&status=1&err=0') }, events: [] }]);
  id = saved!.id;
  store.close();
  writeFileSync(BINARY, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x1b, 0x5b, 0x32, 0x4a, 0x07]));
  mkdirSync(FOLDER);
  writeFileSync(BROKEN_CONFIG, '{not json');
  writeFileSync(BAD_KEY_CONFIG, '{"listen": {"prot": 1}}');
  busy = createServer().listen(0, '127.0.0.1');
  await once(busy, 'listening');
  busyPort = String((busy.address() as AddressInfo).port);
  // Small concurrent batches: fast on two cores without starving the machine. The default
  // store, config and cwd are the temp folder's, never the developer's. The kill is a safety
  // net so a case that hangs fails instead of blocking the suite; it asserts nothing.
  const env = { WEBHOOK_KIT_HOME: tmp.dir, WEBHOOK_KIT_SECRET_SMSC: undefined };
  for (let i = 0; i < cases.length; i += 6) {
    await Promise.all(cases.slice(i, i + 6).map(async ([name, argv]) => results.set(name, await runCli(argv(), { env, cwd: tmp.dir, killAfterMs: 20_000 }))));
  }
}, 240_000);

afterAll(() => {
  busy?.close();
  tmp.cleanup();
});

describe('a newcomer\'s wrong invocations', () => {
  it('are a fixed list of more than 50, each named once', () => {
    expect(cases.length).toBeGreaterThan(50);
    expect(new Set(cases.map(([name]) => name)).size).toBe(cases.length);
  });

  it.each(cases)('%s: one line on stderr, the documented exit code, no stack', (name, argv, exit) => {
    const r = results.get(name)!;
    const shown = `webhook-kit ${argv().join(' ')}\n${r.stderr}`;
    expect(r.code, shown).not.toBe(70);
    expect(r.stderr, shown).not.toMatch(/^ {4}at /m);
    expect(r.stderr, shown).toMatch(/^webhook-kit: [^\n]+\n$/);
    expect(r.code, shown).toBe(exit);
  });
});

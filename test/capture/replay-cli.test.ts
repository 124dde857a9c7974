import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/capture/store.js';
import { runCli, startListen } from '../helpers/cli.js';
import { http, startReceiver } from '../helpers/receiver.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
const store = join(tmp.dir, 'c.db');
let id = '';
const count = () => {
  const s = Store.open(store);
  const n = s.count();
  s.close();
  return n;
};

beforeAll(async () => {
  const listen = await startListen(['--store', store, '--count', '1']);
  const sent = await runCli(['send', '--provider', 'smsc', '--fixture', 'incoming', '--to', `${listen.url}/smsc`, '--no-retry']);
  expect(sent.code).toBe(0);
  id = (await listen.captures(1))[0]!.id as string;
  await listen.exit;
});
afterAll(() => tmp.cleanup());

describe('webhook-kit replay', () => {
  it('edits fields in $EDITOR, re-encodes in windows-1251 and prints the verdict', async () => {
    const app = await startReceiver(() => http(200, 'OK'));
    const res = await runCli(['replay', id, '--to', app.url, '--edit', '--store', store], { env: { EDITOR: 'sed -i s/Привет/Пока/' } });
    await app.close();
    expect(res.code).toBe(0);
    expect(app.requests[0]!.body.toString('latin1')).toContain('mes=%CF%EE%EA%E0+%EC%E8%F0');
    expect(res.stdout.toString()).toMatch(new RegExp(`^replayed ${id} → ${app.url}/smsc: 200 \`OK\` \\(\\d+ ms\\), stored as [2-9a-z]{6}\\n✓ SMSC.ru would count this as received`));
    expect(count()).toBe(2);
    // list says which capture is a replay, and of which, as show does.
    const stored = /stored as ([2-9a-z]{6})/.exec(res.stdout.toString())![1]!;
    const listed = (await runCli(['list', '--store', store])).stdout.toString().split('\n');
    expect(listed.find((l) => l.includes(`  ${stored}  `))).toMatch(new RegExp(`→ 200  replay of ${id}  smsc `));
    expect(listed.find((l) => l.includes(`  ${id}  `))).not.toMatch(/replay of/);
  });

  it('stores nothing and says why when the editor fails, the id is unknown or the target is down', async () => {
    const before = count();
    const editor = await runCli(['replay', id, '--to', 'http://127.0.0.1:1', '--edit', '--store', store], { env: { EDITOR: 'false' } });
    expect(editor.code).toBe(2);
    expect(editor.stderr).toBe('webhook-kit: the editor (false) exited with 1; nothing was replayed\n');
    const unknown = await runCli(['replay', 'zzzzzz', '--store', store]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^webhook-kit: no capture with id zzzzzz/);
    const down = await runCli(['replay', id, '--to', 'http://127.0.0.1:1', '--store', store]);
    expect(down.code).toBe(3);
    expect(down.stderr).toBe('webhook-kit: connection refused at 127.0.0.1:1: is your app running?; nothing was replayed (pass --to <url> to send elsewhere)\n');
    expect(count()).toBe(before);
  });
});

describe('webhook-kit replay refuses what it cannot do, in one line, storing nothing', () => {
  it('a removed field, --secret without --resign, --resign where nothing is signed, a truncated capture', async () => {
    const before = count();
    const dropPhone = `node -e "const fs=require('fs');const f=process.argv[1];const j=JSON.parse(fs.readFileSync(f,'utf8'));delete j.phone;fs.writeFileSync(f,JSON.stringify(j))"`;
    const removed = await runCli(['replay', id, '--to', 'http://127.0.0.1:1', '--edit', '--store', store], { env: { EDITOR: dropPhone } });
    expect([removed.code, removed.stderr]).toEqual([2, 'webhook-kit: --edit changes values but cannot remove fields (phone); set them to "" instead; nothing was replayed\n']);
    const secretAlone = await runCli(['replay', id, '--secret', 'abc', '--store', store]);
    expect([secretAlone.code, secretAlone.stderr]).toEqual([2, 'webhook-kit: --secret is only used with --resign; add --resign to re-sign with it\n']);

    const s = join(tmp.dir, 'other.db');
    const listen = await startListen(['--store', s, '--count', '2', '--max-body', '64']);
    await runCli(['send', '--provider', 'webcom', '--fixture', 'delivered', '--to', `${listen.url}/webcom`, '--no-retry']);
    await runCli(['send', '--provider', 'smsc', '--fixture', 'incoming', '--to', `${listen.url}/smsc`, '--no-retry', '--set', `mes=${'x'.repeat(200)}`]);
    const [webcom, truncated] = await listen.captures(2);
    await listen.exit;
    expect(truncated!.truncated).toBe(true);
    const resign = await runCli(['replay', webcom!.id as string, '--resign', '--secret', 'abc', '--store', s]);
    expect(resign.code).toBe(2);
    expect(resign.stderr).toMatch(/^webhook-kit: --resign: Webcom Mobi callbacks carry no signature or secret that --resign can fill in \(checked after re-encoding: absent\); drop --resign and --secret\n$/);
    const partial = await runCli(['replay', truncated!.id as string, '--to', 'http://127.0.0.1:1', '--store', s]);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/^webhook-kit: capture [2-9a-z]{6} was stored truncated \(64 of \d+ bytes\), so it cannot be replayed/);
    expect(count()).toBe(before);
  });
});

describe('listen playing a flaky endpoint', () => {
  it('send → listen --respond 500: Webcom Mobi makes 5 attempts, grouped under one message', async () => {
    const s = join(tmp.dir, 'flaky.db');
    const listen = await startListen(['--store', s, '--respond', '500', '--count', '5']);
    const sent = await runCli(['send', '--provider', 'webcom', '--fixture', 'delivered', '--to', `${listen.url}/webcom`, '--fast']);
    expect(sent.code).toBe(1);
    const caps = await listen.captures(5);
    const events = caps.map((c) => (c.events as Array<{ messageId: string; flags: string[] }>)[0]!);
    expect(new Set(events.map((e) => e.messageId)).size).toBe(1);
    expect(events.map((e) => e.flags)).toEqual([[], ['duplicate'], ['duplicate'], ['duplicate'], ['duplicate']]);
    const shown = await runCli(['show', caps[4]!.id as string, '--store', s]);
    expect(shown.stdout.toString()).toMatch(/timeline #\d+: (delivered.*→ ){4}\*delivered/i);
  });

  it('--fail-rate 1 answers every request with --fail-status', async () => {
    const s = join(tmp.dir, 'rate.db');
    const listen = await startListen(['--store', s, '--fail-rate', '1', '--fail-status', '503', '--count', '2']);
    const sent = await runCli(['send', '--provider', 'smsgateway24', '--fixture', 'delivered', '--to', `${listen.url}/sg24`]);
    expect(sent.code).toBe(1);
    expect(sent.stdout.toString()).toMatch(/503/);
    const ok = await runCli(['send', '--provider', 'smsgateway24', '--fixture', 'delivered', '--to', `${listen.url}/sg24`]);
    expect(ok.code).toBe(1);
    await listen.exit;
  });
});

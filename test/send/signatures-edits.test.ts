import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLES_DIR } from '../../src/core/samples.js';
import { runCli, startListen } from '../helpers/cli.js';
import { http, startReceiver, type WireRequest } from '../helpers/receiver.js';
import { tempDir } from '../helpers/tmp.js';

// Issue #19, "Signatures and edits": what `send` and `replay` put on the wire after an edit,
// checked on the raw bytes a receiver got and by `verify-signature`, as a user would.

const tmp = tempDir();
let app: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  app = await startReceiver(() => http(200, 'OK'));
});
afterAll(async () => {
  await app.close();
  tmp.cleanup();
});

/** Sends once to the receiver; the request it got, and the CLI's result. */
async function sendOnce(args: string[]): Promise<{ code: number | null; stderr: string; wire: WireRequest }> {
  const before = app.requests.length;
  const r = await runCli(['send', ...args, '--to', `${app.url}/hook`, '--no-retry']);
  return { code: r.code, stderr: r.stderr, wire: app.requests[before]! };
}

/** verify-signature on exactly what arrived. */
async function verify(wire: WireRequest, secret: string): Promise<{ code: number | null; out: string }> {
  const file = join(tmp.dir, `wire-${Math.random().toString(36).slice(2)}.http`);
  writeFileSync(file, wire.raw);
  const r = await runCli(['verify-signature', '--provider', 'smsc', '--secret', secret, '--request', file]);
  return { code: r.code, out: r.stdout.toString() + r.stderr };
}

describe('send --set on a signed fixture', () => {
  it("is signed again with the fixture's own secret, so verify-signature says valid", async () => {
    const s = await sendOnce(['--provider', 'smsc', '--fixture', 'delivered', '--set', 'id=42']);
    expect(s.code).toBe(0);
    expect(s.wire.body.toString()).toMatch(/^id=42&/);
    expect((await verify(s.wire, 'my_secret-1')).code).toBe(0);
  });

  it('keeps the algorithm of the fixture (sha1) and signs with --secret when given', async () => {
    const sha1 = await sendOnce(['--provider', 'smsc', '--fixture', 'delivered-sha1', '--set', 'status=3']);
    expect(sha1.wire.body.toString()).toMatch(/sha1=[0-9a-f]{40}/);
    expect((await verify(sha1.wire, 'my_secret-1')).code).toBe(0);
    const mine = await sendOnce(['--provider', 'smsc', '--fixture', 'delivered', '--set', 'id=42', '--secret', 'mine-2']);
    expect((await verify(mine.wire, 'mine-2')).code).toBe(0);
  });

  it('of a --file payload nobody can sign again warns in one line that the hash is stale', async () => {
    const file = join(tmp.dir, 'body.txt');
    writeFileSync(file, 'id=123&phone=79991234567&status=1&err=0&time=1700000000&md5=737004fbf5959c6e1c7d1a1427d8a4e3');
    const s = await sendOnce(['--provider', 'smsc', '--file', file, '--set', 'id=42']);
    expect(s.code).toBe(0);
    expect(s.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^webhook-kit: warning: .*signed with md5.*stale.*--secret/)]);
  });
});

describe('replay --set on a signed capture', () => {
  it('without --resign says in one line that the signature is now stale; with it, signs afresh', async () => {
    const store = join(tmp.dir, 'r.db');
    const l = await startListen(['--store', store, '--count', '1']);
    expect((await runCli(['send', '--provider', 'smsc', '--fixture', 'delivered', '--to', `${l.url}/smsc`, '--no-retry'])).code).toBe(0);
    const id = (await l.captures(1))[0]!.id as string;
    await l.exit;
    const stale = await runCli(['replay', id, '--store', store, '--to', `${app.url}/hook`, '--set', 'id=42']);
    expect(stale.code).toBe(0);
    expect(stale.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^webhook-kit: warning: .*md5.*stale.*--resign --secret/)]);
    expect((await verify(app.requests.at(-1)!, 'my_secret-1')).code).toBe(1);
    // A field the capture does not have is refused, and no warning is given about an edit that was not made.
    const refused = await runCli(['replay', id, '--store', store, '--to', `${app.url}/hook`, '--set', 'stauts=1']);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^webhook-kit: .*stauts.*did you mean status\?/)]);
    // A status SMSC.ru does not have goes out as given, said in one line (beside the stale-signature one).
    const unknown = await runCli(['replay', id, '--store', store, '--to', `${app.url}/hook`, '--set', 'status=77']);
    expect(unknown.stderr.trim().split('\n')).toEqual([expect.stringMatching(/stale/), expect.stringMatching(/^webhook-kit: warning: SMSC\.ru has no status "77"/)]);
    const fresh = await runCli(['replay', id, '--store', store, '--to', `${app.url}/hook`, '--set', 'id=42', '--resign', '--secret', 'my_secret-1']);
    expect(fresh.stderr).toBe('');
    expect((await verify(app.requests.at(-1)!, 'my_secret-1')).code).toBe(0);
  });
});

describe('send flags the provider does not read', () => {
  it('are refused in one line with exit 2 and nothing sent, as listen refuses its flags', async () => {
    const before = app.requests.length;
    const cases: Array<[string[], RegExp]> = [
      [['--provider', 'webcom', '--sign', 'sha1', '--legacy', '--secret', 'x'], /^webhook-kit: --\w+ does not apply to Webcom Mobi \(only [^)]+\); drop --\w+$/],
      [['--provider', 'zender', '--sign', 'md5', '--secret', 'x'], /^webhook-kit: --sign does not apply to Zender \(only SMSC\.ru\); drop --sign$/],
      [['--provider', 'smsc', '--legacy'], /^webhook-kit: --legacy does not apply to SMSC\.ru \(only SMSGateway24\); drop --legacy$/],
      [['--provider', 'smsgateway24', '--secret', 'x'], /^webhook-kit: --secret does not apply to SMSGateway24 \(only SMSC\.ru, Zender and SMS Gateway for Android\); drop --secret$/],
    ];
    for (const [args, line] of cases) {
      const r = await runCli(['send', ...args, '--to', `${app.url}/hook`, '--no-retry']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(line)]);
    }
    expect(app.requests.length).toBe(before);
    // The flags a provider does read still work.
    expect((await sendOnce(['--provider', 'smsgateway24', '--fixture', 'incoming', '--legacy'])).code).toBe(0);
    expect((await sendOnce(['--provider', 'zender', '--secret', 'MINE'])).wire.body.toString()).toContain('secret=MINE');
  });
});

describe('send --file with a full request', () => {
  it('sends it as written: method, path, headers and bytes, only Content-Length recomputed', async () => {
    const file = join(tmp.dir, 'full.http');
    const body = Buffer.from('mes=\xCF\xF0\xE8\xE2\xE5\xF2&id=1', 'latin1');
    writeFileSync(file, Buffer.concat([Buffer.from('PUT /custom/path?x=1 HTTP/1.1\r\nHost: mysite.ru\r\nX-Custom: yes\r\nContent-Type: text/plain\r\nContent-Length: 999\r\n\r\n'), body]));
    const before = app.requests.length;
    const r = await runCli(['send', '--provider', 'smsc', '--file', file, '--to', app.url, '--no-retry']);
    expect(r.code).toBe(0);
    const wire = app.requests[before]!;
    expect(wire.method).toBe('PUT');
    expect(wire.target).toBe('/custom/path?x=1');
    expect(wire.headers).toEqual(expect.arrayContaining([['X-Custom', 'yes'], ['Content-Type', 'text/plain'], ['content-length', String(body.length)]]));
    expect(wire.body.equals(body)).toBe(true);
  });
});

describe('a --set value the charset cannot carry', () => {
  it('is one warning line naming the characters and the charset, and the signature is over the bytes sent', async () => {
    const s = await sendOnce(['--provider', 'smsc', '--fixture', 'incoming', '--set', 'mes=Hi 😀 €']);
    expect(s.code).toBe(0);
    expect(s.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^webhook-kit: warning: windows-1251 cannot carry "😀" \(U\+1F600\), so they are replaced by "\?"/)]);
    expect(s.wire.body.toString('latin1')).toContain('mes=Hi+%3F%3F+%88&');
    const v = await verify(s.wire, 'my_secret-1');
    expect(v.code).toBe(0);
    expect(v.out).toContain('Hi ?? €');
    // Characters the charset has are no warning.
    const fits = await sendOnce(['--provider', 'smsc', '--fixture', 'incoming', '--set', 'mes=Привет €']);
    expect(fits.stderr).toBe('');
  });
});

describe('--set names', () => {
  it('are the names show prints: an item of a Webcom batch, a nested Zender field', async () => {
    const batch = await sendOnce(['--provider', 'webcom', '--fixture', 'batch', '--set', '1.state=expired']);
    expect((JSON.parse(batch.wire.body.toString()) as Array<Record<string, unknown>>).map((i) => i['state'])).toEqual(['deliver', 'expired', 'not_deliver']);
    expect(batch.wire.body.toString()).not.toContain('1.state');
    const zender = await sendOnce(['--provider', 'zender', '--fixture', 'notification', '--set', 'data.title=X']);
    expect(zender.code).toBe(0);
    expect(zender.wire.body.toString()).toContain('data%5Btitle%5D=X&');
    expect(zender.wire.body.toString()).not.toContain('data.title');
  });

  it('refuse a typo in one line with the nearest name, unless --add says the new field is meant', async () => {
    const before = app.requests.length;
    const typo = await runCli(['send', '--provider', 'smsc', '--set', 'stauts=3', '--to', `${app.url}/hook`, '--no-retry']);
    expect(typo.code).toBe(2);
    expect(typo.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^webhook-kit: .*no field "stauts"; did you mean status\? .*--add stauts=<value>$/)]);
    expect(app.requests.length).toBe(before);
    const added = await sendOnce(['--provider', 'smsc', '--add', 'cost=1.5']);
    expect(added.code).toBe(0);
    expect(added.wire.body.toString()).toMatch(/&cost=1\.5&md5=/);
  });

  it('work the same on replay: the index of a batch item, --add, and a typo refused before anything is sent', async () => {
    const store = join(tmp.dir, 'names.db');
    const l = await startListen(['--store', store, '--count', '1']);
    await runCli(['send', '--provider', 'webcom', '--fixture', 'batch', '--to', `${l.url}/webcom`, '--no-retry']);
    const id = (await l.captures(1))[0]!.id as string;
    await l.exit;
    const before = app.requests.length;
    const typo = await runCli(['replay', id, '--store', store, '--to', app.url, '--set', '2.stat=x']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/no field "stat"; did you mean state\?/);
    expect(app.requests.length).toBe(before);
    await runCli(['replay', id, '--store', store, '--to', app.url, '--set', '2.state=expired', '--add', '0.note=x']);
    const items = JSON.parse(app.requests.at(-1)!.body.toString()) as Array<Record<string, unknown>>;
    expect(items.map((i) => [i['state'], i['note']])).toEqual([['deliver', 'x'], ['send', undefined], ['expired', undefined]]);
  });
});

describe('send --set with a status the provider does not have', () => {
  it('sends it as given and says so in one line, with the nearest status; a known one says nothing', async () => {
    const typo = await sendOnce(['--provider', 'webcom', '--fixture', 'delivered', '--set', 'state=expird']);
    expect(typo.stderr).toBe('webhook-kit: warning: Webcom Mobi has no status "expird", so it goes out as given and listen shows it as unknown; did you mean expired? its statuses: send, deliver, read, not_deliver, expired, partly_deliver\n');
    expect(typo.wire.body.toString()).toContain('"state":"expird"');
    // A number gets no nearest spelling ("77": -3 would be no hint).
    expect((await sendOnce(['--provider', 'smsc', '--fixture', 'delivered', '--set', 'status=77'])).stderr).toMatch(/^webhook-kit: warning: SMSC\.ru has no status "77", so it goes out as given and listen shows it as unknown; its statuses: -3, /);
    expect((await sendOnce(['--provider', 'webcom', '--fixture', 'delivered', '--set', 'state=expired'])).stderr).toBe('');
  });
});

describe('send --no-retry', () => {
  it('with --retry-interval is refused, exit 2; with a config file that sets retryInterval it sends', async () => {
    const both = await runCli(['send', '--provider', 'smsc', '--to', `${app.url}/hook`, '--no-retry', '--retry-interval', '5']);
    expect([both.code, both.stderr]).toEqual([2, 'webhook-kit: --retry-interval only applies with retries; drop --no-retry or --retry-interval\n']);
    const config = join(tmp.dir, 'retry.json');
    writeFileSync(config, JSON.stringify({ send: { retryInterval: '50' } }));
    const configured = await runCli(['send', '--provider', 'smsc', '--to', `${app.url}/hook`, '--no-retry', '--config', config]);
    expect([configured.code, configured.stderr]).toEqual([0, '']);
  });
});

describe('send --file with a bare body', () => {
  it('says so when the provider re-encodes it (hello goes out as hello=), and says nothing when the bytes stay', async () => {
    const bare = join(tmp.dir, 'bare.txt');
    writeFileSync(bare, 'hello');
    const changed = await sendOnce(['--provider', 'smsc', '--file', bare]);
    expect(changed.wire.body.toString()).toBe('hello=');
    expect(changed.stderr).toBe(`webhook-kit: note: ${bare} is a bare body, sent re-encoded in SMSC.ru's format (5 B as written, 6 B sent); to send its bytes as written, give a full request: a request line and headers first, as in ${join(SAMPLES_DIR, 'smsc')}\n`);
    writeFileSync(bare, 'id=1&phone=7999&status=1&err=0');
    const same = await sendOnce(['--provider', 'smsc', '--file', bare]);
    expect([same.wire.body.toString(), same.stderr]).toEqual(['id=1&phone=7999&status=1&err=0', '']);
  });
});

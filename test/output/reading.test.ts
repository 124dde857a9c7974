import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { providerIds } from '../../src/providers/registry.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BIN, runCli, startListen, startPlainListen } from '../helpers/cli.js';
import { http, startReceiver } from '../helpers/receiver.js';
import { tempDir } from '../helpers/tmp.js';

// Issue #19, "Output and reading": each step as a user takes it, with the built CLI.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const tmp = tempDir('wk-reading-');
const store = join(tmp.dir, 'c.db');
const batch = Buffer.from(JSON.stringify(Array.from({ length: 10_000 }, (_, n) => ({ id_sms: n, time: '2011-01-01 12:57:46', state: 'deliver' }))));
const ids: Record<string, string> = {};

/** A sample's request line and body, sent as is (the samples format: headers, blank line, body). */
function sample(path: string): { target: string; type: string; body: Buffer } {
  const raw = readFileSync(join(ROOT, 'samples', path));
  const end = raw.indexOf('\n\n');
  const head = raw.subarray(0, end).toString().split('\n');
  const type = head.find((l) => /^content-type:/i.test(l))!.replace(/^[^:]*:\s*/, '');
  return { target: head[0]!.split(' ')[1]!, type, body: raw.subarray(end + 2) };
}

async function post(url: string, path: string, body: Buffer, headers: Record<string, string>): Promise<void> {
  const res = await request(`${url}${path}`, { method: 'POST', body, headers });
  await res.body.dump();
}

const seeds: Array<{ name: string; path: string; body: Buffer; headers: Record<string, string> }> = [
  { name: 'batch', path: '/webcom', body: batch, headers: { 'content-type': 'application/json' } },
  ...['smsc/delivered.http', 'smsc/waitcall.http', 'zender/ussd.http'].map((p) => {
    const s = sample(p);
    return { name: p.replace(/\.http$/, ''), path: s.target, body: s.body, headers: { 'content-type': s.type } };
  }),
  { name: 'gzip', path: '/smsc', body: gzipSync(sample('smsc/delivered.http').body), headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' } },
  { name: 'plain', path: '/hook', body: Buffer.from('hello'), headers: { 'content-type': 'text/plain' } },
  // 64 MiB of zeros in about 64 KB: inflating it whole on every view would cost 64 MiB each time.
  { name: 'bomb', path: '/smsc', body: gzipSync(Buffer.alloc(64 * 1024 * 1024)), headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' } },
];

beforeAll(async () => {
  const listen = await startListen(['--store', store, '--count', String(seeds.length)]);
  for (const s of seeds) await post(listen.url, s.path, s.body, s.headers);
  const caps = await listen.captures(seeds.length);
  seeds.forEach((s, n) => (ids[s.name] = caps[n]!.id as string));
  expect(await listen.exit).toBe(0);
}, 30_000);
afterAll(() => tmp.cleanup());

describe('plain lines are cut for people, NDJSON stays whole', () => {
  it('listen without a terminal writes a 10,000-item batch as one line of 500 characters ending in …', async () => {
    const listen = await startPlainListen(['--port', '0', '--store', join(tmp.dir, 'plain.db'), '--count', '1']);
    await post(listen.url, '/webcom', batch, { 'content-type': 'application/json' });
    expect(await listen.exit).toBe(0);
    const lines = listen.stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect([...lines[0]!]).toHaveLength(500);
    expect(lines[0]!.endsWith('…')).toBe(true);
    expect(lines[0]).toContain('webcom status #0 delivered');
  });

  it('list in an 80-column terminal fits each line in 80 columns; list --json keeps every item', async () => {
    const SOCKET = `wk-reading-${process.pid}`;
    const tmux = (...args: string[]): string => {
      const r = spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    try {
      tmux('new-session', '-d', '-s', 'wk', '-x', '80', '-y', '24', `env PS1='wk$ ' sh`);
      // The command's own echo must not look like output: the script prints a marker built at run time.
      const script = join(tmp.dir, 'list.sh');
      writeFileSync(script, `clear\nNO_COLOR=1 '${process.execPath}' '${BIN}' list --store '${store}'\nprintf 'DO%s\\n' NE\n`);
      tmux('send-keys', '-t', 'wk', '-l', `sh ${script}`);
      tmux('send-keys', '-t', 'wk', 'Enter');
      const rows = (): string[] => tmux('capture-pane', '-p', '-t', 'wk').split('\n');
      await vi.waitFor(() => expect(rows()).toContain('DONE'), { timeout: 20_000, interval: 100 });
      const shown = rows();
      const out = shown.slice(0, shown.indexOf('DONE'));
      // One row per capture: nothing wrapped onto a second row.
      expect(out).toHaveLength(seeds.length);
      const batchRow = out.find((l) => l.includes(ids.batch!))!;
      expect(batchRow).toHaveLength(80);
      expect(batchRow.endsWith('…')).toBe(true);
    } finally {
      spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
    }
    const json = await runCli(['list', '--store', store, '--json']);
    const obj = json.stdout.toString().split('\n').map((l) => (l ? (JSON.parse(l) as { id: string; events: unknown[] }) : null)).find((o) => o?.id === ids.batch)!;
    expect(obj.events).toHaveLength(10_000);
  });
});

describe('list says when there are more', () => {
  it('a full page says on stderr how many there are and how to see more; stdout stays data', async () => {
    const r = await runCli(['list', '--store', store, '--limit', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout.toString().trimEnd().split('\n')).toHaveLength(2);
    expect(r.stderr).toBe(`showing 2 of ${seeds.length}; --limit N for more\n`);
    const all = await runCli(['list', '--store', store, '--limit', String(seeds.length)]);
    expect(all.stderr).toBe('');
  });

  it('a filtered page says so too when more captures match (one match past the limit), and not when none do', async () => {
    const smsc = seeds.filter((s) => s.path.startsWith('/smsc')).length;
    expect(smsc).toBeGreaterThan(1);
    const r = await runCli(['list', '--store', store, '--provider', 'smsc', '--limit', '1']);
    expect(r.stdout.toString().trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toBe('showing the newest 1 matching; more match; --limit N for more\n');
    const all = await runCli(['list', '--store', store, '--provider', 'smsc', '--limit', String(smsc)]);
    expect(all.stdout.toString().trimEnd().split('\n')).toHaveLength(smsc);
    expect(all.stderr).toBe('');
  });
});

describe('show reads as words', () => {
  it('puts the local date and UTC offset beside a Unix timestamp, the code beside a USSD answer, the number beside a call', async () => {
    const env = { TZ: 'America/St_Johns' };
    const delivered = (await runCli(['show', ids['smsc/delivered']!, '--store', store], { env })).stdout.toString();
    expect(delivered).toContain('  time: 1700000000 (2023-11-14 18:43:20 -03:30)\n');
    const ussd = (await runCli(['show', ids['zender/ussd']!, '--store', store], { env })).stdout.toString();
    expect(ussd).toContain('  ussd #7 *143# "Your balance is PHP 25.00. Valid until 2022-03-01."\n');
    expect(ussd).toContain('  data.timestamp: 1645684400 (2022-02-24 03:03:20 -03:30)\n');
    const call = (await runCli(['show', ids['smsc/waitcall']!, '--store', store], { env })).stdout.toString();
    expect(call).toContain('  call 79991234567 called 74950000000\n');
  });
});

describe('a gzip body is read inflated, stored as received', () => {
  it('an SMSC.ru callback sent with Content-Encoding: gzip decodes, and its signature verifies', async () => {
    const line = (await runCli(['list', '--store', store, '--limit', '50'])).stdout.toString().split('\n').find((l) => l.includes(ids.gzip!))!;
    expect(line).toContain('smsc status #123 79991234567 delivered (final) Delivered: delivered to subscriber');
    expect(line).not.toContain('missing');
    const shown = (await runCli(['show', ids.gzip!, '--store', store, '--secret', 'smsc=my_secret-1'])).stdout.toString();
    expect(shown).toMatch(new RegExp(`^Body \\(\\d+ B, gzip inflated to ${sample('smsc/delivered.http').body.length} B, form, utf-8\\)$`, 'm'));
    expect(shown).toContain('Signature: valid');
    const raw = await runCli(['show', ids.gzip!, '--store', store, '--raw']);
    expect(raw.stdout.equals(seeds.find((s) => s.name === 'gzip')!.body)).toBe(true);
  });

  it('a gzip bomb is capped: one line says so and the bytes are shown as received', async () => {
    const r = await runCli(['show', ids.bomb!, '--store', store]);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toContain('! gzip body inflates past 8 MiB: shown as received; binary body');
  });
});

describe('listen --host 0.0.0.0 prints routes a phone can use', () => {
  it('the provider routes are on the LAN addresses, never on 0.0.0.0', async () => {
    const listen = await startPlainListen(['--host', '0.0.0.0', '--port', '0', '--store', join(tmp.dir, 'lan.db'), '--count', '1']);
    await vi.waitFor(() => expect(listen.stderr()).toContain('warning: bound to 0.0.0.0'), { timeout: 10_000, interval: 50 });
    const port = new URL(listen.url).port;
    await post(`http://127.0.0.1:${port}`, '/smsc', Buffer.from('id=1&phone=7&status=1'), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(await listen.exit).toBe(0);
    const lan = Object.values(networkInterfaces()).flat().filter((a) => a && a.family === 'IPv4' && !a.internal).map((a) => a!.address);
    const routes = listen.stderr().split('\n').filter((l) => l.includes('provider routes:'));
    expect(routes.map((l) => /http:\/\/([^:/]+):/.exec(l)![1])).toEqual(lan.length ? lan : ['127.0.0.1']);
    for (const l of routes) expect(l).toMatch(new RegExp(`:${port}/smsc .*:${port}/webcom .*:${port}/smsgateway24 .*:${port}/zender`));
    expect(routes.join('\n')).not.toContain('0.0.0.0');
  });
});

describe('verify-signature --capture knows the provider', () => {
  it('checks with the capture\'s own provider, or says in one line that it cannot tell', async () => {
    const ok = await runCli(['verify-signature', '--capture', ids['smsc/delivered']!, '--store', store, '--secret', 'my_secret-1']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout.toString()).toMatch(/^provider +SMSC\.ru$/m);
    const env = await runCli(['verify-signature', '--capture', ids['zender/ussd']!, '--store', store, '--json'], { env: { WEBHOOK_KIT_SECRET_ZENDER: 'MY_SECRET' } });
    expect(JSON.parse(env.stdout.toString())).toMatchObject({ provider: 'zender', state: 'valid' });
    const gz = await runCli(['verify-signature', '--capture', ids.gzip!, '--store', store, '--secret', 'my_secret-1']);
    expect(gz.code).toBe(0);
    const unknown = await runCli(['verify-signature', '--capture', ids.plain!, '--store', store, '--secret', 'x']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(`webhook-kit: capture ${ids.plain} is not recognised as any provider's callback; pass --provider <id> (${providerIds().join(', ')})\n`);
    const neither = await runCli(['verify-signature', '--secret', 'x', '--body', '-']);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toBe('webhook-kit: --provider <id> is required unless --capture names a stored capture\n');
  });
});

/** Sends one request exactly as these bytes (undici would not send a dot-segment path or raw UTF-8 header bytes). */
async function sendRaw(url: string, head: Buffer, body: Buffer): Promise<void> {
  const { hostname, port } = new URL(url);
  const sock = connect(Number(port), hostname);
  await once(sock, 'connect');
  sock.end(Buffer.concat([head, body]));
  // The listener answers and closes (Connection: close): the capture is stored by then.
  for await (const _ of sock) void _;
}

describe('export --format curl reproduces the request byte for byte', () => {
  const exportedIds: string[] = [];
  it('replayed with real curl, a dot-segment path, [brackets], UTF-8 header bytes and a binary body arrive as captured', async () => {
    const exStore = join(tmp.dir, 'export.db');
    const listen = await startListen(['--store', exStore, '--count', '2']);
    const target = '/smsc/../a/./b?data[id]=1&x=%2F';
    const heads = [
      `POST ${target} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nX-Name: Привет ü\r\nX-Twice: 1\r\nX-Twice: 2\r\nContent-Length: 21\r\nConnection: close\r\n\r\n`,
      `PUT /bin HTTP/1.1\r\nHost: x\r\nUser-Agent: gateway/1.0\r\nContent-Length: 8\r\nConnection: close\r\n\r\n`,
    ];
    await sendRaw(listen.url, Buffer.from(heads[0]!, 'utf8'), Buffer.from('id=1&phone=7&status=1'));
    await sendRaw(listen.url, Buffer.from(heads[1]!, 'utf8'), Buffer.from([0, 0x27, 0x25, 0x5c, 0xff, 10, 0x1b, 0x80]));
    const caps = await listen.captures(2);
    expect(await listen.exit).toBe(0);
    exportedIds.push(...caps.map((c) => c.id as string));

    const receiver = await startReceiver(() => http(200, 'OK'));
    try {
      for (const cap of caps) {
        const id = cap.id as string;
        const exported = await runCli(['export', '--format', 'curl', id, '--store', exStore, '--base-url', receiver.url]);
        expect(exported.code).toBe(0);
        const cmd = exported.stdout.toString();
        // The command is inert on a terminal: raw bytes are printf escapes, never written as they are.
        expect(cmd).toMatch(/^[\x20-\x7e]*\n$/);
        const n = receiver.requests.length;
        // Not spawnSync: the receiver answers from this process's event loop.
        const run = spawn('sh', ['-c', cmd], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        run.stderr.on('data', (d: Buffer) => (err += d.toString()));
        const [status] = (await once(run, 'close')) as [number];
        expect(status, err).toBe(0);
        const got = receiver.requests[n]!;
        const shown = JSON.parse((await runCli(['show', id, '--json', '--store', exStore])).stdout.toString()) as { method: string; url: string; headers: Array<[string, string]> };
        const raw = (await runCli(['show', id, '--raw', '--store', exStore])).stdout;
        expect(got.method).toBe(shown.method);
        expect(got.target).toBe(shown.url);
        expect(got.body.equals(raw)).toBe(true);
        // Every header as captured, byte for byte and in order; curl's own are Host and Content-Length only.
        const own = (name: string): boolean => ['host', 'content-length', 'connection'].includes(name.toLowerCase());
        expect(got.headers.filter(([k]) => !own(k))).toEqual(shown.headers.filter(([k]) => !own(k)));
        expect(got.headers.filter(([k]) => own(k)).map(([k]) => k.toLowerCase()).sort()).toEqual(raw.length ? ['content-length', 'host'] : ['host']);
      }
      expect(receiver.requests[0]!.target).toBe(target);
      expect(receiver.requests[0]!.headers).toContainEqual(['X-Name', Buffer.from('Привет ü').toString('latin1')]);
    } finally {
      await receiver.close();
    }
  });

  it('export --base-url with a password prints it masked (curl and HAR) unless --reveal-secrets', async () => {
    const exStore = join(tmp.dir, 'export.db');
    const withPassword = await runCli(['export', '--format', 'curl', exportedIds[1]!, '--store', exStore, '--base-url', 'http://user:longpassword@127.0.0.1:9']);
    expect(withPassword.stdout.toString()).not.toContain('longpassword');
    expect(exportedIds).toHaveLength(2);
    expect(withPassword.stdout.toString()).toMatch(/'http:\/\/user:<secret sha256:[0-9a-f]{8}>@127\.0\.0\.1:9\/bin'\n$/);
    expect(withPassword.stderr).toContain('1 command(s) had a secret masked');
    const har = await runCli(['export', '--format', 'har', '--store', exStore, '--base-url', 'http://user:longpassword@127.0.0.1:9']);
    expect(har.stdout.toString()).not.toContain('longpassword');
    const revealed = await runCli(['export', '--format', 'curl', exportedIds[1]!, '--store', exStore, '--base-url', 'http://user:longpassword@127.0.0.1:9', '--reveal-secrets']);
    expect(revealed.stdout.toString()).toContain("'http://user:longpassword@127.0.0.1:9/bin'");
  });
});

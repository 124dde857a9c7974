import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { absoluteUrl } from '../../src/core/raw-request.js';
import { runCli, startListen } from '../helpers/cli.js';
import { http, startReceiver } from '../helpers/receiver.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
const store = join(tmp.dir, 'c.db');
const ids: string[] = [];

/** Raw request bytes, as a hostile client would send them; resolves with the answer's status line. */
async function raw(url: string, head: string, body = 'id=1&phone=79991234567&status=1&err=0'): Promise<string> {
  const sock = connect(Number(new URL(url).port), '127.0.0.1');
  sock.write(`${head}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
  const chunks: Buffer[] = [];
  for await (const c of sock) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('latin1').split('\r\n')[0]!;
}

beforeAll(async () => {
  const listen = await startListen(['--store', store, '--count', '3']);
  expect(await raw(listen.url, 'POST /smsc HTTP/1.1\r\nHost: bad host')).toBe('HTTP/1.1 200 OK');
  expect(await raw(listen.url, 'POST http://elsewhere.example/smsc?q=1 HTTP/1.1\r\nHost: x')).toBe('HTTP/1.1 200 OK');
  // HTTP/1.1 without Host: stored like any other, not Node's bare 400.
  expect(await raw(listen.url, 'POST /smsc HTTP/1.1')).toBe('HTTP/1.1 200 OK');
  for (const c of await listen.captures(3)) ids.push(c.id as string);
  expect(await listen.exit).toBe(0);
});
afterAll(() => tmp.cleanup());

describe('captures with a hostile Host or request target', () => {
  it('export as HAR and curl instead of crashing', async () => {
    const har = await runCli(['export', '--store', store, '--format', 'har']);
    expect(har.code).toBe(0);
    const urls = (JSON.parse(har.stdout.toString()) as { log: { entries: Array<{ request: { url: string } }> } }).log.entries.map((e) => e.request.url).sort();
    expect(urls).toEqual(['http://elsewhere.example/smsc?q=1', 'http://localhost/smsc', 'http://localhost/smsc']);
    const curl = await runCli(['export', '--store', store, '--format', 'curl', ids[1]!, '--base-url', 'http://127.0.0.1:9']);
    expect(curl.stdout.toString()).toContain("'http://127.0.0.1:9/smsc?q=1'");
  });

  it('reject a --base-url that is not an origin in one line', async () => {
    const r = await runCli(['export', '--store', store, '--format', 'har', '--base-url', 'notaurl']);
    expect(r.code).toBe(2);
    expect(r.stderr.toString().trim().split('\n')).toHaveLength(1);
    expect(r.stderr.toString()).toMatch(/--base-url "notaurl" is not an http\(s\) origin/);
  });

  it('replay to --to with the received path, not the absolute-form host', async () => {
    const app = await startReceiver(() => http(200, 'OK'));
    try {
      for (const id of ids) {
        const r = await runCli(['replay', id, '--store', store, '--to', app.url]);
        expect(r.stderr.toString()).not.toMatch(/TypeError|at .*\.js/);
        expect(r.code).toBe(0);
      }
      expect(app.requests.map((q) => q.target).sort()).toEqual(['/smsc', '/smsc', '/smsc?q=1']);
    } finally {
      await app.close();
    }
  });
});

describe('absoluteUrl', () => {
  it('never throws and keeps the target as received', () => {
    expect(absoluteUrl({ url: '/a/../b?s=%zz', headers: [['Host', 'h:1']] })).toBe('http://h:1/a/../b?s=%zz');
    expect(absoluteUrl({ url: '/x', headers: [['Host', '127.0.0.1:99999']] })).toBe('http://localhost/x');
    expect(absoluteUrl({ url: '*', headers: [] })).toBe('http://localhost/');
    expect(absoluteUrl({ url: 'http://e.example/p?q', headers: [] }, 'http://127.0.0.1:3000/')).toBe('http://127.0.0.1:3000/p?q');
  });
});

describe('requestTarget', () => {
  it('keeps printable ASCII as written, and leaves other bytes and backslashes to URL parsing', async () => {
    const { requestTarget } = await import('../../src/core/raw-request.js');
    const t = (w: string) => requestTarget(new URL(w), w);
    expect(t("http://h:1/a/../b?s='v'&x=%zz#frag")).toBe("/a/../b?s='v'&x=%zz");
    expect(t('http://h:1/café?n=José')).toBe('/caf%C3%A9?n=Jos%C3%A9');
    expect(t('http://h:1\\hook?x=1')).toBe('/hook?x=1');
    expect(t('http://h:1?x=1')).toBe('/?x=1');
  });
});

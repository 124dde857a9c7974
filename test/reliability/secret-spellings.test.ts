import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskSecret } from '../../src/core/secret.js';
import { runCli, startPlainListen } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
const store = join(tmp.dir, 'c.db');
const FORM = 'application/x-www-form-urlencoded';
const LONG = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123';

/** Secrets a request carries in clear, in spellings the review found printed. */
const requests: Array<{ path: string; type: string; body: string; secrets: string[]; leaks: string[] }> = [
  { path: '/zender', type: FORM, body: 'type=sms&data%5Bid%5D=1&data%5Bphone%5D=%2B79991234567&data%5Bmessage%5D=hi&secret=ZSECRETdup&secret=ZSECRETdup2', secrets: ['ZSECRETdup', 'ZSECRETdup2'], leaks: ['ZSECRETdup'] },
  { path: '/zender', type: 'application/json', body: '{"type":"sms","secret":87654321,"data":{"id":"2","phone":"+7999","message":"x"}}', secrets: ['87654321'], leaks: ['87654321'] },
  { path: '/zender', type: FORM, body: 'type=sms&secret=ZSEC%52ETpct&data%5Bid%5D=3&data%5Bphone%5D=1&data%5Bmessage%5D=m', secrets: ['ZSECRETpct'], leaks: ['ZSEC%52ETpct', 'ZSECRETpct'] },
  { path: '/sg24?token=TOKS%45CRET999', type: 'application/json', body: '{"status_id":1}', secrets: ['TOKSECRET999'], leaks: ['TOKS%45CRET999', 'TOKSECRET999'] },
  { path: '/zender', type: FORM, body: `pad${'p'.repeat(62)}=1&secret=${LONG}&type=weird`, secrets: [LONG], leaks: ['ABCDEF'] },
];
const LEAKS = requests.flatMap((r) => r.leaks);

let listenOut = '';
beforeAll(async () => {
  // Plain lines (stdout is a pipe): the listen line is cut like `list`'s.
  const listen = await startPlainListen(['--port', '0', '--store', store, '--count', String(requests.length)]);
  const url = listen.url;
  for (const r of requests) {
    const res = await request(`${url}${r.path}`, { method: 'POST', body: r.body, headers: { 'content-type': r.type } });
    await res.body.dump();
  }
  expect(await listen.exit).toBe(0);
  listenOut = listen.stdout();
});
afterAll(() => tmp.cleanup());

describe('a secret a request carries is masked in every spelling, in every output', () => {
  it('repeated and numeric secret fields, percent-encoded spellings, and a preview cut after the secret', async () => {
    const ids = (await runCli(['list', '--json', '--store', store])).stdout.toString().trim().split('\n').map((l) => JSON.parse(l).id as string);
    expect(ids).toHaveLength(requests.length);
    const outputs: Array<[string, string]> = [['listen', listenOut]];
    for (const args of [['list'], ['list', '--json'], ['export'], ['export', '--format', 'har'], ['export', '--format', 'curl'], ...ids.flatMap((id) => [['show', id], ['show', id, '--json']])]) {
      const r = await runCli([...args, '--store', store]);
      expect(r.code, args.join(' ')).toBe(0);
      outputs.push([args.join(' '), r.stdout.toString()]);
    }
    for (const [name, text] of outputs) for (const leak of LEAKS) expect(text, `${name} shows ${leak}`).not.toContain(leak);
    // Masked, not dropped: each secret's fingerprint is in show's body and fields.
    for (const [n, r] of [...requests].reverse().entries()) {
      const show = outputs.find(([name]) => name === `show ${ids[n]}`)![1];
      for (const s of r.secrets) expect(show).toContain(maskSecret(s));
    }
    expect(listenOut).toMatch(/secret=<sec/);
  });
});

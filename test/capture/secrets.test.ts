import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startListen } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('secrets never reach an output in full', () => {
  it('masks the configured secret and Zender\'s clear-text secret everywhere but an explicit reveal', async () => {
    const store = join(tmp.dir, 's.db');
    const secret = 'Zs3cr3t-Value_42';
    const listen = await startListen(['--store', store, '--count', '2', '--secret', `zender=${secret}`, '--secret', 'smsc=my_secret-1']);
    const sent = await runCli(['send', '--provider', 'zender', '--fixture', 'incoming', '--secret', secret, '--to', `${listen.url}/zender`]);
    const signed = await runCli(['send', '--provider', 'smsc', '--fixture', 'delivered', '--secret', 'my_secret-1', '--to', `${listen.url}/smsc`, '--json']);
    const caps = await listen.captures(2);
    await listen.exit;
    const outputs: Array<[string, string]> = [
      ['send', sent.stdout.toString() + sent.stderr],
      ['send --json', signed.stdout.toString() + signed.stderr],
      ['listen --json', JSON.stringify(caps) + listen.stderr()],
    ];
    for (const args of [['list'], ['list', '--json'], ['show', caps[0]!.id as string], ['show', caps[0]!.id as string, '--json'], ['export'], ['export', '--format', 'har'], ['export', '--format', 'curl']]) {
      const r = await runCli([...args, '--store', store, '--secret', `zender=${secret}`]);
      outputs.push([args.join(' '), r.stdout.toString() + r.stderr]);
    }
    const v = await runCli(['verify-signature', '--provider', 'zender', '--secret', secret, '--capture', caps[0]!.id as string, '--store', store, '--json']);
    expect(v.code).toBe(0);
    outputs.push(['verify-signature', v.stdout.toString() + v.stderr]);
    for (const [name, text] of outputs) {
      expect(text, name).not.toContain(secret);
      expect(text, name).not.toContain('my_secret-1');
    }
    expect(outputs.find(([n]) => n === 'show ' + caps[0]!.id)![1]).toMatch(/<secret sha256:[0-9a-f]{8}>/);
    // Without --secret, Zender's secret is still masked: the provider knows the field is one.
    const bare = await runCli(['show', caps[0]!.id as string, '--json', '--store', store]);
    expect(bare.stdout.toString()).not.toContain(secret);
    const curl = await runCli(['export', '--format', 'curl', caps[0]!.id as string, '--store', store]);
    expect(curl.stderr).toMatch(/secret masked.*--reveal-secrets/);
    const exact = await runCli(['export', '--format', 'curl', caps[0]!.id as string, '--reveal-secrets', '--store', store]);
    expect(exact.stdout.toString()).toContain(secret);
  });
});

describe('credentials a request carries of its own (review finding)', () => {
  it('an Authorization header, an X-Api-Key and secret-named query values are masked in every output; --reveal-secrets gives them back', async () => {
    const store = join(tmp.dir, 'cred.db');
    const listen = await startListen(['--store', store, '--count', '1', '--no-inspector']);
    const { request } = await import('undici');
    const res = await request(`${listen.url}/smsc?api_key=qsKEY888&password=pw999999`, {
      method: 'POST',
      body: 'id=1&phone=79991234567&status=1&err=0',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('bob:hunter2pass').toString('base64')}`, 'x-api-key': 'apikeyVALUE77' },
    });
    await res.body.text();
    const caps = await listen.captures(1);
    await listen.exit;
    const clear = /hunter2pass|Ym9iOmh1bnRlcjJwYXNz|apikeyVALUE77|qsKEY888|pw999999/;
    const outputs: Array<[string, string]> = [['listen --json', JSON.stringify(caps) + listen.stderr()]];
    for (const args of [['list', '--json'], ['show', caps[0]!.id as string], ['export'], ['export', '--format', 'har'], ['export', '--format', 'curl']]) {
      const r = await runCli([...args, '--store', store]);
      outputs.push([args.join(' '), r.stdout.toString() + r.stderr]);
    }
    for (const [name, text] of outputs) expect(text, name).not.toMatch(clear);
    expect(outputs.find(([n]) => n.startsWith('show'))![1]).toMatch(/authorization: Basic <secret sha256:[0-9a-f]{8}>/i);
    const exact = await runCli(['export', '--format', 'curl', '--reveal-secrets', '--store', store]);
    expect(exact.stdout.toString()).toMatch(/x-api-key: apikeyVALUE77/i);
  });
});

describe('masking short clear-text secrets', () => {
  it('does not let a one-letter secret from a request mask the rest of the output', async () => {
    const { secretsOf } = await import('../../src/capture/view.js');
    const { inspect } = await import('../../src/providers/inspect.js');
    const req = { method: 'POST', url: '/zender', headers: [['Content-Type', 'application/x-www-form-urlencoded']] as Array<[string, string]>, body: Buffer.from('secret=x&type=sms&data%5Bid%5D=1&data%5Bmessage%5D=xx') };
    const record = { ...req, seq: 1, id: 'abcxyz', receivedAt: 0, remote: '', size: req.body.length, truncated: false, answer: null, replayOf: null, forward: null };
    const inspection = inspect(req);
    expect(secretsOf(record, inspection)).toEqual([]);
    expect(secretsOf(record, inspection, { zender: 'x' })).toEqual(['x']);
    const long = { ...req, body: Buffer.from('secret=LongEnough&type=sms&data%5Bid%5D=1') };
    expect(secretsOf({ ...record, body: long.body }, inspect(long))).toEqual(['LongEnough']);
    // A request repeating its secret field thousands of times gets a few passes, not thousands.
    const many = { ...req, body: Buffer.from(`${Array.from({ length: 2000 }, (_, i) => `secret=s${String(i).padStart(6, '0')}`).join('&')}&type=sms&data%5Bid%5D=1`) };
    expect(secretsOf({ ...record, body: many.body }, inspect(many))).toEqual(['s000000', 's000001', 's000002', 's000003']);
  });
});

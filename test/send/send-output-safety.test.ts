import { afterEach, describe, expect, it } from 'vitest';
import { maskSecret } from '../../src/core/secret.js';
import { runCli } from '../helpers/cli.js';
import { http, startReceiver } from '../helpers/receiver.js';

// Raw in JSON.stringify's output, acted on by terminals: DEL, C1 (U+009B is CSI), U+2028/9, bidi.
const TERMINAL_UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = 'OK \u009b2J\u0085\u2028\u202eevil\u2066';

let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('send never prints a credential from --to', () => {
  it('masks an SMSGateway24 ?token= and a URL password, in plain and --json output, but sends them', async () => {
    receiver = await startReceiver(() => http(200, 'OK'));
    const to = receiver.url.replace('http://', 'http://user:hunter2@') + '/sg24?token=URLTOKEN77';
    for (const json of [false, true]) {
      const r = await runCli(['send', '--provider', 'smsgateway24', '--to', to, '--no-retry', ...(json ? ['--json'] : [])]);
      expect(r.code).toBe(0);
      const out = r.stdout.toString() + r.stderr;
      expect(out).not.toContain('URLTOKEN77');
      expect(out).not.toContain('hunter2');
      expect(out).toContain(`/sg24?token=${maskSecret('URLTOKEN77')}`);
      expect(out).toContain(`user:${maskSecret('hunter2')}@`);
    }
    expect(receiver.requests.map((q) => q.target)).toEqual(['/sg24?token=URLTOKEN77', '/sg24?token=URLTOKEN77']);
  });

  it('masks the token where the endpoint echoes it, before the answer is cut to a preview', async () => {
    receiver = await startReceiver(() => http(200, `${'x'.repeat(36)} token URLTOKEN77 rejected`));
    const r = await runCli(['send', '--provider', 'smsgateway24', '--to', `${receiver.url}/sg24?token=URLTOKEN77`, '--no-retry']);
    expect(r.stdout.toString()).not.toMatch(/URLTOK/);
  });

  it('an --to that is not http(s) is refused without echoing its credentials', async () => {
    const r = await runCli(['send', '--provider', 'smsgateway24', '--to', 'ftp://user:hunter2@h/?token=URLTOKEN77']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/hunter2|URLTOKEN77/);
  });
});

describe('--json output holds no raw terminal control', () => {
  it('send --json escapes C1, line separators and bidi from the answer, and parses back to it', async () => {
    receiver = await startReceiver(() => http(200, HOSTILE));
    const r = await runCli(['send', '--provider', 'webcom', '--to', `${receiver.url}/hook`, '--no-retry', '--json']);
    const text = r.stdout.toString();
    expect(text).not.toMatch(TERMINAL_UNSAFE);
    const attempt = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.type === 'attempt')!;
    expect(attempt.body).toBe(HOSTILE);
  });

  it('verify-signature --json escapes them too (a hostile phone in the hashed control string)', async () => {
    const body = 'id=1&phone=%C2%9B2J%E2%80%AE%E2%80%A8&status=1&md5=abc';
    const r = await runCli(['verify-signature', '--provider', 'smsc', '--secret', 's3cr3t', '--body', '-', '--content-type', 'application/x-www-form-urlencoded; charset=utf-8', '--json'], { input: body });
    expect(r.code).toBe(1);
    const text = r.stdout.toString();
    expect(text).not.toMatch(TERMINAL_UNSAFE);
    expect(JSON.parse(text)).toMatchObject({ type: 'signature', state: 'invalid', canonical: `1:\u009b2J\u202e\u2028:1:${maskSecret('s3cr3t')}` });
  });
});

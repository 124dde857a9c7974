import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startListen, type ListenChild } from '../helpers/cli.js';
import { http, startReceiver } from '../helpers/receiver.js';
import { tempDir } from '../helpers/tmp.js';

// SMS Gateway for Android played by send, end to end (docs/providers.md#smsgate).
let listen: ListenChild | undefined;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
const tmp = tempDir();
afterEach(async () => {
  listen?.child.kill('SIGKILL');
  await receiver?.close();
  listen = receiver = undefined;
});

const lines = (out: Buffer): Array<Record<string, unknown>> => out.toString().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('send --provider smsgate', () => {
  it('--secret signs with a fresh X-Timestamp: listen --secret smsgate=<key> finds it valid, and verify-signature too', async () => {
    const store = join(tmp.dir, 'g.db');
    listen = await startListen(['--store', store, '--count', '1', '--secret', 'smsgate=phone-key-1']);
    const res = await runCli(['send', '--provider', 'smsgate', '--fixture', 'delivered', '--secret', 'phone-key-1', '--to', `${listen.url}/smsgate/hook`, '--json']);
    expect(res.code).toBe(0);
    expect(res.stdout.toString()).not.toContain('phone-key-1');
    const [cap] = await listen.captures(1);
    expect(cap).toMatchObject({ provider: 'smsgate', signature: { state: 'valid' }, events: [{ kind: 'status', messageId: 'msg-7Hk2', status: { code: 'sms:delivered' } }] });
    const ok = await runCli(['verify-signature', '--provider', 'smsgate', '--secret', 'phone-key-1', '--capture', cap!.id as string, '--store', store, '--json']);
    expect(JSON.parse(ok.stdout.toString())).toMatchObject({ state: 'valid', algorithm: 'hmac-sha256' });
  });

  it('the recorded fixture, sent without --secret, fails the ±5 min window in listen (a replay)', async () => {
    listen = await startListen(['--store', join(tmp.dir, 'h.db'), '--count', '1', '--secret', 'smsgate=fixture-signing-key']);
    await runCli(['send', '--provider', 'smsgate', '--fixture', 'received', '--to', `${listen.url}/smsgate`]);
    const [cap] = await listen.captures(1);
    expect(cap).toMatchObject({ signature: { state: 'invalid', detail: expect.stringMatching(/matches, but X-Timestamp is \d+ s old \(about \d+ days\), outside the ±5 min window/) } });
  });

  it('re-sends 14 times on a 500 by the documented schedule, compressed by --fast', async () => {
    receiver = await startReceiver(() => http(500, 'no'));
    const res = await runCli(['send', '--provider', 'smsgate', '--fixture', 'received', '--to', receiver.url, '--fast', '--json']);
    expect(res.code).toBe(1);
    const out = lines(res.stdout);
    expect(out[0]).toMatchObject({ type: 'request', attemptsPlanned: 15 });
    expect(out.filter((l) => l.type === 'attempt')).toHaveLength(15);
    expect(receiver.requests).toHaveLength(15);
    expect(out.at(-1)!.text).toMatch(/SMS Gateway for Android expects any 2xx \(documented, docs\/providers.md#smsgate-ack\); SMS Gateway for Android re-sent it 14 more times and then gave up/);
  });
});

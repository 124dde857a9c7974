import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startListen, type ListenChild } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

let listen: ListenChild | undefined;
const tmp = tempDir();
afterEach(() => {
  listen?.child.kill('SIGKILL');
  listen = undefined;
});

describe('send → listen, end to end', () => {
  it('Webcom Mobi passes in one attempt against listen, and the capture decodes to the same events', async () => {
    listen = await startListen(['--store', join(tmp.dir, 'a.db'), '--count', '1']);
    const res = await runCli(['send', '--provider', 'webcom', '--fixture', 'batch', '--to', `${listen.url}/webcom`, '--json']);
    expect(res.code).toBe(0);
    const lines = res.stdout.toString().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.type === 'attempt')).toHaveLength(1);
    const [cap] = await listen.captures(1);
    expect(cap).toMatchObject({ provider: 'webcom', answer: { status: 200 } });
    const events = cap!.events as Array<{ kind: string; messageId: string }>;
    expect(events.length).toBeGreaterThan(1);
    expect(events.every((e) => e.kind === 'status')).toBe(true);
    expect(JSON.parse((cap!.answer as { body: string }).body)).toEqual(events.map((e) => ({ id_sms: expect.anything() })));
  });

  it('a signed SMSC.ru callback verifies in listen and with verify-signature', async () => {
    const store = join(tmp.dir, 'b.db');
    listen = await startListen(['--store', store, '--count', '1', '--secret', 'smsc=s3cret_X']);
    const res = await runCli(['send', '--provider', 'smsc', '--fixture', 'delivered', '--secret', 's3cret_X', '--to', `${listen.url}/smsc/handler.php`]);
    expect(res.code).toBe(0);
    expect(res.stdout.toString()).not.toContain('s3cret_X');
    const [cap] = await listen.captures(1);
    expect(cap).toMatchObject({ provider: 'smsc', signature: { state: 'valid' }, events: [{ kind: 'status', status: { outcome: 'delivered', final: true } }] });
    await listen.exit;
    const ok = await runCli(['verify-signature', '--provider', 'smsc', '--secret', 's3cret_X', '--capture', cap!.id as string, '--store', store]);
    expect(ok.code).toBe(0);
    expect(ok.stdout.toString()).not.toContain('s3cret_X');
    const bad = await runCli(['verify-signature', '--provider', 'smsc', '--secret', 'other', '--capture', cap!.id as string, '--store', store, '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout.toString())).toMatchObject({ state: 'invalid', diagnoses: [expect.stringMatching(/wrong secret/)] });
  });

  it('listen --respond 500 makes SMSC.ru retry; every attempt is stored', async () => {
    listen = await startListen(['--store', join(tmp.dir, 'c.db'), '--respond', '500', '--count', '4']);
    const res = await runCli(['send', '--provider', 'smsc', '--fixture', 'failed', '--to', `${listen.url}/smsc`, '--fast']);
    expect(res.code).toBe(1);
    expect(res.stdout.toString()).toMatch(/re-sent it 3 more times/);
    const caps = await listen.captures(4);
    expect(caps.every((c) => (c.answer as { status: number }).status === 500)).toBe(true);
  });

  it('rejects an unknown provider or fixture with exit 2 and the valid names', async () => {
    const p = await runCli(['send', '--provider', 'nope', '--to', 'http://127.0.0.1:1/']);
    expect(p.code).toBe(2);
    expect(p.stderr).toBe('webhook-kit: unknown provider "nope"; use one of: smsc, webcom, smsgateway24, zender, smsgate\n');
    const f = await runCli(['send', '--provider', 'zender', '--fixture', 'delivered', '--to', 'http://127.0.0.1:1/']);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/^webhook-kit: no fixture "delivered" for zender; use one of: incoming, notification, notification-docs, ussd, whatsapp, whatsapp-text/);
  });
});

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseBody } from '../../src/core/body.js';
import { loadSample } from '../../src/core/samples.js';
import { flagStatus } from '../../src/capture/correlate.js';
import { lookupStatus } from '../../src/core/status.js';
import { runSend, type SendOptions } from '../../src/commands/send.js';
import { providers } from '../../src/providers/registry.js';
import { resolveFixture } from '../../src/send/fixtures.js';
import { formatTime, freshMessageId, planScenario, scenariosOf } from '../../src/send/scenario.js';
import { runCli } from '../helpers/cli.js';
import { memoryIo } from '../helpers/io.js';
import { http, serveRaw, startReceiver } from '../helpers/receiver.js';

let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const scenario = async (opts: Partial<SendOptions> & { provider: string; scenario: string; to: string }) => {
  const io = memoryIo();
  const code = await runSend({ json: true, encode: {}, fast: true, ...opts }, io);
  const lines = io.out().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, lines, steps: lines.filter((l) => l.type === 'step'), verdict: lines.find((l) => l.type === 'verdict')! };
};

describe('scenario data: each provider plays what it promises', () => {
  const all = providers.flatMap((p) => scenariosOf(p).map((s) => [`${p.id} ${s.name}`, p, s] as const));

  it('offers lifecycle, failed, duplicate, out-of-order where producible, multipart only where reports are per part', () => {
    const offered = Object.fromEntries(providers.map((p) => [p.id, scenariosOf(p).map((s) => s.name)]));
    expect(offered).toEqual({
      smsc: ['lifecycle', 'failed', 'duplicate', 'out-of-order'],
      webcom: ['lifecycle', 'failed', 'duplicate', 'out-of-order'],
      smsgateway24: ['lifecycle', 'failed'],
      zender: [],
      smsgate: ['lifecycle', 'failed', 'duplicate', 'out-of-order', 'multipart'],
    });
    // Every scenario not offered says why.
    for (const p of providers) {
      for (const name of ['lifecycle', 'failed', 'duplicate', 'out-of-order', 'multipart'] as const) {
        if (!scenariosOf(p).some((s) => s.name === name)) expect(p.scenarios?.notOffered[name], `${p.id} ${name}`).toMatch(/docs\/providers\.md#/);
      }
    }
  });

  it.each(all)('%s: one message id on every step, and the flags its roles promise', (_n, p, s) => {
    const plan = planScenario(p, s, { messageId: '424242', nowMs: Date.UTC(2026, 11, 2, 12), fast: true });
    const decoded = plan.map((step) => {
      const req = p.encode(loadSample(resolveFixture(p, step.step.fixture)), 'http://127.0.0.1/x', { set: step.set });
      return p.decode(req, parseBody(req));
    });
    const events = decoded.map((d) => d.events[0]!);
    expect(decoded.flatMap((d) => d.problems)).toEqual([]);
    expect(events.map((e) => e.messageId)).toEqual(plan.map(() => '424242'));
    const statuses = events.map((e) => lookupStatus(p.statuses, e.status!.code, p.name));
    const flags = statuses.map((st, i) => flagStatus(statuses.slice(0, i), statuses.slice(0, i).map((x) => x.code), st));
    const promised = s.steps.map((st) => (st.role === 'repeat' ? ['duplicate'] : st.role === 'late' ? ['out-of-order'] : []));
    expect(flags).toEqual(promised);
    if (s.name === 'lifecycle' || s.name === 'failed') expect(statuses.at(-1)!.final).toBe(true);
    if (s.name === 'failed') expect(statuses.at(-1)!.outcome).toBe('failed');
  });

  it('writes each step time in the provider format, the latest status at now, and --fast compresses the waits', () => {
    expect(formatTime({ format: 'unix', utcOffsetMin: 0 }, 1_700_000_000_900)).toBe('1700000000');
    expect(formatTime({ format: 'datetime', utcOffsetMin: 180 }, Date.UTC(2011, 0, 1, 9, 57, 46))).toBe('2011-01-01 12:57:46');
    expect(formatTime({ format: 'iso', utcOffsetMin: 420 }, Date.UTC(2024, 5, 22, 9, 0, 2))).toBe('2024-06-22T16:00:02.000+07:00');
    const smsc = providers.find((p) => p.id === 'smsc')!;
    const dup = scenariosOf(smsc).find((s) => s.name === 'duplicate')!;
    const now = 1_800_000_000_000;
    const slow = planScenario(smsc, dup, { messageId: '1', nowMs: now });
    expect(slow.map((s) => s.waitMs)).toEqual([0, 5_000, 70_000]);
    expect(slow.map((s) => s.set['time'])).toEqual(['1799999995', '1800000000', '1800000000']);
    const fast = planScenario(smsc, dup, { messageId: '1', nowMs: now, fast: true });
    expect(fast.reduce((t, s) => t + s.waitMs, 0)).toBeLessThanOrEqual(1000);
    // The user's --set comes last: it can pin the message id or any field on every step.
    expect(planScenario(smsc, dup, { messageId: '1', nowMs: now, set: { phone: '79990000000' } }).every((s) => s.set['phone'] === '79990000000')).toBe(true);
  });

  it('makes a fresh message id in the provider shape', () => {
    expect(freshMessageId({ style: 'digits' }, () => 0.5)).toBe('550000000');
    expect(freshMessageId({ style: 'token', prefix: 'msg-' }, () => 0)).toBe('msg-aaaaaaaa');
  });
});

describe('send --scenario: a verdict per step', () => {
  it('an endpoint that answers the first step wrong: that step fails after the retries, the others pass, exit 1', async () => {
    // Webcom Mobi wants its id_sms echoed; a plain OK to the `send` state is not an acknowledgement.
    receiver = await startReceiver((req) => {
      const [item] = JSON.parse(req.body.toString()) as Array<{ id_sms: number; state: string }>;
      return item!.state === 'send' ? http(200, 'OK') : http(200, JSON.stringify([{ id_sms: item!.id_sms }]), 'application/json');
    });
    const r = await scenario({ provider: 'webcom', scenario: 'lifecycle', to: receiver.url });
    expect(r.code).toBe(1);
    expect(r.steps.map((s) => [s.n, s.ok, s.attempts])).toEqual([
      [1, false, 5],
      [2, true, 1],
    ]);
    expect(r.steps[0]!.text).toContain('id_sms echo');
    expect(r.verdict).toMatchObject({ type: 'verdict', ok: false, exitCode: 1, steps: 2, attempts: 6 });
    expect(r.verdict.text).toBe('1 of 2 steps of lifecycle not answered as Webcom Mobi requires: step 1, sent, no report yet (send; time is "")');
    // One message id on the wire throughout.
    const ids = new Set(receiver.requests.map((q) => (JSON.parse(q.body.toString()) as Array<{ id_sms: number }>)[0]!.id_sms));
    expect(ids.size).toBe(1);
    expect(r.lines.filter((l) => l.type === 'attempt').every((a) => typeof a.step === 'number')).toBe(true);
  });

  it('duplicate: a handler that rejects the repeat fails that step, which says idempotency is asked for', async () => {
    const seen = new Set<string>();
    receiver = await startReceiver((req) => {
      const body = req.body.toString();
      if (seen.has(body)) return http(409, 'already processed');
      seen.add(body);
      return http(200, 'OK');
    });
    const r = await scenario({ provider: 'smsc', scenario: 'duplicate', to: receiver.url, retry: false });
    expect(r.code).toBe(1);
    expect(r.steps.map((s) => [s.ok, s.role])).toEqual([
      [true, null],
      [true, null],
      [false, 'repeat'],
    ]);
    expect(r.steps[2]!.text).toMatch(/^your endpoint answered 409.*; this was step 2 again: a handler must answer a repeat as SMSC\.ru requires too \(acknowledge it, act on it once\)$/);
    expect(r.verdict.text).toBe('1 of 3 steps of duplicate not answered as SMSC.ru requires: step 3, delivered (1) again');
    // The repeat is the earlier callback byte for byte.
    expect(receiver.requests[2]!.body.equals(receiver.requests[1]!.body)).toBe(true);
  });

  it('all steps acknowledged: exit 0, and plain lines say per step what the endpoint did', async () => {
    receiver = await startReceiver(() => http(200, 'OK'));
    const io = memoryIo();
    const code = await runSend({ provider: 'smsgate', scenario: 'multipart', to: `${receiver.url}/sms`, json: false, encode: {}, fast: true }, io);
    expect(code).toBe(0);
    const out = io.out();
    expect(out).toMatch(/^SMS Gateway for Android scenario multipart: .*message msg-\w{8} → http:\/\/127\.0\.0\.1:\d+\/sms\n/);
    expect(out.match(/^step \d\/3 /gm)).toHaveLength(3);
    expect(out.match(/^ {4}#1 .* 200 .* accepted {2}OK$/gm)).toHaveLength(3);
    expect(out).toContain('✓ step 3: SMS Gateway for Android accepted the answer');
    expect(out.trim().split('\n').at(-1)).toBe('✓ all 3 steps of multipart answered as SMS Gateway for Android requires');
  });

  it('the verdict names each failing step by what it is, whole (colons in event names, parentheses), in the right number', async () => {
    receiver = await startReceiver(() => http(500, 'no'));
    const multipart = await scenario({ provider: 'smsgate', scenario: 'multipart', to: `${receiver.url}/sms`, retry: false });
    expect(multipart.verdict.text).toBe('3 of 3 steps of multipart not answered as SMS Gateway for Android requires: step 1, sent (sms:sent), a long SMS of two parts; step 2, part 1 delivered (sms:delivered); step 3, part 2 delivered (sms:delivered, same messageId, its own envelope id)');
    const failed = await scenario({ provider: 'smsgate', scenario: 'failed', to: `${receiver.url}/sms`, retry: false });
    expect(failed.verdict.text).toBe('1 of 1 step of failed not answered as SMS Gateway for Android requires: step 1, failed (sms:failed, RESULT_ERROR_GENERIC_FAILURE: not sent, so no sms:sent before it)');
  });

  it('an endpoint nobody listens on: exit 3 after the first step, the rest not sent', async () => {
    const gone = await serveRaw(() => undefined);
    await gone.close();
    const r = await scenario({ provider: 'smsc', scenario: 'lifecycle', to: gone.url });
    expect(r.code).toBe(3);
    expect(r.steps).toHaveLength(1);
    expect(r.verdict.text).toContain('the last 2 steps were not sent');
  });
});

describe('send --scenario on the command line', () => {
  it('--list shows scenarios beside fixtures, plain and NDJSON (fixture lines keep their keys)', async () => {
    const plain = (await runCli(['send', '--list', '--provider', 'smsgate'])).stdout.toString();
    expect(plain).toMatch(/^smsgate +sent +POST application\/json$/m);
    expect(plain).toMatch(/^smsgate +multipart +scenario sms:sent → sms:delivered \(part 1\) → sms:delivered \(part 2\) \(3 steps\)$/m);
    const rows = (await runCli(['send', '--list', '--json'])).stdout.toString().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const fixture = rows.find((r) => r.provider === 'smsc' && r.name === 'failed' && r.kind === 'fixture')!;
    expect(Object.keys(fixture)).toEqual(['provider', 'name', 'method', 'contentType', 'size', 'kind']);
    const sc = rows.find((r) => r.provider === 'smsc' && r.name === 'failed' && r.kind === 'scenario')!;
    expect(sc).toMatchObject({ summary: expect.stringContaining('20 impossible to deliver') });
    expect((sc.steps as unknown[]).length).toBe(3);
    expect(rows.filter((r) => r.kind === 'scenario' && r.provider === 'zender')).toEqual([]);
  });

  it('an unknown scenario is one line naming the choices, exit 2; one the provider cannot produce says why', async () => {
    const r = await runCli(['send', '--provider', 'smsc', '--scenario', 'bogus', '--to', 'http://127.0.0.1:9/']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('webhook-kit: no scenario "bogus" for smsc; use one of: lifecycle, failed, duplicate, out-of-order (see `webhook-kit send --list`)\n');
    const typo = await runCli(['send', '--provider', 'webcom', '--scenario', 'lifecyle', '--to', 'http://127.0.0.1:9/']);
    expect([typo.code, typo.stderr]).toEqual([2, 'webhook-kit: no scenario "lifecyle" for webcom; did you mean lifecycle? use one of: lifecycle, failed, duplicate, out-of-order (see `webhook-kit send --list`)\n']);
    const fixture = await runCli(['send', '--provider', 'webcom', '--fixture', 'deliverd', '--to', 'http://127.0.0.1:9/']);
    expect([fixture.code, fixture.stderr]).toEqual([2, 'webhook-kit: no fixture "deliverd" for webcom; did you mean delivered? use one of: batch, delivered, delivered-xml, expired, failed, partly-delivered, read, sent (see `webhook-kit send --list`)\n']);
    const m = await runCli(['send', '--provider', 'smsc', '--scenario', 'multipart', '--to', 'http://127.0.0.1:9/']);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/^webhook-kit: SMSC\.ru has no "multipart" scenario: SMSC\.ru reports one status per message, not per part .*; use one of: lifecycle, failed, duplicate, out-of-order/);
    expect(m.stderr.split('\n')).toHaveLength(2);
    const z = await runCli(['send', '--provider', 'zender', '--scenario', 'lifecycle', '--to', 'http://127.0.0.1:9/']);
    expect(z.code).toBe(2);
    expect(z.stderr).toContain('Zender offers no scenario');
  });

  it('a --set that one step cannot take is refused before anything is sent (exit 2)', async () => {
    receiver = await startReceiver(() => http(200, 'OK'));
    // sms:sent has sentAt, the sms:delivered of step 2 does not.
    const r = await runCli(['send', '--provider', 'smsgate', '--scenario', 'lifecycle', '--set', 'sentAt=2026-12-02T07:00:00.000+07:00', '--fast', '--to', receiver.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^webhook-kit: an sms:delivered event has no field "sentAt"/);
    expect(receiver.requests).toEqual([]);
  });

  it('--scenario conflicts with --fixture and --file (exit 2)', async () => {
    for (const other of [['--fixture', 'delivered'], ['--file', 'x.http']]) {
      const r = await runCli(['send', '--provider', 'smsc', '--scenario', 'lifecycle', ...other, '--to', 'http://127.0.0.1:9/']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/cannot be used with option/);
    }
  });
});

describe('a reader that stops reading (`send ... | head -1`)', () => {
  it('does not stop the deliveries: every step reaches the endpoint and the exit code is the verdict', async () => {
    // Step 2 answered 500 on every attempt: the verdict is a failure (exit 1), which a quiet exit 0 on the closed pipe hid.
    receiver = await startReceiver((req) => (req.body.includes('"status_id":3,') ? http(500, 'no') : http(200, 'OK')));
    const bin = fileURLToPath(new URL('../../bin/webhook-kit.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'send', '--provider', 'smsgateway24', '--scenario', 'lifecycle', '--fast', '--json', '--to', `${receiver.url}/sg24`], { env: { ...process.env, NO_COLOR: '1' } });
    child.stdout.once('data', () => child.stdout.destroy());
    const [code] = (await once(child, 'close')) as [number | null];
    expect(code).toBe(1);
    // All five steps arrived (the failing one with its retries).
    const statuses = receiver.requests.map((r) => /"status_id":(\d+)/.exec(r.body.toString())?.[1]);
    expect(new Set(statuses)).toEqual(new Set(['1', '3', '2', '6', '7']));
  });
});

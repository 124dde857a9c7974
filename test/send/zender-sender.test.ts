import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { headerValue } from '../../src/core/raw-request.js';
import { parseBody } from '../../src/core/body.js';
import { listSamples, loadSample } from '../../src/core/samples.js';
import { captureJson } from '../../src/output/ndjson.js';
import { judgeExchange } from '../../src/providers/judge.js';
import { zender } from '../../src/providers/zender/index.js';
import { runCli } from '../helpers/cli.js';
import { http, startReceiver } from '../helpers/receiver.js';
import { startServer, type TestServer } from '../helpers/server.js';

// Zender as its own sender behaves (docs/providers.md#zender-real): redirects followed, no timeout.
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
let srv: TestServer | undefined;
afterEach(async () => {
  await receiver?.close();
  await srv?.close();
  receiver = srv = undefined;
});

const redirect = (status: number): string => `HTTP/1.1 ${status} Moved\r\nLocation: /final\r\nContent-Length: 0\r\n\r\n`;
const verdictOf = (stdout: Buffer): Record<string, unknown> =>
  stdout.toString().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.type === 'verdict')!;

describe('send --provider zender against a redirect', () => {
  it.each([301, 302, 303])('a %i fails: Zender would follow with a GET without the form (exit 1)', async (status) => {
    receiver = await startReceiver(() => redirect(status));
    const r = await runCli(['send', '--provider', 'zender', '--fixture', 'incoming', '--to', `${receiver.url}/hook`, '--json']);
    expect(r.code).toBe(1);
    const v = verdictOf(r.stdout);
    expect(v).toMatchObject({ ok: false, exitCode: 1 });
    expect(v.text).toMatch(new RegExp(`answered ${status} \\(a redirect to \`/final\`\\): Zender would follow it with a GET without the form, so the payload never arrives at the final URL`));
    // The generic "webhook senders post to the URL you gave them" would contradict it.
    expect(v.text).not.toContain('webhook senders post');
    expect(receiver.requests).toHaveLength(1);
  });

  it('a 307 fails too, saying Guzzle re-posts the form to a URL you did not register', async () => {
    receiver = await startReceiver(() => redirect(307));
    const r = await runCli(['send', '--provider', 'zender', '--fixture', 'incoming', '--to', receiver.url]);
    expect(r.code).toBe(1);
    expect(r.stdout.toString()).toMatch(/✗ your endpoint answered 307 \(a redirect to `\/final`\): Zender would post the same form again there/);
  });

  it("listen --forward-to judges the app's redirect the same way", async () => {
    receiver = await startReceiver(() => redirect(302));
    srv = await startServer({ forward: { target: receiver.url, pathMode: 'keep', timeoutMs: 2000 } });
    const captured = srv.nextCapture();
    const s = loadSample(listSamples('zender').find((x) => x.name === 'incoming')!);
    await request(`${srv.url}${s.url}`, { method: 'POST', body: s.body, headers: { 'content-type': headerValue(s.headers, 'content-type')! } });
    expect(captureJson(await captured).forward).toMatchObject({
      status: 302,
      accepted: false,
      verdict: expect.stringMatching(/^Zender would not send this again: it would be lost: answered 302 \(a redirect to `\/final`\): Zender would follow it with a GET without the form/),
    });
  });
});

describe('send --provider zender against a slow endpoint', () => {
  it('reports slow with the time waited, not lost, when --timeout runs out (exit 1)', async () => {
    receiver = await startReceiver(() => 'hang');
    const r = await runCli(['send', '--provider', 'zender', '--to', receiver.url, '--timeout', '300ms', '--json']);
    expect(r.code).toBe(1);
    const v = verdictOf(r.stdout);
    expect(v.text).toMatch(/^your endpoint had not answered after 0\.\d s, when webhook-kit stopped waiting \(--timeout sets how long\): slow, not lost: Zender sets no timeout/);
    expect(v.text).not.toContain('this callback is lost');
  });

  it('waits up to the documented cap by default', () => {
    expect(zender.retry).toMatchObject({ timeoutMs: 60_000, waitsForever: true, attempts: 1 });
  });

  it('calls an answer that took long slow, with the time it took, and still accepted', () => {
    const s = loadSample(listSamples('zender').find((x) => x.name === 'incoming')!);
    const decoded = zender.decode(s, parseBody(s));
    const ok = { status: 200, headers: [], body: Buffer.from('OK') };
    const late = judgeExchange(zender, s, decoded, { response: ok, latencyMs: 12_345, error: null, cut: false });
    expect(late).toMatchObject({ accepted: true, basis: 'rule' });
    expect(late.reason).toMatch(/it took 12\.3 s: slow \(Zender waits with no timeout, so it arrived/);
    const quick = judgeExchange(zender, s, decoded, { response: ok, latencyMs: 40, error: null, cut: false });
    expect(quick.reason).not.toContain('slow');
  });
});

describe('send --fixture notification', () => {
  it('posts type=notifications, as the real sender does', async () => {
    receiver = await startReceiver(() => http(200, 'OK'));
    const r = await runCli(['send', '--provider', 'zender', '--fixture', 'notification', '--to', receiver.url]);
    expect(r.code).toBe(0);
    expect(receiver.requests[0]!.body.toString()).toMatch(/^secret=MY_SECRET&type=notifications&data%5Bid%5D=9&/);
  });
});

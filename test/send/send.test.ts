import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { headerValue } from '../../src/core/raw-request.js';
import { listSamples, loadSample } from '../../src/core/samples.js';
import { runSend, runSendList, type SendOptions } from '../../src/commands/send.js';
import { memoryIo } from '../helpers/io.js';
import { http, startReceiver } from '../helpers/receiver.js';

let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const send = async (opts: Partial<SendOptions> & { provider: string; to: string }) => {
  const io = memoryIo();
  const code = await runSend({ json: true, encode: {}, fast: true, ...opts }, io);
  const lines = io.out().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, lines, attempts: lines.filter((l) => l.type === 'attempt'), verdict: lines.find((l) => l.type === 'verdict')! };
};

describe('send: wire format', () => {
  const all = listSamples();
  it('has fixtures for every provider', () => {
    expect(new Set(all.map((s) => s.provider))).toEqual(new Set(['smsc', 'webcom', 'smsgateway24', 'zender', 'smsgate']));
  });

  it.each(all.map((s) => [`${s.provider}/${s.name}`, s] as const))('%s goes out byte for byte as the sample', async (_n, ref) => {
    receiver = await startReceiver(() => http(200, 'OK'));
    const sample = loadSample(ref);
    await send({ provider: ref.provider, fixture: ref.name, to: `${receiver.url}/hook`, retry: false });
    const got = receiver.requests[0]!;
    expect(got.method).toBe(sample.method);
    expect(got.body.equals(sample.body)).toBe(true);
    expect(headerValue(got.headers, 'content-type')).toBe(headerValue(sample.headers, 'content-type'));
    expect(Number(headerValue(got.headers, 'content-length'))).toBe(sample.body.length);
  });

  it('lands --set overrides in the bytes', async () => {
    receiver = await startReceiver(() => http(200, '[{"id_sms":42}]', 'application/json'));
    const r = await send({ provider: 'webcom', fixture: 'delivered', to: receiver.url, encode: { set: { id_sms: '42' } } });
    expect(receiver.requests[0]!.body.toString()).toContain('"id_sms":42');
    expect(r.code).toBe(0);
  });

  it('lists fixtures as NDJSON with provider and name', () => {
    const io = memoryIo();
    runSendList('zender', true, io);
    const rows = io.out().trim().split('\n').map((l) => JSON.parse(l) as { provider: string; name: string });
    expect(rows.map((r) => r.name)).toEqual(['incoming', 'notification', 'notification-docs', 'ussd', 'whatsapp', 'whatsapp-text']);
    expect(rows.every((r) => r.provider === 'zender')).toBe(true);
  });
});

describe('send: retry rules and verdicts', () => {
  it('Webcom Mobi without the id_sms echo: 5 attempts, exit 1, the verdict names id_sms', async () => {
    receiver = await startReceiver(() => http(200, 'OK'));
    const r = await send({ provider: 'webcom', fixture: 'delivered', to: receiver.url });
    expect(receiver.requests).toHaveLength(5);
    expect(r.attempts).toHaveLength(5);
    expect(r.code).toBe(1);
    expect(r.verdict.text).toMatch(/id_sms/);
    expect(r.verdict.text).toMatch(/re-sent it 4 more times/);
    expect(r.verdict.text).toMatch(/seen this callback 5 times/);
  });

  it('Webcom Mobi with the echo: one attempt, exit 0', async () => {
    receiver = await startReceiver((req) => {
      const ids = (JSON.parse(req.body.toString()) as Array<{ id_sms: unknown }>).map((i) => ({ id_sms: i.id_sms }));
      return http(200, JSON.stringify(ids), 'application/json');
    });
    const r = await send({ provider: 'webcom', fixture: 'batch', to: receiver.url });
    expect(receiver.requests).toHaveLength(1);
    expect(r.code).toBe(0);
  });

  it('re-sends only the ids a partial echo left out (per-id acknowledgement, docs/providers.md#webcom-c5)', async () => {
    receiver = await startReceiver((req, n) => {
      const items = JSON.parse(req.body.toString()) as Array<{ id_sms: unknown }>;
      const echo = n === 1 ? items.slice(0, 1) : items;
      return http(200, JSON.stringify(echo.map((i) => ({ id_sms: i.id_sms }))), 'application/json');
    });
    const r = await send({ provider: 'webcom', fixture: 'batch', to: receiver.url });
    expect(receiver.requests).toHaveLength(2);
    const first = JSON.parse(receiver.requests[0]!.body.toString()) as unknown[];
    const second = JSON.parse(receiver.requests[1]!.body.toString()) as unknown[];
    expect(second).toEqual(first.slice(1));
    expect(r.code).toBe(0);
  });

  it('names a hanging endpoint as a timeout', async () => {
    receiver = await startReceiver(() => 'hang');
    const r = await send({ provider: 'smsgateway24', fixture: 'delivered', to: receiver.url, timeoutMs: 300 });
    expect(r.code).toBe(1);
    expect(r.attempts[0]!.error).toMatch(/no complete answer within 0.3 s/);
    expect(r.verdict.text).toMatch(/no complete answer within 0.3 s/);
  });

  it('names a closed port as unreachable, exit 3', async () => {
    const s = createServer().listen(0, '127.0.0.1');
    await once(s, 'listening');
    const port = (s.address() as { port: number }).port;
    await new Promise((r) => s.close(r));
    const r = await send({ provider: 'zender', fixture: 'incoming', to: `http://127.0.0.1:${port}/x` });
    expect(r.code).toBe(3);
    expect(r.verdict.text).toBe(`connection refused at 127.0.0.1:${port}: is your app running?; Zender does not re-send, so this callback is lost`);
  });

  it('says a redirect is not an answer', async () => {
    receiver = await startReceiver(() => 'HTTP/1.1 301 Moved\r\nLocation: https://example.invalid/new\r\nContent-Length: 0\r\n\r\n');
    const r = await send({ provider: 'smsc', fixture: 'delivered', to: receiver.url, retry: false });
    expect(r.code).toBe(1);
    expect(r.verdict.text).toMatch(/301/);
    expect(r.verdict.text).toMatch(/redirect to `https:\/\/example.invalid\/new`/);
  });
});

describe('send: user payloads and SMSC.ru handler URLs', () => {
  it('--file sends a bare body with the provider fixture headers', async () => {
    const { writeFileSync } = await import('node:fs');
    const { tempDir } = await import('../helpers/tmp.js');
    const tmp = tempDir();
    const file = `${tmp.dir}/body.json`;
    writeFileSync(file, '[{"id_sms":"9","time":"","state":"send"}]');
    receiver = await startReceiver(() => http(200, '[{"id_sms":"9"}]', 'application/json'));
    const r = await send({ provider: 'webcom', file, to: receiver.url, retry: false });
    expect(receiver.requests[0]!.body.toString()).toBe('[{"id_sms":"9","time":"","state":"send"}]');
    expect(headerValue(receiver.requests[0]!.headers, 'content-type')).toBe('application/json');
    expect(r.code).toBe(0);
    tmp.cleanup();
  });

  it('honours the ! and ? parts of an SMSC.ru handler URL and replaces md5=<secret> by the hash', async () => {
    receiver = await startReceiver(() => http(200, 'OK'));
    await send({ provider: 'smsc', fixture: 'delivered', to: `${receiver.url}/h.php!g1=a&g2=b?p1=x&md5=my_secret-1`, retry: false });
    const got = receiver.requests[0]!;
    expect(got.target).toBe('/h.php?g1=a&g2=b');
    const body = got.body.toString();
    expect(body).toMatch(/^id=123&phone=79991234567&status=1&err=0&time=1700000000&type=0&p1=x&md5=737004fbf5959c6e1c7d1a1427d8a4e3$/);
  });
});

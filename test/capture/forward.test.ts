import iconv from 'iconv-lite';
import { request } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { replayCapture } from '../../src/capture/replay.js';
import { captureJson } from '../../src/capture/view.js';
import { parseBody } from '../../src/core/body.js';
import { headerValue } from '../../src/core/raw-request.js';
import { listSamples, loadSample } from '../../src/core/samples.js';
import { smsc } from '../../src/providers/smsc/index.js';
import { http, startReceiver, type WireRequest } from '../helpers/receiver.js';
import { startServer, type TestServer } from '../helpers/server.js';

let srv: TestServer | undefined;
let app: Awaited<ReturnType<typeof startReceiver>> | undefined;
afterEach(async () => {
  await srv?.close();
  await app?.close();
  srv = app = undefined;
});

const sample = (provider: string, name: string) => loadSample(listSamples(provider).find((s) => s.name === name)!);
const asRaw = (w: WireRequest) => ({ method: w.method, url: w.target, headers: w.headers, body: w.body });

async function postSample(url: string, provider: string, name: string) {
  const s = sample(provider, name);
  const res = await request(`${url}${s.url}`, { method: 'POST', body: s.body, headers: { 'content-type': headerValue(s.headers, 'content-type')! } });
  return { status: res.statusCode, headers: res.headers, body: await res.body.text(), sample: s };
}

describe('listen --forward-to', () => {
  it('relays the exact bytes (a signed windows-1251 SMSC.ru SMS still verifies at the app) and returns the app answer', async () => {
    app = await startReceiver(() => 'HTTP/1.1 201 Created\r\nX-App: yes\r\nContent-Length: 5\r\n\r\nhello');
    srv = await startServer({ forward: { target: app.url, pathMode: 'keep', timeoutMs: 2000 } });
    const captured = srv.nextCapture();
    const res = await postSample(srv.url, 'smsc', 'incoming');
    expect(res.status).toBe(201);
    expect(res.body).toBe('hello');
    expect(res.headers['x-app']).toBe('yes');
    const got = app.requests[0]!;
    expect(got.body.equals(res.sample.body)).toBe(true);
    expect(got.target).toBe(res.sample.url);
    expect(smsc.verify(asRaw(got), parseBody(asRaw(got)), 'my_secret-1').state).toBe('valid');
    const json = captureJson(await captured);
    expect(json.forward).toMatchObject({ status: 201, accepted: true, verdict: expect.stringMatching(/^SMSC.ru would count this as received/) });
    await vi.waitFor(() => expect(srv!.store.get(json.id as string).answer?.status).toBe(201));
  });

  it('judges Webcom Mobi answers both ways', async () => {
    app = await startReceiver((req, n) => (n === 1 ? http(200, 'OK') : http(200, JSON.stringify((JSON.parse(req.body.toString()) as Array<{ id_sms: unknown }>).map((i) => ({ id_sms: i.id_sms }))), 'application/json')));
    srv = await startServer({ forward: { target: app.url, pathMode: 'keep', timeoutMs: 2000 } });
    let captured = srv.nextCapture();
    await postSample(srv.url, 'webcom', 'delivered');
    expect(captureJson(await captured).forward).toMatchObject({ accepted: false, verdict: expect.stringMatching(/^Webcom Mobi would send this again: .*id_sms/) });
    captured = srv.nextCapture();
    await postSample(srv.url, 'webcom', 'delivered');
    expect(captureJson(await captured).forward).toMatchObject({ accepted: true, verdict: expect.stringMatching(/^Webcom Mobi would count this as received/) });
  });

  it('keeps the capture and answers 502 when the app is down, 504 when it is slow', async () => {
    app = await startReceiver(() => 'hang');
    const down = 'http://127.0.0.1:1';
    srv = await startServer({ forward: { target: down, pathMode: 'replace', timeoutMs: 300 } });
    let captured = srv.nextCapture();
    let res = await postSample(srv.url, 'zender', 'incoming');
    expect(res.status).toBe(502);
    expect(res.body).toMatch(/connection refused at 127.0.0.1:1/);
    let view = await captured;
    expect(srv.store.get(view.record.id).body.equals(res.sample.body)).toBe(true);
    expect(captureJson(view).forward).toMatchObject({ status: null, errorKind: 'unreachable' });
    await srv.close();

    srv = await startServer({ forward: { target: app.url, pathMode: 'keep', timeoutMs: 300 } });
    captured = srv.nextCapture();
    res = await postSample(srv.url, 'zender', 'incoming');
    expect(res.status).toBe(504);
    view = await captured;
    expect(view.record.answer?.status).toBe(504);
    // The app's answer is written in the next batch, after the caller was answered.
    await vi.waitFor(() => expect(srv!.store.get(view.record.id).answer?.status).toBe(504));
  });
});

describe('replay', () => {
  it('re-sends byte for byte and stores the replay linked to its original', async () => {
    srv = await startServer();
    const captured = srv.nextCapture();
    await postSample(srv.url, 'smsc', 'incoming-koi8r');
    const original = (await captured).record;
    app = await startReceiver(() => http(200, 'OK'));
    const out = await replayCapture(srv.store, original, { to: app.url, timeoutMs: 2000 });
    expect(app.requests[0]!.body.equals(original.body)).toBe(true);
    expect(app.requests[0]!.target).toBe(original.url);
    expect(out.stored.replayOf).toBe(original.id);
    expect(out.result.accepted).toBe(true);
  });

  it('re-encodes --set edits in the original charset and re-signs', async () => {
    srv = await startServer();
    const captured = srv.nextCapture();
    await postSample(srv.url, 'smsc', 'incoming');
    const original = (await captured).record;
    app = await startReceiver(() => http(200, 'OK'));
    await replayCapture(srv.store, original, { to: app.url, set: { mes: 'Пока' }, resignWith: 'my_secret-1', timeoutMs: 2000 });
    const got = asRaw(app.requests[0]!);
    const encoded = [...iconv.encode('Пока', 'windows-1251')].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    expect(got.body.toString('latin1')).toContain(`mes=${encoded}`);
    expect(smsc.verify(got, parseBody(got), 'my_secret-1').state).toBe('valid');
  });
});

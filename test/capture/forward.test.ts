import iconv from 'iconv-lite';
import { connect } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { replayCapture } from '../../src/capture/replay.js';
import { Chalk } from 'chalk';
import { viewCapture } from '../../src/capture/view.js';
import { captureJson } from '../../src/output/ndjson.js';
import { captureDetails } from '../../src/output/capture-details.js';
import { parseBody } from '../../src/core/body.js';
import { headerValue } from '../../src/core/raw-request.js';
import { maskSecret } from '../../src/core/secret.js';
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

/** Writes raw request bytes and reads the whole answer (the request says Connection: close). */
async function rawExchange(url: string, bytes: string): Promise<string> {
  const { port } = new URL(url);
  const sock = connect(Number(port), '127.0.0.1');
  sock.write(bytes);
  const chunks: Buffer[] = [];
  for await (const c of sock) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('latin1');
}

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
    const refused = (await captured).record.id;
    captured = srv.nextCapture();
    await postSample(srv.url, 'webcom', 'delivered');
    expect(captureJson(await captured).forward).toMatchObject({ accepted: true, verdict: expect.stringMatching(/^Webcom Mobi would count this as received/) });
    // show: the app's answer and the verdict, not only what the caller got.
    const shown = captureDetails(viewCapture(srv.store.get(refused)), new Chalk({ level: 0 }));
    expect(shown).toMatch(new RegExp(`\\nYour app: ${app.url}/webcom/status: 200 in \\d+ ms\\n  Webcom Mobi would send this again: .*id_sms`));
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

describe('listen --forward-to relays as received', () => {
  it('keeps the raw path and query, drops headers named in Connection both ways, and keeps repeated answer headers', async () => {
    app = await startReceiver(() => 'HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nConnection: X-App-Hop\r\nX-App-Hop: secret\r\nContent-Length: 2\r\n\r\nOK');
    srv = await startServer({ forward: { target: app.url, pathMode: 'keep', timeoutMs: 2000 } });
    // Raw bytes: undici would normalise the target and rewrite the Connection header.
    const form = 'id=1&phone=79991234567&status=1&err=0';
    const answer = await rawExchange(srv.url, `POST /smsc/a/../b/%2e%2e/c%2Fd?s='v'&x=%zz HTTP/1.1\r\nHost: x\r\nConnection: close, X-Hop-One\r\nX-Hop-One: a\r\nX-Kept: b\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${form.length}\r\n\r\n${form}`);
    expect(answer).toMatch(/^HTTP\/1.1 200 OK\r\n/);
    expect(answer).toMatch(/\r\nset-cookie: a=1\r\nset-cookie: b=2\r\n/i);
    expect(answer).not.toMatch(/x-app-hop/i);
    expect(answer.endsWith('\r\n\r\nOK')).toBe(true);
    const got = app.requests[0]!;
    expect(got.target).toBe("/smsc/a/../b/%2e%2e/c%2Fd?s='v'&x=%zz");
    expect(headerValue(got.headers, 'x-hop-one')).toBeUndefined();
    expect(headerValue(got.headers, 'x-kept')).toBe('b');
  });

  it("answers HEAD with the app's Content-Length and says what the provider does when the app is down", async () => {
    app = await startReceiver(() => 'HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n');
    srv = await startServer({ forward: { target: app.url, pathMode: 'keep', timeoutMs: 2000 } });
    const res = await request(`${srv.url}/page`, { method: 'HEAD' });
    await res.body.dump();
    expect(res.headers['content-length']).toBe('1234');
    await srv.close();

    srv = await startServer({ forward: { target: 'http://127.0.0.1:1', pathMode: 'replace', timeoutMs: 300 } });
    const captured = srv.nextCapture();
    await postSample(srv.url, 'webcom', 'delivered');
    expect(captureJson(await captured).forward).toMatchObject({ accepted: null, verdict: expect.stringMatching(/^connection refused at 127.0.0.1:1.*; Webcom Mobi would send this again$/) });
  });
});

describe('listen --forward-to with a credential in the URL', () => {
  it('masks it in NDJSON and show', async () => {
    app = await startReceiver(() => http(200, 'OK'));
    srv = await startServer({ forward: { target: `${app.url}/hook?api_key=TOPSECRET123`, pathMode: 'replace', timeoutMs: 2000 } });
    const captured = srv.nextCapture();
    await postSample(srv.url, 'smsc', 'delivered');
    const view = await captured;
    expect(app.requests[0]!.target).toBe('/hook?api_key=TOPSECRET123');
    const json = JSON.stringify(captureJson(view));
    const shown = captureDetails(viewCapture(srv.store.get(view.record.id)), new Chalk({ level: 0 }));
    for (const out of [json, shown]) {
      expect(out).not.toContain('TOPSECRET123');
      expect(out).toContain(maskSecret('TOPSECRET123'));
    }
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

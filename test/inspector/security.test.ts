import { createServer } from 'node:http';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startInspector } from '../../src/inspector/index.js';
import { CSP } from '../../src/inspector/guard.js';
import { startInspected, type InspectedSession } from './helpers.js';

let t: InspectedSession;
beforeEach(async () => {
  t = await startInspected();
  await request(`${t.url}/smsc`, { method: 'POST', body: 'id=1&phone=79990001122&status=1&err=0', headers: { 'content-type': 'application/x-www-form-urlencoded' } }).then((r) => r.body.dump());
});
afterEach(async () => t.close());

const tokenOf = async (): Promise<string> => {
  const html = await (await request(t.inspector.url)).body.text();
  return /<meta name="inspector-token" content="([0-9a-f]+)">/.exec(html)![1]!;
};
const replay = (headers: Record<string, string>, id: string) =>
  request(`${t.inspector.url}api/captures/${id}/replay`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
const firstId = () => t.store.list({ limit: 1 })[0]!.id;

describe('inspector security', () => {
  it('binds 127.0.0.1 and serves the page with a strict CSP, nosniff and the token in a meta tag (no inline script)', async () => {
    expect(t.inspector.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await request(t.inspector.url);
    const html = await res.body.text();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toBe(CSP);
    expect(CSP).toBe("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(html).toMatch(/<meta name="inspector-token" content="[0-9a-f]{48}">/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const api = await request(`${t.inspector.url}api/captures`);
    expect(api.headers['content-security-policy']).toBe(CSP);
    await api.body.dump();
  });

  it.each(['evil.example', 'evil.example:80', `127.0.0.1.nip.io`, 'localhost:1'])('refuses Host %s (DNS rebinding) on the page and the API', async (host) => {
    for (const path of ['', 'api/captures']) {
      const res = await request(`${t.inspector.url}${path}`, { headers: { host } });
      expect(res.statusCode).toBe(421);
      expect(await res.body.text()).not.toContain('inspector-token');
    }
  });

  it('answers to 127.0.0.1, localhost and [::1] on its own port', async () => {
    for (const host of [`127.0.0.1:${t.inspector.port}`, `localhost:${t.inspector.port}`, `[::1]:${t.inspector.port}`]) {
      const res = await request(`${t.inspector.url}api/captures`, { headers: { host } });
      expect(res.statusCode).toBe(200);
      await res.body.dump();
    }
  });

  it('refuses a request relayed by a proxy or tunnel', async () => {
    const res = await request(`${t.inspector.url}api/captures`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(res.statusCode).toBe(403);
    await res.body.dump();
  });

  it('refuses a replay without the token, with a wrong one, and from another origin; takes it with the token from the same origin', async () => {
    const token = await tokenOf();
    const id = firstId();
    const before = t.store.count();
    const missing = await replay({}, id);
    expect(missing.statusCode).toBe(403);
    expect(await missing.body.text()).toContain('x-inspector-token');
    const wrong = await replay({ 'x-inspector-token': token.replace(/.$/, (c) => (c === '0' ? '1' : '0')) }, id);
    expect(wrong.statusCode).toBe(403);
    await wrong.body.dump();
    const foreign = await replay({ 'x-inspector-token': token, origin: 'http://evil.example' }, id);
    expect(foreign.statusCode).toBe(403);
    expect(await foreign.body.text()).toContain('cross-origin');
    const crossSite = await replay({ 'x-inspector-token': token, 'sec-fetch-site': 'cross-site' }, id);
    expect(crossSite.statusCode).toBe(403);
    await crossSite.body.dump();
    expect(t.store.count()).toBe(before);
    const ok = await replay({ 'x-inspector-token': token, origin: `http://127.0.0.1:${t.inspector.port}` }, id);
    const line = (await ok.body.json()) as Record<string, unknown>;
    expect(ok.statusCode).toBe(200);
    expect(line).toMatchObject({ type: 'replay', replayOf: id, status: 200 });
  });

  it('the capture port does not serve the inspector: its page and API are stored as captures there, no token given', async () => {
    for (const path of ['/', '/app.js', '/api/captures', '/api/events']) {
      const res = await request(`${t.url}${path}`);
      const body = await res.body.text();
      expect(body).not.toContain('inspector-token');
      expect(res.headers['content-security-policy']).toBeUndefined();
    }
    expect(t.store.list({ limit: 4 }).map((r) => r.url).reverse()).toEqual(['/', '/app.js', '/api/captures', '/api/events']);
  });

  it('falls back to a free port when the asked one is busy, and still binds loopback', async () => {
    const busy = createServer();
    busy.listen(0, '127.0.0.1');
    await once(busy, 'listening');
    const port = (busy.address() as { port: number }).port;
    const other = await startInspector(t.session, { port });
    try {
      expect(other.fellBack).toBe(true);
      expect(other.port).not.toBe(port);
      expect(other.url).toBe(`http://127.0.0.1:${other.port}/`);
      const res = await request(`${other.url}api/captures`);
      expect(res.statusCode).toBe(200);
      await res.body.dump();
    } finally {
      await other.close();
      busy.close();
    }
  });
});

import { once } from 'node:events';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, connect, type Server as TcpServer, type Socket } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { arrivalsFrom, probePublicUrl } from '../../src/tunnel/index.js';
import { connectTarget } from '../../src/tunnel/probe.js';
import { startServer, type TestServer } from '../helpers/server.js';

let srv: TestServer | undefined;
let other: TestServer | undefined;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  await srv?.close();
  await other?.close();
  srv = other = undefined;
});

async function listen<T extends Server | TcpServer>(server: T): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  closers.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return (server.address() as { port: number }).port;
}

/** A stand-in tunnel on loopback: every connection is piped to `to`. */
const forwarder = (to: number): Promise<number> =>
  listen(
    createTcpServer((inbound) => {
      const out = connect(to, '127.0.0.1');
      inbound.pipe(out).pipe(inbound);
      out.on('error', () => inbound.destroy());
      inbound.on('error', () => out.destroy());
    }),
  );

/** A stand-in tunnel edge that answers by itself. */
const answering = (status: number, type: string, body: string): Promise<number> =>
  listen(
    createHttpServer((req, res) => {
      req.resume();
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    }),
  );

describe('probePublicUrl through a stand-in tunnel on loopback', () => {
  it('passes when the probe reaches this listener, and stores nothing', async () => {
    srv = await startServer();
    const pub = await forwarder(srv.server.port);
    let captures = 0;
    srv.server.on('capture', () => captures++);
    const r = await probePublicUrl(`http://127.0.0.1:${pub}`, arrivalsFrom(srv.server), { localPort: srv.server.port });
    expect(r).toMatchObject({ reachable: true, kind: 'ok', status: 200 });
    expect(r.detail).toMatch(new RegExp(`^a probe through http://127\\.0\\.0\\.1:${pub} reached this listener in \\d+ ms$`));
    expect(srv.store.count()).toBe(0);
    expect(captures).toBe(0);
  });

  it('names an HTML interstitial', async () => {
    srv = await startServer();
    const pub = await answering(200, 'text/html; charset=utf-8', '<!DOCTYPE html><html><head><title>You are about to visit a tunnel</title></head><body>Visit Site</body></html>');
    const r = await probePublicUrl(`http://127.0.0.1:${pub}`, arrivalsFrom(srv.server));
    expect(r).toMatchObject({ reachable: false, kind: 'interstitial', status: 200 });
    expect(r.detail).toBe(`127.0.0.1:${pub} answered with an HTML page ("You are about to visit a tunnel") instead of forwarding, and a gateway would get that page too; use an engine or plan without a warning or sign-in page`);
  });

  it("names ngrok's ERR_NGROK_6022 sign-up page with its fix", async () => {
    srv = await startServer();
    const pub = await answering(200, 'text/html', '<html><body><p>ngrok</p><p class="code">ERR_NGROK_6022</p></body></html>');
    const r = await probePublicUrl(`http://127.0.0.1:${pub}`, arrivalsFrom(srv.server));
    expect(r).toMatchObject({ reachable: false, kind: 'interstitial' });
    expect(r.detail).toMatch(/ERR_NGROK_6022\): add an authtoken/);
  });

  it('names a 530 from the edge (engine gone) and a 502 (local side unreachable)', async () => {
    srv = await startServer();
    const e530 = await answering(530, 'text/plain', 'error code: 1033');
    const r530 = await probePublicUrl(`http://127.0.0.1:${e530}`, arrivalsFrom(srv.server));
    expect(r530).toMatchObject({ reachable: false, kind: 'edge-down', status: 530 });
    expect(r530.detail).toMatch(/answered 530: the tunnel's edge has no live connection to this machine .*; restart the tunnel, or retry in a few seconds$/);
    const e502 = await answering(502, 'text/plain', 'Bad Gateway');
    const r502 = await probePublicUrl(`http://127.0.0.1:${e502}`, arrivalsFrom(srv.server), { localPort: srv.server.port });
    expect(r502).toMatchObject({ reachable: false, kind: 'bad-gateway', status: 502 });
    expect(r502.detail).toContain(`make sure it forwards to listen on 127.0.0.1:${srv.server.port}`);
  });

  it('names a wrong port: a different server, or another webhook-kit, answered', async () => {
    srv = await startServer();
    const app = await answering(404, 'text/plain', 'Cannot GET');
    const r = await probePublicUrl(`http://127.0.0.1:${await forwarder(app)}`, arrivalsFrom(srv.server), { localPort: srv.server.port });
    expect(r).toMatchObject({ reachable: false, kind: 'wrong-server', status: 404 });
    expect(r.detail).toMatch(/^a different server answered at http:\/\/127\.0\.0\.1:\d+ \(HTTP 404\); the tunnel forwards to another port or host, not to listen on 127\.0\.0\.1:\d+$/);
    other = await startServer();
    const r2 = await probePublicUrl(`http://127.0.0.1:${await forwarder(other.server.port)}`, arrivalsFrom(srv.server));
    expect(r2).toMatchObject({ reachable: false, kind: 'wrong-server' });
    expect(r2.detail).toMatch(/^another webhook-kit answered/);
    expect(other.store.count()).toBe(0);
  });

  it('names silence: a tunnel that takes the request and never answers', async () => {
    srv = await startServer();
    const pub = await listen(createHttpServer(() => {}));
    const r = await probePublicUrl(`http://127.0.0.1:${pub}`, arrivalsFrom(srv.server), { timeoutMs: 800 });
    expect(r).toMatchObject({ reachable: false, kind: 'silence', status: null });
    expect(r.detail).toMatch(/took the request but nothing answered within 0\.8s/);
  });

  it('names a TLS stall: the connection is accepted, the handshake never completes', async () => {
    srv = await startServer();
    const pub = await listen(createTcpServer(() => {}));
    const r = await probePublicUrl(`https://127.0.0.1:${pub}`, arrivalsFrom(srv.server), { timeoutMs: 800 });
    expect(r).toMatchObject({ reachable: false, kind: 'tls-stall' });
    expect(r.detail).toMatch(/^127\.0\.0\.1:\d+ accepted the connection but its TLS handshake stalled/);
  });

  it('names a refused connection', async () => {
    srv = await startServer();
    const closed = await listen(createTcpServer());
    await closers.pop()!();
    const r = await probePublicUrl(`http://127.0.0.1:${closed}`, arrivalsFrom(srv.server));
    expect(r).toMatchObject({ reachable: false, kind: 'refused' });
  });
});

describe('WEBHOOK_KIT_CONNECT_TO (curl --connect-to syntax)', () => {
  it('maps a named or any host and port, first match wins, malformed rules are skipped', () => {
    const rules = 'bad-rule, a.lhr.life:443:127.0.0.1:9001, :443:127.0.0.1:9002, ::[::1]:9003';
    expect(connectTarget(rules, 'a.lhr.life', 443)).toEqual({ host: '127.0.0.1', port: 9001 });
    expect(connectTarget(rules, 'B.serveo.net', 443)).toEqual({ host: '127.0.0.1', port: 9002 });
    expect(connectTarget(rules, 'c.example', 8080)).toEqual({ host: '::1', port: 9003 });
    expect(connectTarget('a.lhr.life:443:127.0.0.1:9001', 'other.lhr.life', 443)).toBeNull();
    expect(connectTarget(undefined, 'a.lhr.life', 443)).toBeNull();
  });

  it('sends the probe to the mapped address while the URL keeps its name in Host', async () => {
    srv = await startServer();
    const r = await probePublicUrl('http://gateway-facing.example', arrivalsFrom(srv.server), { connectTo: `gateway-facing.example:80:127.0.0.1:${srv.server.port}` });
    expect(r).toMatchObject({ reachable: true, kind: 'ok' });
  });
});

describe('the probe path on the capture server', () => {
  it('is answered 200 and announced, never stored, listed or decoded', async () => {
    srv = await startServer();
    const token = 'a'.repeat(32);
    const probes: unknown[] = [];
    srv.server.on('probe', (p) => probes.push(p));
    let captures = 0;
    srv.server.on('capture', () => captures++);
    // Also under a prefix a reverse proxy keeps, and with a body that looks like SMSC.ru.
    for (const path of [`/.webhook-kit/probe/${token}`, `/hooks/.webhook-kit/probe/${token}`]) {
      const res = await request(`${srv.url}${path}`, { method: 'POST', body: 'id=1&phone=79991234567&status=1&err=0', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(res.statusCode).toBe(200);
      expect(await res.body.text()).toBe(`webhook-kit probe ${token}\n`);
    }
    expect(probes).toEqual([
      { token, remote: expect.stringMatching(/^127\.0\.0\.1:\d+$/), host: `127.0.0.1:${srv.server.port}` },
      { token, remote: expect.stringMatching(/^127\.0\.0\.1:\d+$/), host: `127.0.0.1:${srv.server.port}` },
    ]);
    expect(srv.store.count()).toBe(0);
    expect(srv.store.list()).toEqual([]);
    // A lookalike path that is not a probe token is an ordinary capture.
    const captured = srv.nextCapture();
    const res = await request(`${srv.url}/.webhook-kit/probe/short`);
    await res.body.dump();
    await captured;
    expect(srv.store.count()).toBe(1);
    expect(captures).toBe(1);
  });
});

import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { unbracketHost } from '../core/address.js';
import { PROBE_PATH, type ProbeArrival } from '../core/probe-path.js';
import { ngrokErrorCode } from './lines.js';
import { ngrokMessage } from './engines.js';

/**
 * Resolves true when the probe carrying `token` reached listen's own server within timeoutMs;
 * false on timeout or once `signal` aborts (the probe is over: nothing may keep waiting).
 */
export type AwaitArrival = (token: string, timeoutMs: number, signal?: AbortSignal) => Promise<boolean>;

export type ProbeKind =
  | 'ok'
  | 'interstitial'
  | 'edge-down'
  | 'bad-gateway'
  | 'wrong-server'
  | 'tls-stall'
  | 'tls-untrusted'
  | 'silence'
  | 'refused'
  | 'dns';

export interface ProbeResult {
  reachable: boolean;
  /** One plain sentence: what happened and the likely fix. */
  detail: string;
  kind: ProbeKind;
  /** The HTTP status the public URL answered, when it answered. */
  status: number | null;
}

export interface ProbeOptions {
  timeoutMs?: number;
  /** The port listen is on, named in the fixes. */
  localPort?: number;
  /** Extra CA certificates (PEM) to trust, for a --public-url on a private CA. */
  ca?: string | Buffer;
  /** Ends the probe early (listen is stopping); it then reports silence. */
  signal?: AbortSignal;
  /** `WEBHOOK_KIT_CONNECT_TO` (see connectTarget): where the probe's TCP connection goes instead. */
  connectTo?: string;
}

/**
 * `WEBHOOK_KIT_CONNECT_TO=HOST:PORT:TO_HOST:TO_PORT[,…]`, curl's `--connect-to` syntax (an empty
 * HOST or PORT matches any): the probe connects there instead, keeping the URL's name for SNI,
 * certificate check and Host. For testing a tunnel's public name without DNS: the stand-in engines
 * in test/tunnel/ use it to reach their loopback edge, and so can a user checking a reverse proxy
 * before its DNS record exists.
 */
export function connectTarget(rules: string | undefined, host: string, port: number): { host: string; port: number } | null {
  for (const rule of (rules ?? '').split(',')) {
    const m = /^\s*(\[[^\]]*\]|[^:]*):(\d*):(\[[^\]]*\]|[^:]+):(\d{1,5})\s*$/.exec(rule);
    if (!m) continue;
    const [, fromHost, fromPort, toHost, toPort] = m;
    if ((fromHost === '' || fromHost!.toLowerCase() === host.toLowerCase()) && (fromPort === '' || Number(fromPort) === port)) {
      return { host: unbracketHost(toHost!), port: Number(toPort) };
    }
  }
  return null;
}

/** An AwaitArrival over a CaptureServer's 'probe' events. */
export function arrivalsFrom(server: { on(event: 'probe', l: (p: ProbeArrival) => void): unknown; off(event: 'probe', l: (p: ProbeArrival) => void): unknown }): AwaitArrival {
  return (token, timeoutMs, signal) =>
    new Promise((resolve) => {
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        server.off('probe', on);
        signal?.removeEventListener('abort', stop);
        resolve(ok);
      };
      const on = (p: ProbeArrival): void => {
        if (p.token === token) done(true);
      };
      const stop = (): void => done(false);
      const timer = setTimeout(stop, timeoutMs);
      server.on('probe', on);
      if (signal?.aborted) stop();
      else signal?.addEventListener('abort', stop);
    });
}

interface Answer {
  status: number;
  type: string;
  server: string;
  body: string;
}

/**
 * Sends one request through the public URL carrying a random token, the way a gateway's server
 * would (no browser headers), and passes only when that request reached listen's own server. A
 * failure says which layer failed: DNS, TCP, TLS, the tunnel's edge, or the server behind it.
 */
export async function probePublicUrl(publicUrl: string, awaitArrival: AwaitArrival, opts: ProbeOptions = {}): Promise<ProbeResult> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const token = randomBytes(16).toString('hex');
  const target = new URL(`${publicUrl.replace(/\/+$/, '')}${PROBE_PATH}${token}`);
  const where = opts.localPort ? `127.0.0.1:${opts.localPort}` : 'the port listen is on';
  const started = Date.now();
  const over = new AbortController();
  const arrived = awaitArrival(token, timeoutMs, over.signal);
  let arrivedYet = false;
  void arrived.then((ok) => (arrivedYet = ok));

  const tls = target.protocol === 'https:';
  const phase = { tcp: false, tls: false };
  const via = connectTarget(opts.connectTo, target.hostname, Number(target.port || (tls ? 443 : 80)));
  const outcome = await new Promise<Answer | NodeJS.ErrnoException | 'timeout'>((resolve) => {
    const send = tls ? httpsRequest : httpRequest;
    const req = send(target, {
      method: 'GET',
      headers: { 'user-agent': 'webhook-kit-probe/1', accept: '*/*', connection: 'close', ...(via ? { host: target.host } : {}) },
      ...(via ? { hostname: via.host, port: via.port, servername: target.hostname } : {}),
      ...(tls && opts.ca ? { ca: opts.ca } : {}),
      agent: false,
    });
    const giveUp = (): void => {
      clearTimeout(timer);
      resolve('timeout');
      req.destroy();
    };
    const timer = setTimeout(giveUp, timeoutMs);
    if (opts.signal?.aborted) giveUp();
    else opts.signal?.addEventListener('abort', giveUp, { once: true });
    req.on('close', () => opts.signal?.removeEventListener('abort', giveUp));
    req.on('socket', (s: Socket) => {
      s.once('connect', () => (phase.tcp = true));
      s.once('secureConnect', () => (phase.tls = true));
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(e);
    });
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < 65_536) chunks.push(c);
        size += c.length;
      });
      const end = (): void => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), server: String(res.headers.server ?? ''), body: Buffer.concat(chunks).toString('utf8') });
      };
      res.on('end', end);
      res.on('error', end);
    });
    req.end();
  });

  // Our server announces the probe before it answers, so the arrival is known by now when it came;
  // a short grace covers the event and the answer crossing in flight.
  // A connection that never opened carried nothing, so there is nothing to wait for.
  const opened = outcome !== 'timeout' && !('code' in outcome && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(outcome.code ?? ''));
  let grace: NodeJS.Timeout | undefined;
  const came = arrivedYet || (await Promise.race([arrived, new Promise<boolean>((r) => (grace = setTimeout(() => r(false), opened ? 1500 : 0)))]));
  clearTimeout(grace);
  over.abort();
  const ms = Date.now() - started;
  if (came) {
    const status = typeof outcome === 'object' && 'status' in outcome ? outcome.status : null;
    return { reachable: true, kind: 'ok', status, detail: `a probe through ${publicUrl} reached this listener in ${ms} ms${status !== null && status !== 200 ? ` (but the tunnel answered HTTP ${status})` : ''}` };
  }
  const fail = (kind: ProbeKind, detail: string, status: number | null = null): ProbeResult => ({ reachable: false, kind, status, detail });
  const host = target.host;

  if (outcome === 'timeout') {
    if (!phase.tcp) return fail('silence', `nothing at ${host} accepted a connection within ${timeoutMs / 1000}s; the tunnel is not up, or a firewall drops the traffic`);
    if (tls && !phase.tls) return fail('tls-stall', `${host} accepted the connection but its TLS handshake stalled for ${timeoutMs / 1000}s; the tunnel's edge is not serving (Tailscale Funnel does this until its certificate is ready: tailscale funnel reset, then start again)`);
    return fail('silence', `${host} took the request but nothing answered within ${timeoutMs / 1000}s; the tunnel forwards to something that never answers, not to listen on ${where}`);
  }
  if (!('status' in outcome)) {
    const code = outcome.code ?? '';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return fail('dns', `${target.hostname} does not resolve (${code}); a new quick-tunnel name can take a few seconds to appear in DNS, else check the URL`);
    if (code === 'ECONNREFUSED') return fail('refused', `nothing listens at ${host} (connection refused); the tunnel is down or the URL's port is wrong`);
    if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) return fail('tls-untrusted', `the certificate of ${host} is not trusted (${code}); gateways will refuse it too: serve a publicly trusted certificate there`);
    if (tls && !phase.tls) return fail('tls-stall', `${host} closed the connection during the TLS handshake (${code || outcome.message}); its edge is not serving HTTPS for this name yet`);
    return fail('silence', `${host} dropped the connection without an answer (${code || outcome.message}); the tunnel is not forwarding to listen on ${where}`);
  }

  const a = outcome;
  const ngrok = ngrokErrorCode(a.body);
  if (ngrok === '8012') return fail('bad-gateway', `${ngrokMessage('8012', a.body)} (${where})`, a.status);
  if (ngrok === '6022') return fail('interstitial', ngrokMessage('6022', a.body), a.status);
  if (ngrok === '3200') return fail('edge-down', `ngrok says this endpoint is offline (ERR_NGROK_3200); the agent stopped: restart the tunnel`, a.status);
  if (a.status === 530 || /error code: 10(?:16|33)\b/i.test(a.body)) {
    return fail('edge-down', `${host} answered 530: the tunnel's edge has no live connection to this machine (the engine stopped or has not connected yet); restart the tunnel, or retry in a few seconds`, a.status);
  }
  if (a.status === 502 || a.status === 503 || a.status === 504) {
    return fail('bad-gateway', `${host} answered ${a.status}: the tunnel is up but could not reach the local side; make sure it forwards to listen on ${where}`, a.status);
  }
  if (a.body.startsWith('webhook-kit probe ')) {
    return fail('wrong-server', `another webhook-kit answered at ${publicUrl}, not this one; the tunnel forwards to a different port than listen's ${where}`, a.status);
  }
  if (/text\/html/i.test(a.type) && a.status < 500) {
    const title = /<title[^>]*>([^<]{1,80})/i.exec(a.body)?.[1]?.trim();
    return fail('interstitial', `${host} answered with an HTML page${title ? ` ("${title}")` : ''} instead of forwarding, and a gateway would get that page too; use an engine or plan without a warning or sign-in page`, a.status);
  }
  return fail('wrong-server', `a different server answered at ${publicUrl} (HTTP ${a.status}${a.server ? `, Server: ${a.server.slice(0, 40)}` : ''}); the tunnel forwards to another port or host, not to listen on ${where}`, a.status);
}

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The one policy for every inspector response: nothing inline, nothing remote, never framed. */
export const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Content-Security-Policy', CSP],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cache-Control', 'no-store'],
];

/** The header the page sends its per-run token in (read from `<meta name="inspector-token">`). */
export const TOKEN_HEADER = 'x-inspector-token';

/** A refusal: status and one line saying why. */
export interface Refusal {
  status: number;
  reason: string;
}

// Set by proxies and tunnels: a request carrying one came from beyond this machine.
const PROXY_HEADERS = ['x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'forwarded'];

/** Who may talk to an inspector on `port`, and the token its state-changing requests carry. */
export class Guard {
  readonly token = randomBytes(24).toString('hex');
  private hosts: Set<string> = new Set();

  /** Call once bound: the Host names the page may be reached by. */
  setPort(port: number): void {
    this.hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  }

  /**
   * Any request: Host must be this inspector's own loopback name and port (a DNS-rebinding page
   * sends its own name), and no proxy may have relayed it. State-changing requests also need the
   * token and, when the browser says where it comes from, this very origin.
   */
  check(req: IncomingMessage): Refusal | null {
    const host = (req.headers.host ?? '').toLowerCase();
    if (!this.hosts.has(host)) return { status: 421, reason: 'the inspector answers only to 127.0.0.1, localhost or [::1] on its own port' };
    if (PROXY_HEADERS.some((h) => req.headers[h] !== undefined)) return { status: 403, reason: 'the inspector does not answer requests relayed by a proxy or tunnel' };
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    if (req.method === 'GET' || req.method === 'HEAD') {
      // A page elsewhere may not embed our API's answers as scripts or images either.
      if (site !== undefined && site !== 'same-origin' && site !== 'none' && req.url?.startsWith('/api/')) return { status: 403, reason: 'cross-site request' };
      return null;
    }
    if (origin !== undefined && origin !== `http://${host}`) return { status: 403, reason: `cross-origin request from ${origin.slice(0, 80)}` };
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return { status: 403, reason: 'cross-site request' };
    if (!this.hasToken(req)) return { status: 403, reason: `missing or wrong ${TOKEN_HEADER} header (the page has it in <meta name="inspector-token">)` };
    return null;
  }

  private hasToken(req: IncomingMessage): boolean {
    const given = req.headers[TOKEN_HEADER];
    if (typeof given !== 'string') return false;
    const a = Buffer.from(given);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

/** Writes a complete answer with the security headers. */
export function answer(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: ReadonlyArray<readonly [string, string]> = []): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, [...SECURITY_HEADERS, ['Content-Type', type], ['Content-Length', String(bytes.length)], ...extra].flat());
  res.end(bytes);
}

/**
 * Anchored patterns for the lines engines print, each tested against recorded transcripts of
 * several versions (test/tunnel/lines.test.ts). A host is only ever taken from a line whose whole
 * shape is known: one tool registered `api.trycloudflare.com`, the host in cloudflared's error line,
 * as its public URL (README, "Tunnels").
 */

/** Terminal colour and cursor sequences, and the CR of CRLF output, removed before matching. */
export function plainLine(line: string): string {
  return line.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\r/g, '').trim();
}

/** OpenSSH's client (clientloop.c) for `-R 0:host:port`: the port the server chose. */
export function sshAllocatedPort(line: string): { port: number; target: string } | null {
  const m = /^Allocated port (\d{1,5}) for remote forward to (\S+:\d{1,5})$/.exec(plainLine(line));
  return m ? { port: Number(m[1]), target: m[2]! } : null;
}

/**
 * localhost.run: `<id>.lhr.life tunneled with tls termination, https://<id>.lhr.life`; the names
 * were on localhost.run itself (2021), lhrtunnel.link (2022), lhr.life / lhr.rocks since
 * (transcripts in test/tunnel/fixtures/ssh-standin.mjs).
 */
export function localhostRunUrl(line: string): string | null {
  const m = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+ tunneled with tls termination, (https:\/\/[a-z0-9-]+\.(?:lhr\.life|lhr\.rocks|lhrtunnel\.link|localhost\.run))\/?$/i.exec(plainLine(line));
  if (!m) return null;
  const url = m[1]!.toLowerCase();
  // Its own pages are linked from the same session text; they are never the tunnel.
  return /^https:\/\/(?:admin|docs|www)\.localhost\.run$/.test(url) ? null : url;
}

/** serveo: `Forwarding HTTP traffic from https://<sub>.serveo.net` (or serveousercontent.com). */
export function serveoUrl(line: string): string | null {
  const m = /^Forwarding HTTP traffic from (https:\/\/[a-z0-9-]+\.(?:serveo\.net|serveousercontent\.com))\/?$/i.exec(plainLine(line));
  return m ? m[1]!.toLowerCase() : null;
}

/**
 * The URL row of cloudflared's boxed banner: `|  https://<words>.trycloudflare.com  |`, after a
 * zerolog (`2024-05-01T10:00:01Z INF `) or logrus (`INFO[0003] `) prefix. Only used when the
 * metrics server has no /quicktunnel (older versions); the box frame is what makes it safe.
 */
export function cloudflaredBannerUrl(line: string): string | null {
  const m = /^(?:\d{4}-\d\d-\d\dT\S+ INF |INFO\[[^\]]+\] +)?\|\s+(https:\/\/[a-z0-9-]+\.trycloudflare\.com)\/?\s+\|$/.exec(plainLine(line));
  if (!m) return null;
  return m[1] === 'https://api.trycloudflare.com' ? null : m[1]!;
}

/** cloudflared has a live connection to Cloudflare's edge (new and old wording). */
export function cloudflaredConnected(line: string): boolean {
  return /\bRegistered tunnel connection\b|\bConnection [0-9a-f-]+ registered\b|\bConnected to [A-Z]{3}\d*\b/.test(plainLine(line));
}

/** `{"hostname":"<words>.trycloudflare.com"}` from GET /quicktunnel (sent as text/plain). */
export function quickTunnelUrl(body: string): string | null {
  try {
    const host = (JSON.parse(body) as { hostname?: unknown }).hostname;
    if (typeof host !== 'string' || !/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(host) || host === 'api.trycloudflare.com') return null;
    return `https://${host.toLowerCase()}`;
  } catch {
    return null;
  }
}

/** One ngrok `--log-format json` record, or null for a line that is not one. */
export interface NgrokRecord {
  lvl: string;
  msg: string;
  err: string;
  url: string | null;
  /** `host:port` the tunnel forwards to; `addr` is a string in older agents, `{Scheme,Host}` in newer. */
  addr: string | null;
}

export function ngrokRecord(line: string): NgrokRecord | null {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return null;
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) return null;
  const r = o as Record<string, unknown>;
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  let addr: string | null = null;
  if (typeof r.addr === 'string') addr = r.addr.replace(/^[a-z]+:\/\//i, '');
  else if (r.addr && typeof r.addr === 'object') {
    const a = r.addr as Record<string, unknown>;
    addr = str(a.Host ?? a.host) || null;
  }
  const url = str(r.url);
  return { lvl: str(r.lvl), msg: str(r.msg), err: str(r.err), url: /^https?:\/\/[a-z0-9.-]+(?::\d+)?$/i.test(url) ? url : null, addr };
}

/** The ngrok error code (`ERR_NGROK_4018`) anywhere in a line or body. */
export function ngrokErrorCode(text: string): string | null {
  return /\bERR_NGROK_(\d{2,5})\b/.exec(text)?.[1] ?? null;
}

/** `endpoints[].url` (GET /api/endpoints) or `tunnels[].public_url` (GET /api/tunnels); https first. */
export function ngrokApiUrl(body: string, localPort: number): string | null {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return null;
  }
  const rows = (Array.isArray(o.endpoints) ? o.endpoints : Array.isArray(o.tunnels) ? o.tunnels : []) as Array<Record<string, unknown>>;
  const urls: string[] = [];
  for (const row of rows) {
    const url = typeof row.url === 'string' ? row.url : typeof row.public_url === 'string' ? row.public_url : '';
    if (!/^https?:\/\/[a-z0-9.-]+(?::\d+)?\/?$/i.test(url)) continue;
    // Another tunnel of the same agent may point elsewhere; keep ours when the row says where.
    const upstream = JSON.stringify(row.upstream ?? row.config ?? '');
    if (upstream !== '""' && !upstream.includes(`:${localPort}`)) continue;
    urls.push(url.replace(/\/$/, ''));
  }
  return urls.find((u) => u.startsWith('https://')) ?? urls[0] ?? null;
}

/** `tailscale status --self=true --peers=false --json`: the machine's Funnel URL. */
export function tailscaleStatusUrl(body: string): string | null {
  try {
    const self = (JSON.parse(body) as { Self?: { DNSName?: unknown } }).Self;
    const name = typeof self?.DNSName === 'string' ? self.DNSName.replace(/\.$/, '') : '';
    return /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.ts\.net$/i.test(name) ? `https://${name.toLowerCase()}` : null;
  } catch {
    return null;
  }
}

/** `https://<machine>.<tailnet>.ts.net/` on its own line, under "Available on the internet:". */
export function tailscaleFunnelUrl(line: string): string | null {
  const m = /^(https:\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)*\.ts\.net)\/?$/i.exec(plainLine(line));
  return m ? m[1]!.toLowerCase() : null;
}

/**
 * pinggy's session text, under "You can access local server via following URL(s):": one URL a
 * line on its own names (a.free.pinggy.link now, a.pinggy.online / b.pinggy.io in 2023 docs).
 */
export function pinggyLineUrl(line: string): string | null {
  const m = /^(https:\/\/[a-z0-9-]+\.[a-z]\.(?:free\.)?pinggy\.(?:link|online|io))\/?$/i.exec(plainLine(line));
  return m ? m[1]!.toLowerCase() : null;
}

/** pinggy's web debugger GET /urls: `{"urls":["http://…","https://…"]}`; https first. */
export function pinggyUrls(body: string): string | null {
  try {
    const urls = (JSON.parse(body) as { urls?: unknown }).urls;
    if (!Array.isArray(urls)) return null;
    const ok = urls.filter((u): u is string => typeof u === 'string' && /^https?:\/\/[a-z0-9.-]+(?::\d+)?\/?$/i.test(u)).map((u) => u.replace(/\/$/, ''));
    return ok.find((u) => u.startsWith('https://')) ?? ok[0] ?? null;
  } catch {
    return null;
  }
}

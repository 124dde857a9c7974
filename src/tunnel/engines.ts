import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { KitError } from '../core/errors.js';
import { safePreview } from '../core/safe-text.js';
import {
  cloudflaredBannerUrl,
  cloudflaredConnected,
  localhostRunUrl,
  ngrokApiUrl,
  ngrokErrorCode,
  ngrokRecord,
  pinggyUrls,
  plainLine,
  quickTunnelUrl,
  serveoUrl,
  sshAllocatedPort,
  tailscaleFunnelUrl,
  tailscaleStatusUrl,
} from './lines.js';
import type { TunnelSpec } from './spec.js';

/** What one output line told us; a line can say nothing. */
export interface LineFacts {
  url?: string;
  /** The engine says traffic can flow (cloudflared's edge connection). */
  connected?: boolean;
  /** A failure the engine will not recover from on its own. */
  fatal?: KitError;
  /** Kept for the timeout message (cloudflared's QUIC errors). */
  hint?: string;
}

/** How to run one engine once and read its public URL back. */
export interface EnginePlan {
  /** Name in messages: `cloudflared`, `ngrok`, `tailscale`, `ssh`. */
  name: string;
  command: string;
  args: string[];
  /** Extra environment for the engine. */
  env?: Record<string, string>;
  /** True when the command is a shell line (WEBHOOK_KIT_SSH_COMMAND) run through /bin/sh. */
  viaShell?: string;
  line(text: string): LineFacts | undefined;
  /** Asks the engine's local API; null while it does not know the URL yet. */
  poll?(localPort: number, signal: AbortSignal): Promise<string | null>;
  /** Whether 'up' also waits for a `connected` line (after the URL). */
  waitConnected: boolean;
  timeoutMs: number;
  /** Message when the command is not installed. */
  notInstalled: string;
  /** The fix appended to "no URL within Ns". */
  timeoutFix(hints: ReadonlySet<string>): string;
  cleanup(): void;
}

const GET_IT: Record<'ssh' | 'cloudflared' | 'ngrok' | 'tailscale', string> = {
  ssh: 'install the OpenSSH client (Debian/Ubuntu: apt install openssh-client; macOS and Windows 10+ ship it)',
  cloudflared: 'install it from https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/',
  ngrok: 'install it from https://ngrok.com/download (agent 3.2 or newer)',
  tailscale: 'install it from https://tailscale.com/download and run `tailscale up`',
};

const notInstalled = (name: keyof typeof GET_IT): string =>
  `${name} is not installed (not found on PATH): ${GET_IT[name]}, or give a URL you made with --public-url`;

/** A free loopback TCP port for an engine's local API (metrics, web_addr, pinggy's debugger). */
export async function freeLoopbackPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', resolve);
  });
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** GET on an engine's loopback API; null on any failure (not up yet), the body otherwise. */
async function getLocal(url: string, signal: AbortSignal): Promise<{ status: number; body: string } | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(2000)]) });
    return { status: res.status, body: await res.text() };
  } catch {
    return null;
  }
}

/** The host part of an OpenSSH destination: `user@host`, `ssh://user@host:port`, `[::1]`. */
export function sshHost(destination: string): string {
  let d = destination.replace(/^ssh:\/\//, '');
  d = d.slice(d.lastIndexOf('@') + 1);
  if (d.startsWith('[')) return d.slice(0, d.indexOf(']') + 1);
  return destination.startsWith('ssh://') ? d.replace(/:\d+$/, '') : d;
}

/** The ssh command line: WEBHOOK_KIT_SSH_COMMAND replaces `ssh`, as GIT_SSH_COMMAND does for git. */
function sshCommand(env: NodeJS.ProcessEnv, args: string[]): Pick<EnginePlan, 'command' | 'args' | 'viaShell'> {
  const custom = env.WEBHOOK_KIT_SSH_COMMAND?.trim();
  // Like git, the value is a shell line (it may quote paths with spaces); the options follow it.
  // `exec` makes ssh itself the engine process (one process to stop, its exit seen at once),
  // except after a leading VAR=value, which exec would take for the command.
  const exec = /^[A-Za-z_][A-Za-z0-9_]*=/.test(custom ?? '') ? '' : 'exec ';
  if (custom) return { command: '/bin/sh', args: ['-c', `${exec}${custom} "$@"`, 'ssh', ...args], viaShell: custom };
  return { command: 'ssh', args };
}

/**
 * The host name ssh will really connect to (`ssh -G`: aliases and HostName from ~/.ssh/config and
 * WEBHOOK_KIT_SSH_COMMAND applied), for the public URL; null when ssh cannot say.
 */
function sshResolvedHost(env: NodeJS.ProcessEnv, destination: string): Promise<string | null> {
  const { command, args } = sshCommand(env, ['-G', destination]);
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: 5000 }, (err, stdout) => {
      const name = err ? undefined : /^hostname (\S+)$/m.exec(stdout)?.[1];
      resolve(name ? (name.includes(':') ? `[${name}]` : name) : null);
    });
  });
}

function sshFatal(line: string, destination: string): KitError | undefined {
  const l = safePreview(plainLine(line), 200);
  const host = sshHost(destination);
  const fail = (m: string): KitError => new KitError('E_TUNNEL', m);
  if (/Permission denied \(/.test(l)) return fail(`ssh to ${destination} was refused (${l}); make sure your key is accepted there (ssh-copy-id ${destination}) or point to it with WEBHOOK_KIT_SSH_COMMAND='ssh -i ~/.ssh/your_key'`);
  if (/Could not resolve hostname/i.test(l)) return fail(`cannot resolve ${host} (${l}); check the destination after --tunnel ssh:`);
  if (/Host key verification failed/.test(l)) return fail(`the host key of ${host} does not match ~/.ssh/known_hosts (Host key verification failed); check it, then remove the old one with ssh-keygen -R ${host}`);
  if (/remote port forwarding failed/i.test(l)) return fail(`${host} refused the remote forward (${l}); its sshd needs AllowTcpForwarding yes (or remote) in sshd_config`);
  if (/^ssh: connect to host .*: (?:Connection refused|Connection timed out|No route to host|Operation timed out|Network is unreachable)$/.test(l)) return fail(`cannot reach ${host} over ssh (${l.replace(/^ssh: /, '')}); check the host and port (ssh:ssh://user@host:2222)`);
  return undefined;
}

/** The plan for one start of `spec` forwarding to 127.0.0.1:localPort. */
export async function planFor(spec: Exclude<TunnelSpec, { engine: 'url' }>, localPort: number, env: NodeJS.ProcessEnv): Promise<EnginePlan> {
  const local = `127.0.0.1:${localPort}`;
  const nothing = (): void => {};
  if (spec.engine === 'ssh') {
    const common = ['-o', 'ExitOnForwardFailure=yes', '-o', 'ServerAliveInterval=30', '-o', 'ServerAliveCountMax=3', '-o', 'ConnectTimeout=15', '-o', 'StrictHostKeyChecking=accept-new', '-o', 'LogLevel=INFO'];
    const base = { name: 'ssh', waitConnected: false, timeoutMs: 30_000, cleanup: nothing };
    const notFound = env.WEBHOOK_KIT_SSH_COMMAND?.trim()
      ? `WEBHOOK_KIT_SSH_COMMAND (${env.WEBHOOK_KIT_SSH_COMMAND.trim()}) did not run: command not found; fix the variable or unset it`
      : notInstalled('ssh');
    const timeoutFix = (): string => (spec.service === 'own' ? 'check that the server accepts your key without a prompt and allows remote forwarding' : `${spec.service} may be down; try another --tunnel or --public-url`);
    if (spec.service === 'own') {
      const host = (await sshResolvedHost(env, spec.destination)) ?? sshHost(spec.destination);
      return {
        ...base,
        // `*:0`: every interface where the server's GatewayPorts allows it (clientspecified or
        // yes); with GatewayPorts no, sshd binds its loopback whatever we ask, and the probe says so.
        ...sshCommand(env, ['-N', '-T', ...common, '-R', `*:0:${local}`, spec.destination]),
        notInstalled: notFound,
        timeoutFix,
        line: (text) => {
          const a = sshAllocatedPort(text);
          // The server's sshd decides where the port listens (GatewayPorts); the probe proves it.
          if (a && a.target.endsWith(`:${localPort}`)) return { url: `http://${host}:${a.port}`, connected: true };
          const fatal = sshFatal(text, spec.destination);
          return fatal ? { fatal } : undefined;
        },
      };
    }
    if (spec.service === 'pinggy') {
      const debug = await freeLoopbackPort();
      return {
        ...base,
        ...sshCommand(env, ['-T', '-p', '443', ...common, '-R', `0:${local}`, '-L', `127.0.0.1:${debug}:localhost:4300`, spec.destination]),
        notInstalled: notFound,
        timeoutFix,
        line: (text) => {
          const fatal = sshFatal(text, spec.destination);
          return fatal ? { fatal } : undefined;
        },
        // pinggy's web debugger (forwarded to us with -L) lists the URLs: pinggy.io/docs/api/web_debugger_api.
        poll: async (_port, signal) => {
          const r = await getLocal(`http://127.0.0.1:${debug}/urls`, signal);
          return r && r.status === 200 ? pinggyUrls(r.body) : null;
        },
      };
    }
    const read = spec.service === 'localhost.run' ? localhostRunUrl : serveoUrl;
    return {
      ...base,
      // A session (no -N): these services print the URL into it; stdin stays open so it lasts.
      ...sshCommand(env, ['-T', ...common, '-R', `80:${local}`, spec.destination]),
      notInstalled: notFound,
      timeoutFix,
      line: (text) => {
        const url = read(text);
        if (url) return { url, connected: true };
        const fatal = sshFatal(text, spec.destination);
        return fatal ? { fatal } : undefined;
      },
    };
  }

  if (spec.engine === 'cloudflared') {
    const metrics = await freeLoopbackPort();
    let hasQuickTunnelApi = true;
    let banner: string | null = null;
    const args = ['tunnel', '--no-autoupdate', '--metrics', `127.0.0.1:${metrics}`, '--url', `http://${local}`];
    if (spec.protocol) args.push('--protocol', spec.protocol);
    return {
      name: 'cloudflared',
      command: 'cloudflared',
      args,
      waitConnected: true,
      timeoutMs: 60_000,
      notInstalled: notInstalled('cloudflared'),
      cleanup: nothing,
      timeoutFix: (hints) =>
        hints.has('quic') && spec.protocol !== 'http2'
          ? "cloudflared's QUIC connection to Cloudflare fails here (UDP 7844 blocked?); retry with cloudflared's --protocol http2: --tunnel cloudflared:http2"
          : 'Cloudflare may be slow or down; retry, or use another --tunnel or --public-url',
      line: (text) => {
        const l = plainLine(text);
        if (/failed to (?:request|unmarshal) quick Tunnel|failed to parse quick Tunnel ID/i.test(l)) {
          return { fatal: new KitError('E_TUNNEL', 'cloudflared could not get a quick tunnel from Cloudflare (the service is down, rate-limited or blocked from here); retry in a minute, use another --tunnel, or --public-url') };
        }
        if (/failed to dial to edge with quic|Failed to serve quic connection|failed to accept QUIC stream|QUIC.*timeout/i.test(l)) return { hint: 'quic' };
        if (cloudflaredConnected(l)) return { connected: true };
        // The banner is used only when the metrics server cannot say (versions before /quicktunnel).
        banner ??= cloudflaredBannerUrl(l);
        return banner && !hasQuickTunnelApi ? { url: banner } : undefined;
      },
      poll: async (_port, signal) => {
        const r = await getLocal(`http://127.0.0.1:${metrics}/quicktunnel`, signal);
        if (r && r.status === 404) hasQuickTunnelApi = false;
        return r && r.status === 200 ? quickTunnelUrl(r.body) : hasQuickTunnelApi ? null : banner;
      },
    };
  }

  if (spec.engine === 'ngrok') {
    const web = await freeLoopbackPort();
    const dir = mkdtempSync(join(tmpdir(), 'webhook-kit-ngrok-'));
    const ours = join(dir, 'web-addr.yml');
    // `--config` replaces the default file, so the user's (with the authtoken) is passed first and
    // ours only moves the agent API to a port we know (a second agent would take 4041: ngrok docs,
    // agent/config: web_addr). Several --config files are merged.
    writeFileSync(ours, `version: "2"\nweb_addr: 127.0.0.1:${web}\n`, { mode: 0o600 });
    const configs = [...ngrokConfigFiles(env), ours].flatMap((f) => ['--config', f]);
    const failure = (code: string, raw: string): KitError => new KitError('E_TUNNEL', ngrokMessage(code, raw));
    return {
      name: 'ngrok',
      command: 'ngrok',
      args: ['http', `http://${local}`, '--log', 'stdout', '--log-format', 'json', ...configs],
      waitConnected: false,
      timeoutMs: 30_000,
      notInstalled: notInstalled('ngrok'),
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
      timeoutFix: () => 'check `ngrok config check` and your account at https://dashboard.ngrok.com, or use another --tunnel or --public-url',
      line: (text) => {
        const code = ngrokErrorCode(text);
        if (code) return { fatal: failure(code, text) };
        const rec = ngrokRecord(text);
        if (!rec) return undefined;
        if (rec.msg === 'started tunnel' && rec.url && (rec.addr === null || rec.addr.endsWith(`:${localPort}`))) return { url: rec.url };
        if ((rec.lvl === 'crit' || (rec.lvl === 'eror' && /command failed|session closed|failed to start/i.test(rec.msg))) && rec.err) {
          return { fatal: new KitError('E_TUNNEL', `ngrok failed: ${safePreview(firstLine(rec.err), 200)}; run ngrok http ${localPort} yourself to see the whole message`) };
        }
        return undefined;
      },
      // The agent API: /api/endpoints in current agents, /api/tunnels (deprecated) in older ones.
      poll: async (port, signal) => {
        for (const path of ['/api/endpoints', '/api/tunnels']) {
          const r = await getLocal(`http://127.0.0.1:${web}${path}`, signal);
          if (r && r.status === 200) {
            const url = ngrokApiUrl(r.body, port);
            if (url) return url;
          }
        }
        return null;
      },
    };
  }

  // Tailscale Funnel in the foreground, so it ends with us (`--bg` would outlive listen).
  let funnelSaid = false;
  let printed: string | null = null;
  return {
    name: 'tailscale',
    command: 'tailscale',
    args: ['funnel', String(localPort)],
    waitConnected: false,
    timeoutMs: 30_000,
    notInstalled: notInstalled('tailscale'),
    cleanup: nothing,
    timeoutFix: () => 'check `tailscale status` and `tailscale funnel status`; Funnel serves only on ports 443, 8443 and 10000',
    line: (text) => {
      const l = plainLine(text);
      if (/Funnel is not enabled|Serve is not enabled|requires? .*funnel.* attribute/i.test(l)) {
        return { fatal: new KitError('E_TUNNEL', `Funnel is not enabled for this tailnet or machine: run tailscale funnel ${localPort} once yourself and open the link it prints (a tailnet admin enables the funnel attribute), then retry`) };
      }
      if (/failed to connect to local Tailscale|is Tailscale running|Tailscale is stopped|NeedsLogin|not logged in/i.test(l)) {
        return { fatal: new KitError('E_TUNNEL', 'tailscale is not running or not logged in on this machine: run `tailscale up`, then retry') };
      }
      if (/HTTPS .*(?:not enabled|disabled)|enable HTTPS/i.test(l)) {
        return { fatal: new KitError('E_TUNNEL', 'HTTPS certificates are off for this tailnet: enable HTTPS in the admin console (DNS page), then retry') };
      }
      if (/^Available on the internet:?$/i.test(l)) funnelSaid = true;
      else if (funnelSaid) printed ??= tailscaleFunnelUrl(l);
      return undefined;
    },
    // Once Funnel says it serves, the machine's name comes from `tailscale status --json`
    // (Self.DNSName); the printed line is the fallback for versions whose JSON lacks it.
    poll: async (_port, signal) => {
      if (!funnelSaid) return null;
      const out = await new Promise<string | null>((resolve) => {
        execFile('tailscale', ['status', '--self=true', '--peers=false', '--json'], { env, signal, timeout: 5000 }, (err, stdout) => resolve(err ? null : stdout));
      });
      return (out !== null ? tailscaleStatusUrl(out) : null) ?? printed;
    },
  };
}

/**
 * The user's ngrok config files, passed again because our own `--config` replaces the default
 * lookup (ngrok docs agent/config: the default location per OS, and the legacy ~/.ngrok2).
 */
function ngrokConfigFiles(env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME ?? homedir();
  const candidates = [
    env.NGROK_CONFIG,
    join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'ngrok', 'ngrok.yml'),
    join(home, 'Library', 'Application Support', 'ngrok', 'ngrok.yml'),
    env.LOCALAPPDATA ? join(env.LOCALAPPDATA, 'ngrok', 'ngrok.yml') : undefined,
    join(home, '.ngrok2', 'ngrok.yml'),
  ];
  const found = candidates.find((f): f is string => !!f && existsSync(f));
  return found ? [found] : [];
}

const firstLine = (s: string): string => s.split(/\r?\n/).map((l) => l.trim()).find(Boolean) ?? s;

/** ngrok's account errors (ngrok error reference, ERR_NGROK_<code>), each with its fix. */
export function ngrokMessage(code: string, raw: string): string {
  switch (code) {
    case '4018':
      return 'ngrok needs a verified account and its authtoken (ERR_NGROK_4018): sign up at https://dashboard.ngrok.com/signup, run ngrok config add-authtoken <token>, or use --tunnel cloudflared or --public-url';
    case '105':
      return 'ngrok rejected the authtoken as malformed or revoked (ERR_NGROK_105): copy it again from https://dashboard.ngrok.com/get-started/your-authtoken and run ngrok config add-authtoken <token>';
    case '108':
      return 'this ngrok account already has an agent session running elsewhere (ERR_NGROK_108; the free plan allows one): stop the other ngrok, or use another --tunnel';
    case '121':
    case '120':
      return `this ngrok agent is too old for the ngrok service (ERR_NGROK_${code}): run ngrok update or install a current one from https://ngrok.com/download`;
    case '8012':
      return `ngrok is up but cannot reach the local port (ERR_NGROK_8012): listen must still be running on the port ngrok forwards to`;
    case '6022':
      return 'ngrok answered with its sign-up page instead of forwarding (ERR_NGROK_6022): add an authtoken with ngrok config add-authtoken <token>';
    default:
      return `ngrok failed (ERR_NGROK_${code}: ${safePreview(firstLine(plainLine(raw)), 160)}); see https://ngrok.com/docs/errors/err_ngrok_${code}`;
  }
}

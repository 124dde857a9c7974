import { execFile } from 'node:child_process';
import { KitError } from '../core/errors.js';
import { safePreview } from '../core/safe-text.js';
import { localhostRunUrl, pinggyLineUrl, pinggyUrls, plainLine, serveoUrl, sshAllocatedPort } from './lines.js';
import { freeLoopbackPort, getLocal, notInstalled, nothing, type EnginePlan } from './plan.js';
import type { TunnelSpec } from './spec.js';

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

function sshFatal(line: string, spec: Extract<TunnelSpec, { engine: 'ssh' }>): KitError | undefined {
  const { destination, service } = spec;
  const l = safePreview(plainLine(line), 200);
  const host = sshHost(destination);
  const fail = (m: string): KitError => new KitError('E_TUNNEL', m);
  if (/Permission denied \(/.test(l)) {
    // The services take any key, but ssh must have one to offer (localhost.run users who had
    // none got this line until they ran ssh-keygen: rajkumardusad/MyServer#8).
    if (service !== 'own') return fail(`${service} refused the ssh login (${l}); it takes any key, but ssh needs one to offer: create one with ssh-keygen -t ed25519, or point to yours with WEBHOOK_KIT_SSH_COMMAND='ssh -i ~/.ssh/your_key'`);
    return fail(`ssh to ${destination} was refused (${l}); make sure your key is accepted there (ssh-copy-id ${destination}) or point to it with WEBHOOK_KIT_SSH_COMMAND='ssh -i ~/.ssh/your_key'`);
  }
  if (service !== 'own' && /remote port forwarding failed/i.test(l)) return fail(`${service} refused the forward (${l}); the service is busy or turned this connection down: retry in a minute, or use another --tunnel or --public-url`);
  if (/Could not resolve hostname/i.test(l)) return fail(`cannot resolve ${host} (${l}); check the destination after --tunnel ssh:`);
  if (/Host key verification failed/.test(l)) return fail(`the host key of ${host} does not match ~/.ssh/known_hosts (Host key verification failed); check it, then remove the old one with ssh-keygen -R ${host}`);
  if (/remote port forwarding failed/i.test(l)) return fail(`${host} refused the remote forward (${l}); its sshd needs AllowTcpForwarding yes (or remote) in sshd_config`);
  if (/^ssh: connect to host .*: (?:Connection refused|Connection timed out|No route to host|Operation timed out|Network is unreachable)$/.test(l)) return fail(`cannot reach ${host} over ssh (${l.replace(/^ssh: /, '')}); check the host and port (ssh:ssh://user@host:2222)`);
  return undefined;
}

/** `ssh -R` to the user's own host or to localhost.run, serveo, pinggy. */
export async function sshPlan(spec: Extract<TunnelSpec, { engine: 'ssh' }>, localPort: number, env: NodeJS.ProcessEnv): Promise<EnginePlan> {
  const local = `127.0.0.1:${localPort}`;
  const common = ['-o', 'ExitOnForwardFailure=yes', '-o', 'ServerAliveInterval=30', '-o', 'ServerAliveCountMax=3', '-o', 'ConnectTimeout=15', '-o', 'StrictHostKeyChecking=accept-new', '-o', 'LogLevel=INFO'];
  // Messages name the service: "localhost.run (ssh) exited with code 255", not just "ssh".
  const base = { name: spec.service === 'own' ? 'ssh' : `${spec.service} (ssh)`, waitConnected: false, timeoutMs: 30_000, cleanup: nothing };
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
        const fatal = sshFatal(text, spec);
        return fatal ? { fatal } : undefined;
      },
    };
  }
  if (spec.service === 'pinggy') {
    const debug = await freeLoopbackPort();
    let listed = false;
    return {
      ...base,
      ...sshCommand(env, ['-T', '-p', '443', ...common, '-R', `0:${local}`, '-L', `127.0.0.1:${debug}:localhost:4300`, spec.destination]),
      notInstalled: notFound,
      timeoutFix,
      // The printed URLs are the fallback when the debugger forward does not answer.
      line: (text) => {
        if (/^You can access local server via following URL\(s\):$/.test(plainLine(text))) listed = true;
        const url = listed ? pinggyLineUrl(text) : null;
        if (url) return { url };
        const fatal = sshFatal(text, spec);
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
      const fatal = sshFatal(text, spec);
      return fatal ? { fatal } : undefined;
    },
  };
}

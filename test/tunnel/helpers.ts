import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request as httpsRequest } from 'node:https';
import { once } from 'node:events';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureLocalCert } from '../../src/tunnel/tls.js';
import type { ListenChild } from '../helpers/cli.js';
import { unclaimedPort } from '../helpers/ports.js';
import { tempDir } from '../helpers/tmp.js';

/** Pids whose process group is `pgid` (from /proc/<pid>/stat, field 5). */
export function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may hold spaces.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (rest[0] !== 'Z' && Number(rest[2]) === pgid) out.push(Number(name));
    } catch {
      // Gone while reading.
    }
  }
  return out;
}

/** Resolves once no live process is left in group `pgid`; rejects after deadlineMs. */
export async function groupGone(pgid: number, deadlineMs = 10_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    if (groupMembers(pgid).length === 0) return;
    if (Date.now() > until) throw new Error(`process group ${pgid} still has ${groupMembers(pgid).join(', ')} after ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Sshd {
  port: number;
  dir: string;
  user: string;
  /** WEBHOOK_KIT_SSH_COMMAND for a client with the authorised key. */
  sshCommand: string;
  /** The same, with a key the server does not accept. */
  wrongKeyCommand: string;
  stop(): Promise<void>;
}

/**
 * A real OpenSSH sshd on 127.0.0.1 with a temp host key and a temp authorised client key, as the
 * user running the tests (root or not; StrictModes no for a 0700 checkout or /tmp).
 */
export async function startSshd(): Promise<Sshd> {
  const tmp = tempDir('wk-sshd-');
  const dir = tmp.dir;
  const keygen = (file: string): void => {
    const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, file)]);
    if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
  };
  keygen('host_key');
  keygen('client_key');
  keygen('other_key');
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')));
  chmodSync(join(dir, 'authorized_keys'), 0o600);
  const port = await unclaimedPort();
  const user = userInfo().username;
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      'ListenAddress 127.0.0.1',
      `Port ${port}`,
      `HostKey ${join(dir, 'host_key')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'AllowTcpForwarding yes',
      'GatewayPorts no',
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      `AllowUsers ${user}`,
      '',
    ].join('\n'),
  );
  // sshd started as root wants its privilege-separation directory.
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const proc: ChildProcess = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const log: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const rl = createInterface({ input: proc.stderr! });
    rl.on('line', (l) => {
      log.push(l);
      if (/Server listening on 127\.0\.0\.1 port/.test(l)) resolve();
    });
    proc.once('exit', (code) => reject(new Error(`sshd exited ${code}: ${log.join('\n')}`)));
  });
  const client = (key: string): string =>
    `ssh -F /dev/null -i ${join(dir, key)} -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile=${join(dir, 'known_hosts')} -p ${port}`;
  // One login first, so an account sshd will not take (a locked one such as nobody) fails here,
  // with sshd's reason, instead of as a refused key in every test.
  const check = spawnSync('/bin/sh', ['-c', `${client('client_key')} ${user}@127.0.0.1 true 2>&1`], { encoding: 'utf8', timeout: 15_000 });
  if (check.status !== 0) {
    proc.kill('SIGTERM');
    throw new Error(`the test sshd does not let ${user} in (${log.filter((l) => /not allowed|Authentication refused|invalid user/i.test(l)).join('; ') || check.stdout.trim().split('\n').pop()}; a locked account such as nobody cannot log in); run the tests as an account that can`);
  }
  return {
    port,
    dir,
    user,
    sshCommand: client('client_key'),
    wrongKeyCommand: client('other_key'),
    stop: async () => {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await once(proc, 'exit');
      }
      tmp.cleanup();
    },
  };
}

/** A bin dir holding stand-ins named cloudflared, ngrok and tailscale (test/tunnel/fixtures/standin.mjs). */
export function standinBin(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const script = fileURLToPath(new URL('./fixtures/standin.mjs', import.meta.url));
  for (const name of ['cloudflared', 'ngrok', 'tailscale']) {
    writeFileSync(join(bin, name), `#!/bin/sh\nexec "${process.execPath}" "${script}" ${name} "$@"\n`, { mode: 0o755 });
  }
  return bin;
}

/** Live processes whose command line mentions `needle` (the test's own key path). */
export function processesWith(needle: string): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .filter((n) => {
      try {
        return readFileSync(`/proc/${n}/cmdline`, 'utf8').includes(needle) && !readFileSync(`/proc/${n}/stat`, 'utf8').includes(') Z ');
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Resolves once `ok()` holds, checked after each chunk listen writes on stdout or stderr. */
export function after(listen: ListenChild, ok: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!ok()) return;
      listen.child.stdout.off('data', later);
      listen.child.stderr.off('data', later);
      resolve();
    };
    // After the helper's own readline has taken the chunk.
    const later = (): void => void setImmediate(check);
    listen.child.stdout.on('data', later);
    listen.child.stderr.on('data', later);
    void listen.exit.then(() => (ok() ? resolve() : reject(new Error(`listen exited; stderr: ${listen.stderr()}`))));
    check();
  });
}

export async function noneLeft(needle: string, deadlineMs = 10_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (processesWith(needle).length) {
    if (Date.now() > until) throw new Error(`still running after ${deadlineMs} ms: ${processesWith(needle).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}


/** The public names the stand-ins print, all on one test certificate. */
const EDGE_NAMES = ['*.lhr.life', '*.lhrtunnel.link', '*.localhost.run', '*.serveo.net', '*.serveousercontent.com', '*.a.pinggy.online', '*.a.free.pinggy.link', '*.trycloudflare.com', '*.ngrok-free.app', '*.ngrok.io', 'box.tail1234.ts.net'];

/** A test CA and a leaf for EDGE_NAMES (made by the project's own ensureLocalCert), in `dir`. */
export interface EdgeCa {
  dir: string;
  ca: string;
  cleanup: () => void;
}

export async function edgeCa(): Promise<EdgeCa> {
  const tmp = tempDir('wk-edge-ca-');
  const made = await ensureLocalCert(EDGE_NAMES, { dir: tmp.dir });
  return { dir: tmp.dir, ca: readFileSync(made.caFile!, 'utf8'), cleanup: tmp.cleanup };
}

/** One listen run against a stand-in whose public edge is 127.0.0.1:edge. */
export interface EdgeRun {
  home: { dir: string; cleanup: () => void };
  edge: number;
  env: NodeJS.ProcessEnv;
  /** The stand-in's starts, in order (each logs its pid, arguments and, for ssh, the URL it printed). */
  starts: () => Array<{ pid: number; args: string[]; url?: string | null; engine?: string }>;
}

/**
 * listen's environment for a stand-in with a public edge: WEBHOOK_KIT_CONNECT_TO sends the probe
 * for any name on port 443 to the edge, NODE_EXTRA_CA_CERTS makes listen trust its certificate.
 */
export async function edgeRun(pki: EdgeCa, scenario: string, more: NodeJS.ProcessEnv = {}): Promise<EdgeRun> {
  const home = tempDir('wk-edge-');
  const edge = await unclaimedPort();
  const log = join(home.dir, 'starts.ndjson');
  appendFileSync(log, '');
  return {
    home,
    edge,
    env: {
      WEBHOOK_KIT_HOME: home.dir,
      WEBHOOK_KIT_CONNECT_TO: `:443:127.0.0.1:${edge}`,
      NODE_EXTRA_CA_CERTS: join(pki.dir, 'ca.crt'),
      STANDIN_SCENARIO: scenario,
      STANDIN_EDGE_PORT: String(edge),
      STANDIN_CERT: join(pki.dir, 'leaf.crt'),
      STANDIN_KEY: join(pki.dir, 'leaf.key'),
      STANDIN_LOG: log,
      ...more,
    },
    starts: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { pid: number; args: string[]; url?: string | null; engine?: string }),
  };
}

/** POST through a public https URL, connecting to the stand-in's edge the way WEBHOOK_KIT_CONNECT_TO does. */
export function postThroughEdge(pki: EdgeCa, run: EdgeRun, url: string, body: string): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const headers = { host: u.host, 'content-type': 'application/x-www-form-urlencoded' };
    const req = httpsRequest({ hostname: '127.0.0.1', port: run.edge, servername: u.hostname, path: `${u.pathname}${u.search}`, method: 'POST', ca: pki.ca, agent: false, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { KitError } from '../core/errors.js';
import { safePreview } from '../core/safe-text.js';
import { ngrokApiUrl, ngrokErrorCode, ngrokRecord, plainLine } from './lines.js';
import { firstLine, freeLoopbackPort, getLocal, notInstalled, type EnginePlan } from './plan.js';

/** The ngrok agent v3; the URL from its agent API on a web_addr we choose. */
export async function ngrokPlan(localPort: number, env: NodeJS.ProcessEnv): Promise<EnginePlan> {
  const local = `127.0.0.1:${localPort}`;
  const web = await freeLoopbackPort();
  const dir = mkdtempSync(join(tmpdir(), 'webhook-kit-ngrok-'));
  const ours = join(dir, 'web-addr.yml');
  // `--config` replaces the default file, so the user's (with the authtoken) is passed first and
  // ours only moves the agent API to a port we know (a second agent would take 4041). Several
  // --config files are merged, later values winning, `version` too (ngrok docs, agent/config:
  // "Config file merging"); so ours is written in the user's file version: version 2 keeps
  // web_addr at the top level, version 3 nests it under `agent:` and rejects it at the top
  // (agent/config/v3: "Agent configuration options are no longer top-level").
  const user = ngrokConfigFiles(env);
  writeFileSync(ours, ngrokWebAddrConfig(user[0] ? configVersion(user[0]) : '2', `127.0.0.1:${web}`), { mode: 0o600 });
  const configs = [...user, ours].flatMap((f) => ['--config', f]);
  const failure = (code: string, raw: string): KitError => new KitError('E_TUNNEL', ngrokMessage(code, raw));
  return {
    name: 'ngrok',
    command: 'ngrok',
    // Flags before the address: agent 2 stopped reading flags at the first argument (Go's flag
    // package); agent 3 reads them anywhere.
    args: ['http', '--log', 'stdout', '--log-format', 'json', ...configs, `http://${local}`],
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
      // Agent 2 starts an http:// and an https:// tunnel; the https one is the one to paste.
      if (rec.msg === 'started tunnel' && rec.url?.startsWith('https://') && (rec.addr === null || rec.addr.endsWith(`:${localPort}`))) return { url: rec.url };
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


/** The `version:` of an ngrok config file ("2" when absent, as agent 2's files have none). */
export function configVersion(file: string): '2' | '3' {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return '2';
  }
  return /^version:\s*["']?3["']?\s*(?:#.*)?$/m.test(text) ? '3' : '2';
}

/** A config file that only sets the agent API's address, in config file version `version`. */
export function ngrokWebAddrConfig(version: '2' | '3', addr: string): string {
  return version === '3' ? `version: "3"\nagent:\n  web_addr: ${addr}\n` : `version: "2"\nweb_addr: ${addr}\n`;
}

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

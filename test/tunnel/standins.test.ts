import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KitError } from '../../src/core/errors.js';
import { parseTunnelSpec, Tunnel, type TunnelEvents } from '../../src/tunnel/index.js';
import { tempDir } from '../helpers/tmp.js';
import { groupGone, groupMembers, standinBin } from './helpers.js';

let tmp: { dir: string; cleanup: () => void };
let tunnel: Tunnel | undefined;
let bin: string;
beforeEach(() => {
  tmp = tempDir('wk-standin-');
  bin = standinBin(tmp.dir);
});
afterEach(async () => {
  await tunnel?.stop();
  tunnel = undefined;
  tmp.cleanup();
});

const LOCAL = 48123;
const log = (): string => join(tmp.dir, 'starts.ndjson');
const starts = (): Array<{ engine: string; args: string[]; pid: number }> =>
  readFileSync(log(), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { engine: string; args: string[]; pid: number });
const env = (scenario: string, more: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  PATH: `${bin}:${process.env.PATH ?? ''}`,
  STANDIN_SCENARIO: scenario,
  STANDIN_LOG: log(),
  XDG_CONFIG_HOME: join(tmp.dir, 'config'),
  ...more,
});
const fails = async (t: Tunnel): Promise<KitError> => {
  const e = await t.start(LOCAL).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(KitError);
  return e as KitError;
};

describe('cloudflared (stand-in replaying recorded output)', () => {
  it('reads the URL from --metrics /quicktunnel and waits for the edge connection (2022+ banner)', async () => {
    tunnel = new Tunnel(parseTunnelSpec('cloudflared'), { env: env('new') });
    const url = await tunnel.start(LOCAL);
    expect(url).toMatch(/^https:\/\/[a-z]+-[a-z]+-[a-z]+-[0-9a-f]{4}\.trycloudflare\.com$/);
    const [start] = starts();
    expect(start!.args.slice(0, 3)).toEqual(['tunnel', '--no-autoupdate', '--metrics']);
    expect(start!.args[3]).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(start!.args.slice(4)).toEqual(['--url', `http://127.0.0.1:${LOCAL}`]);
  });

  it('falls back to the boxed banner of a 2020 version whose metrics server has no /quicktunnel', async () => {
    tunnel = new Tunnel(parseTunnelSpec('cloudflared'), { env: env('old') });
    expect(await tunnel.start(LOCAL)).toMatch(/^https:\/\/[a-z-]+-[0-9a-f]{4}\.trycloudflare\.com$/);
  });

  it('never takes api.trycloudflare.com from the error line, and says the quick tunnel failed', async () => {
    tunnel = new Tunnel(parseTunnelSpec('cloudflared'), { env: env('api-error') });
    const e = await fails(tunnel);
    expect(e.exitCode).toBe(3);
    expect(e.message).toMatch(/^cloudflared could not get a quick tunnel from Cloudflare .*; retry in a minute, use another --tunnel, or --public-url$/);
    expect(tunnel.publicUrl).toBeNull();
  });

  it('suggests --protocol http2 when QUIC never connects within the timeout', async () => {
    tunnel = new Tunnel(parseTunnelSpec('cloudflared'), { env: env('quic'), urlTimeoutMs: 1500 });
    const e = await fails(tunnel);
    expect(e.message).toMatch(/^cloudflared gave no public URL within 2s \(it has a URL but no connection yet\).*; cloudflared's QUIC connection to Cloudflare fails here .*--tunnel cloudflared:http2$/);
    // The stand-in that kept printing is gone after the failed start.
    await groupGone(starts()[0]!.pid);
  });

  it('passes --protocol http2 for cloudflared:http2', async () => {
    tunnel = new Tunnel(parseTunnelSpec('cloudflared:http2'), { env: env('new') });
    await tunnel.start(LOCAL);
    expect(starts()[0]!.args.slice(-2)).toEqual(['--protocol', 'http2']);
  });

  it('stop() during a start ends the engine and rejects with E_INTERRUPTED', async () => {
    tunnel = new Tunnel(parseTunnelSpec('cloudflared'), { env: env('quic'), urlTimeoutMs: 60_000 });
    const started = tunnel.start(LOCAL).then(
      () => null,
      (e: unknown) => e,
    );
    // The stand-in logs its start first thing; then stop while it keeps failing to connect.
    const until = Date.now() + 10_000;
    while (!existsSync(log()) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await tunnel.stop();
    const e = (await started) as KitError;
    expect(e).toBeInstanceOf(KitError);
    expect(e.code).toBe('E_INTERRUPTED');
    expect(e.message).toBe('stopped before cloudflared gave a public URL');
    expect(groupMembers(starts()[0]!.pid)).toEqual([]);
  });

  it('says where to get cloudflared when it is not installed (exit 3)', async () => {
    tunnel = new Tunnel(parseTunnelSpec('cloudflared'), { env: { ...env('new'), PATH: join(tmp.dir, 'empty') } });
    const e = await fails(tunnel);
    expect(e.exitCode).toBe(3);
    expect(e.message).toBe('cloudflared is not installed (not found on PATH): install it from https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/, or give a URL you made with --public-url');
  });

  it('announces down, restarts, and announces the new quick-tunnel URL as changed', async () => {
    tunnel = new Tunnel(parseTunnelSpec('cloudflared'), { env: env('new'), restart: { attempts: 2, firstDelayMs: 10, maxDelayMs: 50 } });
    const first = await tunnel.start(LOCAL);
    const pid = tunnel.pid!;
    const down = once(tunnel as never, 'down') as Promise<[TunnelEvents['down'][0]]>;
    const up = once(tunnel as never, 'up') as Promise<[TunnelEvents['up'][0]]>;
    process.kill(-pid, 'SIGKILL');
    const [d] = await down;
    expect(d.restarting).toBe(true);
    expect(d.detail).toMatch(/^cloudflared was stopped by SIGKILL: /);
    const [u] = await up;
    expect(u.changed).toBe(true);
    expect(u.publicUrl).not.toBe(first);
    expect(tunnel.publicUrl).toBe(u.publicUrl);
    await groupGone(pid);
    const now = tunnel.pid!;
    await tunnel.stop();
    expect(groupMembers(now)).toEqual([]);
  });
});

describe('ngrok (stand-in)', () => {
  it('reads /api/endpoints on the web_addr we chose, keeping the user config (config version 2, object addr in the log)', async () => {
    mkdirSync(join(tmp.dir, 'config', 'ngrok'), { recursive: true });
    const userConfig = join(tmp.dir, 'config', 'ngrok', 'ngrok.yml');
    writeFileSync(userConfig, 'version: "2"\nauthtoken: x\n');
    tunnel = new Tunnel(parseTunnelSpec('ngrok'), { env: env('endpoints') });
    expect(await tunnel.start(LOCAL)).toMatch(/^https:\/\/[0-9a-f]{8}-203-0-113-7\.ngrok-free\.app$/);
    const { args } = starts()[0]!;
    // Flags before the address (agent 2 reads no flag after it), the address last.
    expect(args.slice(0, 5)).toEqual(['http', '--log', 'stdout', '--log-format', 'json']);
    expect(args[args.length - 1]).toBe(`http://127.0.0.1:${LOCAL}`);
    const configs = args.flatMap((a, i) => (a === '--config' ? [args[i + 1]!] : []));
    expect(configs[0]).toBe(userConfig);
    expect(readFileSync(configs[1]!, 'utf8')).toMatch(/^version: "2"\nweb_addr: 127\.0\.0\.1:\d+\n$/);
  });

  it('writes web_addr under agent: when the user config is version 3, which refuses it at the top level', async () => {
    mkdirSync(join(tmp.dir, 'config', 'ngrok'), { recursive: true });
    // What `ngrok config add-authtoken` writes for agent 3.16+ (ngrok docs, agent/config/v3).
    writeFileSync(join(tmp.dir, 'config', 'ngrok', 'ngrok.yml'), 'version: 3\nagent:\n  authtoken: x\n');
    tunnel = new Tunnel(parseTunnelSpec('ngrok'), { env: env('endpoints') });
    expect(await tunnel.start(LOCAL)).toMatch(/\.ngrok-free\.app$/);
    const { args } = starts()[0]!;
    const configs = args.flatMap((a, i) => (a === '--config' ? [args[i + 1]!] : []));
    expect(readFileSync(configs[1]!, 'utf8')).toMatch(/^version: "3"\nagent:\n {2}web_addr: 127\.0\.0\.1:\d+\n$/);
  });

  it('agent 2: takes the https tunnel from /api/tunnels, not its http:// twin listed first (string addr with a scheme)', async () => {
    mkdirSync(join(tmp.dir, 'config'), { recursive: true });
    // Agent 2 kept its file in ~/.ngrok2 and wrote no version.
    mkdirSync(join(tmp.dir, 'home', '.ngrok2'), { recursive: true });
    writeFileSync(join(tmp.dir, 'home', '.ngrok2', 'ngrok.yml'), 'authtoken: x\n');
    tunnel = new Tunnel(parseTunnelSpec('ngrok'), { env: env('v2-agent', { HOME: join(tmp.dir, 'home') }) });
    expect(await tunnel.start(LOCAL)).toMatch(/^https:\/\/[0-9a-f]{8}\.ngrok\.io$/);
    const { args } = starts()[0]!;
    const configs = args.flatMap((a, i) => (a === '--config' ? [args[i + 1]!] : []));
    expect(configs[0]).toBe(join(tmp.dir, 'home', '.ngrok2', 'ngrok.yml'));
    expect(readFileSync(configs[1]!, 'utf8')).toMatch(/^version: "2"\nweb_addr: /);
  });

  it('falls back to the deprecated /api/tunnels', async () => {
    tunnel = new Tunnel(parseTunnelSpec('ngrok'), { env: env('tunnels') });
    expect(await tunnel.start(LOCAL)).toMatch(/\.ngrok-free\.app$/);
  });

  it('reads the "started tunnel" JSON record (string addr) when the agent API has neither', async () => {
    tunnel = new Tunnel(parseTunnelSpec('ngrok'), { env: env('log') });
    expect(await tunnel.start(LOCAL)).toMatch(/\.ngrok-free\.app$/);
  });

  it('turns ERR_NGROK_4018 into one line with the fix', async () => {
    tunnel = new Tunnel(parseTunnelSpec('ngrok'), { env: env('4018') });
    const e = await fails(tunnel);
    expect(e.exitCode).toBe(3);
    expect(e.message).toBe('ngrok needs a verified account and its authtoken (ERR_NGROK_4018): sign up at https://dashboard.ngrok.com/signup, run ngrok config add-authtoken <token>, or use --tunnel cloudflared or --public-url');
  });

  it('turns ERR_NGROK_108 (a second agent session) into one line with the fix', async () => {
    tunnel = new Tunnel(parseTunnelSpec('ngrok'), { env: env('108') });
    const e = await fails(tunnel);
    expect(e.exitCode).toBe(3);
    expect(e.message).toBe('this ngrok account already has an agent session running elsewhere (ERR_NGROK_108; the free plan allows one): stop the other ngrok, or use another --tunnel');
  });
});

describe('tailscale Funnel (stand-in)', () => {
  it('runs funnel in the foreground and reads the name from tailscale status --json', async () => {
    tunnel = new Tunnel(parseTunnelSpec('tailscale'), { env: env('funnel') });
    expect(await tunnel.start(LOCAL)).toBe('https://box.tail1234.ts.net');
    const [funnel, status] = starts();
    expect(funnel!.args).toEqual(['funnel', String(LOCAL)]);
    expect(status!.args).toEqual(['status', '--self=true', '--peers=false', '--json']);
    const pid = tunnel.pid!;
    await tunnel.stop();
    expect(groupMembers(pid)).toEqual([]);
  });

  it('says Funnel is not enabled and how to enable it, without waiting for the timeout', async () => {
    tunnel = new Tunnel(parseTunnelSpec('tailscale'), { env: env('not-enabled'), urlTimeoutMs: 60_000 });
    const e = await fails(tunnel);
    expect(e.message).toBe(`Funnel is not enabled for this tailnet or machine: run tailscale funnel ${LOCAL} once yourself and open the link it prints (a tailnet admin enables the funnel attribute), then retry`);
  });

  const refused: Array<[string, string]> = [
    ['https-off', 'HTTPS certificates are off for this tailnet (Funnel needs them): enable HTTPS in the admin console, https://login.tailscale.com/admin/dns, then retry'],
    ['no-attr', `Funnel is not enabled for this tailnet or machine: run tailscale funnel ${LOCAL} once yourself and open the link it prints (a tailnet admin enables the funnel attribute), then retry`],
    ['logged-out', 'tailscale is not running or not logged in on this machine: run `tailscale up`, then retry'],
    ['daemon-down', 'tailscale is not running or not logged in on this machine: run `tailscale up`, then retry'],
    ['shields-up', 'Tailscale blocks incoming connections on this machine (shields up), so Funnel cannot serve: turn on "Allow incoming connections" (tailscale set --shields-up=false), then retry'],
  ];
  for (const [scenario, message] of refused) {
    it(`classifies the CLI's "${scenario}" refusal as one line with the fix (exit 3)`, async () => {
      tunnel = new Tunnel(parseTunnelSpec('tailscale'), { env: env(scenario), urlTimeoutMs: 60_000 });
      const e = await fails(tunnel);
      expect(e.exitCode).toBe(3);
      expect(e.message).toBe(message);
    });
  }
});

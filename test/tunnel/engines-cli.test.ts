import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startListen } from '../helpers/cli.js';
import { after, edgeCa, edgeRun, groupGone, postThroughEdge, standinBin, type EdgeCa } from './helpers.js';

// `listen --tunnel cloudflared | ngrok | tailscale` with the built CLI against the stand-ins of
// fixtures/standin.mjs (chosen through PATH), whose public edge forwards to listen on loopback:
// the same reach as test/tunnel/services.test.ts (WEBHOOK_KIT_CONNECT_TO, a test CA).

let pki: EdgeCa;
beforeAll(async () => {
  pki = await edgeCa();
});
afterAll(() => pki?.cleanup());

const cases: Array<{ tunnel: string; scenario: string; url: RegExp; config?: string }> = [
  { tunnel: 'cloudflared', scenario: 'new', url: /^https:\/\/[a-z]+-[a-z]+-[a-z]+-[0-9a-f]{4}\.trycloudflare\.com$/ },
  { tunnel: 'cloudflared', scenario: 'old', url: /^https:\/\/[a-z]+-[a-z]+-[a-z]+-[0-9a-f]{4}\.trycloudflare\.com$/ },
  { tunnel: 'ngrok', scenario: 'endpoints', url: /^https:\/\/[0-9a-f]{8}-203-0-113-7\.ngrok-free\.app$/, config: 'version: 3\nagent:\n  authtoken: x\n' },
  { tunnel: 'ngrok', scenario: 'v2-agent', url: /^https:\/\/[0-9a-f]{8}\.ngrok\.io$/ },
  { tunnel: 'tailscale', scenario: 'funnel', url: /^https:\/\/box\.tail1234\.ts\.net$/ },
];

describe('listen --tunnel cloudflared / ngrok / tailscale through stand-ins that really forward', () => {
  for (const c of cases) {
    it(`${c.tunnel} (${c.scenario}): ready and tunnel lines with publicUrl, the probe passes, a callback is stored with publicUrl`, async () => {
      const run = await edgeRun(pki, c.scenario);
      const bin = standinBin(run.home.dir);
      if (c.config) {
        mkdirSync(join(run.home.dir, 'xdg', 'ngrok'), { recursive: true });
        writeFileSync(join(run.home.dir, 'xdg', 'ngrok', 'ngrok.yml'), c.config);
      }
      try {
        const listen = await startListen(['--tunnel', c.tunnel], { ...run.env, PATH: `${bin}:${process.env.PATH ?? ''}`, XDG_CONFIG_HOME: join(run.home.dir, 'xdg') });
        await after(listen, () => listen.lines.some((l) => l.type === 'tunnel') && /\/smsc\?charset=utf-8&fmt=3&md5=<your-secret>\n/.test(listen.stderr()));
        const line = listen.lines.find((l) => l.type === 'tunnel')!;
        expect(Object.keys(line)).toEqual(['type', 'engine', 'publicUrl', 'state', 'reachable', 'detail']);
        expect(line).toMatchObject({ engine: c.tunnel, state: 'up', reachable: true });
        expect(line.publicUrl).toMatch(c.url);
        expect(listen.ready.publicUrl).toBe(line.publicUrl);
        expect(await postThroughEdge(pki, run, `${line.publicUrl}/smsc`, 'id=9&phone=79991234567&status=1&err=0')).toBe(200);
        const [capture] = await listen.captures(1);
        expect(capture).toMatchObject({ provider: 'smsc', publicUrl: `${line.publicUrl}/smsc` });
        const engine = run.starts().find((s) => s.args[0] !== 'status')!;
        listen.child.kill('SIGTERM');
        expect(await listen.exit).toBe(0);
        await groupGone(engine.pid, 10_000);
      } finally {
        run.home.cleanup();
      }
    });
  }

  const refusals: Array<[string, string, string]> = [
    ['ngrok', '4018', 'webhook-kit: ngrok needs a verified account and its authtoken (ERR_NGROK_4018): sign up at https://dashboard.ngrok.com/signup, run ngrok config add-authtoken <token>, or use --tunnel cloudflared or --public-url'],
    ['ngrok', '108', 'webhook-kit: this ngrok account already has an agent session running elsewhere (ERR_NGROK_108; the free plan allows one): stop the other ngrok, or use another --tunnel'],
    ['tailscale', 'https-off', 'webhook-kit: HTTPS certificates are off for this tailnet (Funnel needs them): enable HTTPS in the admin console, https://login.tailscale.com/admin/dns, then retry'],
    ['cloudflared', 'api-error', 'webhook-kit: cloudflared could not get a quick tunnel from Cloudflare (the service is down, rate-limited or blocked from here); retry in a minute, use another --tunnel, or --public-url'],
  ];
  for (const [tunnel, scenario, message] of refusals) {
    it(`${tunnel} ${scenario}: one line on stderr, exit 3, nothing on stdout`, async () => {
      const run = await edgeRun(pki, scenario);
      const bin = standinBin(run.home.dir);
      try {
        const r = await runCli(['listen', '--json', '--port', '0', '--tunnel', tunnel], { env: { ...run.env, PATH: `${bin}:${process.env.PATH ?? ''}`, XDG_CONFIG_HOME: join(run.home.dir, 'xdg') } });
        expect(r.code).toBe(3);
        expect(r.stderr.trim().split('\n')).toEqual([message]);
        expect(r.stdout.toString()).toBe('');
      } finally {
        run.home.cleanup();
      }
    });
  }
});

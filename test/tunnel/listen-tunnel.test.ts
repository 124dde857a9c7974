import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startListen } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { after, noneLeft, processesWith, startSshd, type Sshd } from './helpers.js';

let sshd: Sshd;
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
});

describe('listen --tunnel / --public-url / --tls (built CLI)', () => {
  for (const signal of ['SIGKILL', 'SIGTERM', 'SIGINT'] as const) {
    it(`--tunnel ssh: ready line has publicUrl, the probe passed, a callback through it is stored with publicUrl; no ssh left after ${signal}`, async () => {
      const home = tempDir();
      // Only the ssh client's command line names the client key (sshd's names its config).
      const client = join(sshd.dir, 'client_key');
      try {
        const listen = await startListen(['--tunnel', `ssh:${sshd.user}@127.0.0.1`], { WEBHOOK_KIT_SSH_COMMAND: sshd.sshCommand, WEBHOOK_KIT_HOME: home.dir });
        await after(listen, () => listen.lines.some((l) => l.type === 'tunnel') && listen.stderr().includes('paste into your gateway'));
        const ready = listen.lines.find((l) => l.type === 'tunnel')!;
        expect(ready).toMatchObject({ type: 'tunnel', engine: 'ssh', state: 'up', reachable: true });
        const publicUrl = ready.publicUrl as string;
        expect(publicUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(publicUrl).not.toBe(listen.url);
        expect(processesWith(client).length).toBeGreaterThan(0);

        const res = await request(`${publicUrl}/smsc`, { method: 'POST', body: 'id=7&phone=79991234567&status=1&err=0', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        expect(res.statusCode).toBe(200);
        await res.body.dump();
        const [capture] = await listen.captures(1);
        expect(capture).toMatchObject({ provider: 'smsc', path: '/smsc', publicUrl: `${publicUrl}/smsc` });
        // The probe is not a capture: the first capture line is the callback.
        expect(listen.lines.filter((l) => l.type === 'capture')).toHaveLength(1);
        expect(listen.stderr()).toContain('paste into your gateway (callback URL):');
        expect(listen.stderr()).toContain(`${publicUrl}/smsc?charset=utf-8&fmt=3&md5=<your-secret>`);

        listen.child.kill(signal);
        const code = await listen.exit;
        if (signal === 'SIGINT') expect(code).toBe(130);
        if (signal === 'SIGTERM') expect(code).toBe(0);
        await noneLeft(client);
      } finally {
        home.cleanup();
      }
    });
  }

  it('--public-url: a URL that does not reach listen is told (reachable false), and a changed URL is warned about', async () => {
    const home = tempDir();
    try {
      const first = await startListen(['--public-url', 'http://127.0.0.1:9/'], { WEBHOOK_KIT_HOME: home.dir });
      await after(first, () => first.lines.length > 0 && first.stderr().includes('does not reach listen'));
      expect(first.lines[0]).toMatchObject({ type: 'tunnel', engine: 'url', publicUrl: 'http://127.0.0.1:9', state: 'up', reachable: false });
      expect(first.lines[0]!.detail).toMatch(/^nothing listens at 127\.0\.0\.1:9 \(connection refused\)/);
      expect(first.stderr()).toMatch(/tunnel url does not reach listen: nothing listens at 127\.0\.0\.1:9/);
      expect(first.stderr()).not.toContain('changed since the last run');
      first.child.kill('SIGTERM');
      expect(await first.exit).toBe(0);

      const second = await startListen(['--public-url', 'http://127.0.0.1:10'], { WEBHOOK_KIT_HOME: home.dir });
      await after(second, () => second.stderr().includes('changed since the last run'));
      expect(second.stderr()).toContain('warning: the public URL changed since the last run (was http://127.0.0.1:9, now http://127.0.0.1:10): the gateway still calls the old one');
      second.child.kill('SIGTERM');
    } finally {
      home.cleanup();
    }
  });

  it('an engine that is not installed is one line and exit 3; bad values are usage errors (exit 2)', async () => {
    const home = tempDir();
    try {
      const missing = await runCli(['listen', '--port', '0', '--tunnel', 'cloudflared'], { env: { PATH: join(home.dir, 'empty'), WEBHOOK_KIT_HOME: home.dir } });
      expect(missing.code).toBe(3);
      expect(missing.stderr.trim().split('\n').pop()).toBe('webhook-kit: cloudflared is not installed (not found on PATH): install it from https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/, or give a URL you made with --public-url');
      const bad = await runCli(['listen', '--tunnel', 'localtunnel'], { env: { WEBHOOK_KIT_HOME: home.dir } });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/^webhook-kit: --tunnel "localtunnel" is not an engine webhook-kit drives/m);
      const both = await runCli(['listen', '--tunnel', 'ngrok', '--public-url', 'https://x.example'], { env: { WEBHOOK_KIT_HOME: home.dir } });
      expect(both.code).toBe(2);
      const half = await runCli(['listen', '--tls-cert', 'a.pem'], { env: { WEBHOOK_KIT_HOME: home.dir } });
      expect(half.code).toBe(2);
      expect(half.stderr).toContain('webhook-kit: --tls-cert needs --tls-key too; give both, or --tls alone for a local certificate');
    } finally {
      home.cleanup();
    }
  });

  it('--tls serves HTTPS with the local CA kept under WEBHOOK_KIT_HOME', async () => {
    const home = tempDir();
    try {
      const listen = await startListen(['--tls'], { WEBHOOK_KIT_HOME: home.dir });
      expect(listen.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const ca = readFileSync(join(home.dir, 'tls', 'ca.crt'), 'utf8');
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpsRequest(`${listen.url}/smsc`, { method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end('id=8&phone=79991234567&status=1&err=0');
      });
      expect(status).toBe(200);
      const [capture] = await listen.captures(1);
      expect(capture).toMatchObject({ provider: 'smsc' });
      expect(capture).not.toHaveProperty('publicUrl');
      listen.child.kill('SIGTERM');
      await listen.exit;
    } finally {
      home.cleanup();
    }
  });
});

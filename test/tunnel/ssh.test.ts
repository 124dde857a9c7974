import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KitError } from '../../src/core/errors.js';
import { arrivalsFrom, parseTunnelSpec, Tunnel, type TunnelEvents } from '../../src/tunnel/index.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { groupGone, groupMembers, startSshd, type Sshd } from './helpers.js';

let sshd: Sshd;
let srv: TestServer | undefined;
let tunnel: Tunnel | undefined;
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
});
afterEach(async () => {
  await tunnel?.stop();
  tunnel = undefined;
  await srv?.close();
  srv = undefined;
});

const env = (command: string): NodeJS.ProcessEnv => ({ ...process.env, WEBHOOK_KIT_SSH_COMMAND: command });
const next = <K extends keyof TunnelEvents>(t: Tunnel, event: K): Promise<TunnelEvents[K][0]> =>
  once(t as never, event as string).then((args) => args[0] as TunnelEvents[K][0]);

describe('--tunnel ssh:<destination> with a real sshd on loopback', () => {
  it('reads the allocated port, carries a callback to the store, passes the probe, and leaves no ssh after stop', async () => {
    srv = await startServer();
    tunnel = new Tunnel(parseTunnelSpec(`ssh:${sshd.user}@127.0.0.1`), { env: env(sshd.sshCommand), awaitArrival: arrivalsFrom(srv.server) });
    const probed = next(tunnel, 'probe');
    const url = await tunnel.start(srv.server.port);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new URL(url).port).not.toBe(String(srv.server.port));
    const probe = await probed;
    expect(probe).toMatchObject({ reachable: true, kind: 'ok', publicUrl: url });
    expect(tunnel.lastProbe?.reachable).toBe(true);

    const captured = srv.nextCapture();
    const res = await request(`${url}/smsc`, { method: 'POST', body: 'id=1&phone=79991234567&status=1&err=0', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
    const view = await captured;
    expect(view.inspection.provider?.id).toBe('smsc');
    // The probe was never stored: the store holds the one callback.
    expect(srv.store.list({ limit: 10 }).map((r) => r.id)).toEqual([view.record.id]);

    const pgid = tunnel.pid!;
    expect(groupMembers(pgid).length).toBeGreaterThan(0);
    await tunnel.stop();
    expect(groupMembers(pgid)).toEqual([]);
  });

  it('announces down, restarts and announces the new URL when ssh dies', async () => {
    srv = await startServer();
    tunnel = new Tunnel(parseTunnelSpec(`ssh:${sshd.user}@127.0.0.1`), { env: env(sshd.sshCommand), awaitArrival: arrivalsFrom(srv.server), restart: { attempts: 3, firstDelayMs: 20, maxDelayMs: 100 } });
    const first = await tunnel.start(srv.server.port);
    const oldGroup = tunnel.pid!;
    const down = next(tunnel, 'down');
    const up = next(tunnel, 'up');
    const probed = next(tunnel, 'probe');
    process.kill(-oldGroup, 'SIGKILL');
    expect(await down).toMatchObject({ restarting: true });
    expect((await down).detail).toMatch(/^ssh was stopped by SIGKILL/);
    const again = await up;
    expect(again.publicUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(again.changed).toBe(again.publicUrl !== first);
    expect(await probed).toMatchObject({ reachable: true, publicUrl: again.publicUrl });
    expect(tunnel.pid).not.toBe(oldGroup);
  });

  it('takes the URL host from ssh -G, so an alias with a HostName gives the real host', async () => {
    srv = await startServer();
    tunnel = new Tunnel(parseTunnelSpec(`ssh:${sshd.user}@my-gateway-alias`), { env: env(`${sshd.sshCommand} -o HostName=127.0.0.1`), awaitArrival: arrivalsFrom(srv.server) });
    const probed = next(tunnel, 'probe');
    expect(await tunnel.start(srv.server.port)).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await probed).toMatchObject({ reachable: true });
  });

  it('pinggy: reads the URL from its web debugger /urls through the -L forward it opens', async () => {
    // pinggy's server answers /urls on its own localhost:4300 (pinggy.io/docs/api/web_debugger_api);
    // here the "server" is the sshd on this machine, so a stand-in debugger listens on 127.0.0.1:4300.
    const debug = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(req.url === '/urls' ? JSON.stringify({ urls: ['http://rnxyz.a.free.pinggy.link', 'https://rnxyz.a.free.pinggy.link'] }) : '{}');
    });
    await new Promise<void>((resolve, reject) => debug.once('error', reject).listen(4300, '127.0.0.1', resolve));
    try {
      // HostName sends "a.pinggy.io" to the local sshd; the first -p given (ours) wins over pinggy's 443.
      tunnel = new Tunnel(parseTunnelSpec('pinggy'), { env: env(`${sshd.sshCommand} -o HostName=127.0.0.1`) });
      expect(await tunnel.start(9)).toBe('https://rnxyz.a.free.pinggy.link');
      const pgid = tunnel.pid!;
      await tunnel.stop();
      expect(groupMembers(pgid)).toEqual([]);
    } finally {
      await new Promise((r) => debug.close(r));
    }
  });

  it('says in one line that the server refused the key', async () => {
    tunnel = new Tunnel(parseTunnelSpec(`ssh:${sshd.user}@127.0.0.1`), { env: env(sshd.wrongKeyCommand) });
    const err = (await tunnel.start(9).catch((e: unknown) => e)) as KitError;
    expect(err).toBeInstanceOf(KitError);
    expect(err.exitCode).toBe(3);
    expect(err.message).toMatch(/^ssh to \S+@127\.0\.0\.1 was refused \(.*Permission denied.*\); make sure your key is accepted there/);
    expect(err.message).not.toContain('\n');
  });

  it('says ssh is not installed, or that WEBHOOK_KIT_SSH_COMMAND does not run (exit 3)', async () => {
    tunnel = new Tunnel(parseTunnelSpec('ssh:me@127.0.0.1'), { env: { ...process.env, PATH: '/nonexistent', WEBHOOK_KIT_SSH_COMMAND: '' } });
    const missing = (await tunnel.start(9).catch((e: unknown) => e)) as KitError;
    expect(missing.exitCode).toBe(3);
    expect(missing.message).toMatch(/^ssh is not installed \(not found on PATH\): install the OpenSSH client .*, or give a URL you made with --public-url$/);
    tunnel = new Tunnel(parseTunnelSpec('ssh:me@127.0.0.1'), { env: env('no-such-ssh-wrapper -i key') });
    const bad = (await tunnel.start(9).catch((e: unknown) => e)) as KitError;
    expect(bad.exitCode).toBe(3);
    expect(bad.message).toBe('WEBHOOK_KIT_SSH_COMMAND (no-such-ssh-wrapper -i key) did not run: command not found; fix the variable or unset it');
  });

  const dist = fileURLToPath(new URL('../../dist/tunnel/index.js', import.meta.url));
  const hold = fileURLToPath(new URL('./fixtures/hold-tunnel.mjs', import.meta.url));
  for (const signal of ['SIGKILL', 'SIGTERM', 'SIGINT'] as const) {
    it(`leaves no ssh behind after ${signal} of the process that started it`, async () => {
      expect(existsSync(dist), 'run npm run build first').toBe(true);
      const parent = spawn(process.execPath, [hold, dist, `ssh:${sshd.user}@127.0.0.1`], { env: env(sshd.sshCommand), stdio: ['ignore', 'pipe', 'inherit'] });
      const [line] = (await Promise.race([
        once(createInterface({ input: parent.stdout! }), 'line'),
        once(parent, 'exit').then(([code]) => Promise.reject(new Error(`the tunnel holder exited ${code} before starting`))),
      ])) as [string];
      const { pid, url } = JSON.parse(line) as { pid: number; url: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(groupMembers(pid)).toContain(pid);
      const exited = once(parent, 'exit');
      parent.kill(signal);
      const [code, sig] = await exited;
      if (signal === 'SIGKILL') expect(sig).toBe('SIGKILL');
      else expect(code).toBe(signal === 'SIGINT' ? 130 : 143);
      // The watchdog (SIGKILL) or stop() (SIGTERM, SIGINT) ends the group within seconds.
      await groupGone(pid, 10_000);
    });
  }
});

import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KitError } from '../../src/core/errors.js';
import { parseTunnelSpec, Tunnel } from '../../src/tunnel/index.js';
import { runCli, startListen, type ListenChild } from '../helpers/cli.js';
import { after, edgeCa, edgeRun, groupGone, postThroughEdge, type EdgeCa, type EdgeRun } from './helpers.js';

// `--tunnel localhost.run | serveo | pinggy` end to end with the built CLI: a stand-in `ssh`
// (fixtures/ssh-standin.mjs, chosen through WEBHOOK_KIT_SSH_COMMAND) replays each service's
// recorded session text and forwards its https://<name> edge to listen's port on loopback. The
// names reach that edge through WEBHOOK_KIT_CONNECT_TO (the probe) and the same mapping here
// (the test's own callbacks); the edge's certificate comes from a test CA that listen trusts
// through NODE_EXTRA_CA_CERTS.

const STANDIN = fileURLToPath(new URL('./fixtures/ssh-standin.mjs', import.meta.url));
let pki: EdgeCa;
beforeAll(async () => {
  pki = await edgeCa();
});
afterAll(() => pki?.cleanup());

const setup = (scenario: string, more: NodeJS.ProcessEnv = {}): Promise<EdgeRun> => edgeRun(pki, scenario, { WEBHOOK_KIT_SSH_COMMAND: `"${process.execPath}" "${STANDIN}"`, ...more });
const postPublic = (run: EdgeRun, url: string, body: string): Promise<number> => postThroughEdge(pki, run, url, body);

const tunnelLines = (l: ListenChild): Array<Record<string, unknown>> => l.lines.filter((x) => x.type === 'tunnel');

// Recorded versions of each service's session text (sources in fixtures/ssh-standin.mjs), each
// ended by a different signal so every service and every signal is covered.
const versions: Array<{ tunnel: string; scenario: string; url: RegExp; signal: 'SIGTERM' | 'SIGINT' | 'SIGKILL' }> = [
  { tunnel: 'localhost.run', scenario: 'lhr-2026', url: /^https:\/\/[0-9a-f]{14}\.lhr\.life$/, signal: 'SIGTERM' },
  { tunnel: 'localhost.run', scenario: 'lhr-2022', url: /^https:\/\/[0-9a-f]{14}\.lhrtunnel\.link$/, signal: 'SIGINT' },
  { tunnel: 'localhost.run', scenario: 'lhr-2021', url: /^https:\/\/[0-9a-f]{14}\.localhost\.run$/, signal: 'SIGKILL' },
  { tunnel: 'serveo', scenario: 'serveo-2019', url: /^https:\/\/[0-9a-f]{5}\.serveo\.net$/, signal: 'SIGKILL' },
  { tunnel: 'serveo', scenario: 'serveo-2024', url: /^https:\/\/[0-9a-f]{14}-203-0-113-7\.serveousercontent\.com$/, signal: 'SIGTERM' },
  { tunnel: 'pinggy', scenario: 'pinggy-2025', url: /^https:\/\/[0-9a-f]{14}\.a\.free\.pinggy\.link$/, signal: 'SIGINT' },
  { tunnel: 'pinggy', scenario: 'pinggy-2023', url: /^https:\/\/[0-9a-f]{14}\.a\.pinggy\.online$/, signal: 'SIGTERM' },
  { tunnel: 'pinggy', scenario: 'pinggy-api', url: /^https:\/\/[0-9a-f]{14}\.a\.free\.pinggy\.link$/, signal: 'SIGKILL' },
];

describe('listen --tunnel localhost.run / serveo / pinggy through a stand-in ssh that really forwards', () => {
  for (const v of versions) {
    it(`${v.tunnel} (${v.scenario}): URL found, probe passes, paste lines, a callback is stored with publicUrl; nothing left after ${v.signal}`, async () => {
      const run = await setup(v.scenario);
      try {
        const listen = await startListen(['--tunnel', v.tunnel], run.env);
        // The SMSC.ru paste line, whole (stderr may arrive in pieces).
        await after(listen, () => tunnelLines(listen).length > 0 && /\/smsc\?charset=utf-8&fmt=3&md5=<your-secret>\n/.test(listen.stderr()));
        const [start] = run.starts();
        const line = tunnelLines(listen)[0]!;
        expect(line).toMatchObject({ type: 'tunnel', engine: v.tunnel, state: 'up', reachable: true, publicUrl: start!.url });
        expect(line.publicUrl).toMatch(v.url);
        expect(line.detail).toMatch(new RegExp(`^a probe through ${String(line.publicUrl).replace(/\./g, '\\.')} reached this listener in \\d+ ms$`));
        expect(listen.ready.publicUrl).toBe(line.publicUrl);
        // The forward webhook-kit asked the service for: listen's own port on loopback.
        const port = new URL(listen.url).port;
        expect(start!.args).toContain(v.tunnel === 'pinggy' ? `0:127.0.0.1:${port}` : `80:127.0.0.1:${port}`);
        expect(listen.stderr()).toContain(`${line.publicUrl}/smsc?charset=utf-8&fmt=3&md5=<your-secret>`);

        expect(await postPublic(run, `${line.publicUrl}/smsc`, 'id=7&phone=79991234567&status=1&err=0')).toBe(200);
        const [capture] = await listen.captures(1);
        expect(capture).toMatchObject({ provider: 'smsc', path: '/smsc', publicUrl: `${line.publicUrl}/smsc` });
        // The probe was neither listed nor counted.
        expect(listen.lines.filter((l) => l.type === 'capture')).toHaveLength(1);

        listen.child.kill(v.signal);
        const code = await listen.exit;
        if (v.signal === 'SIGINT') expect(code).toBe(130);
        if (v.signal === 'SIGTERM') expect(code).toBe(0);
        // SIGKILL: the watchdog ends the stand-in (and its edge and debugger) within seconds.
        await groupGone(start!.pid, 10_000);
      } finally {
        run.home.cleanup();
      }
    });
  }

  it('localhost.run drops the connection: down, restart, a loud NEW URL line, a second probe that passes, callbacks on the new URL', async () => {
    const run = await setup('lhr-2026');
    try {
      const listen = await startListen(['--tunnel', 'localhost.run'], run.env);
      await after(listen, () => tunnelLines(listen).length > 0);
      const [first] = run.starts();
      const old = tunnelLines(listen)[0]!.publicUrl as string;
      process.kill(first!.pid, 'SIGUSR1');
      await after(listen, () => tunnelLines(listen).some((l, i) => i > 0 && l.state === 'up' && l.reachable === true));
      // stderr is its own pipe: wait for the repeated SMSC.ru paste line there too.
      await after(listen, () => (listen.stderr().split(' (was ')[1] ?? '').includes('/smsc?charset=utf-8&fmt=3&md5=<your-secret>\n'));
      const [, down, up, probed] = tunnelLines(listen);
      expect(down).toMatchObject({ engine: 'localhost.run', state: 'down', reachable: null, publicUrl: old });
      expect(down!.detail).toBe('localhost.run (ssh) exited with code 255: Connection to localhost.run closed by remote host.; restarting');
      const [, second] = run.starts();
      expect(second!.url).not.toBe(old);
      expect(up).toMatchObject({ state: 'up', reachable: null, publicUrl: second!.url });
      expect(up!.detail).toBe(`localhost.run gives a new URL, ${second!.url} (was ${old}): the gateway still calls the old one until you paste the new URL in its settings`);
      expect(probed).toMatchObject({ state: 'up', reachable: true, publicUrl: second!.url });
      expect(listen.stderr()).toContain(`warning: tunnel localhost.run came back with a NEW URL, ${second!.url} (was ${old}): the gateway still calls the old one until you paste the new URL in its settings`);
      // The paste lines again, on the new URL.
      expect(listen.stderr().split(`${second!.url} (was ${old})`)[1]).toContain(`${second!.url}/smsc?charset=utf-8&fmt=3&md5=<your-secret>`);
      // The next run warns against this URL, not the first one.
      expect(readFileSync(join(run.home.dir, 'last-public-url'), 'utf8').trim()).toBe(second!.url);

      expect(await postPublic(run, `${second!.url}/smsc`, 'id=8&phone=79991234567&status=1&err=0')).toBe(200);
      const [capture] = await listen.captures(1);
      expect(capture).toMatchObject({ publicUrl: `${second!.url}/smsc` });
      await groupGone(first!.pid, 10_000);
      listen.child.kill('SIGINT');
      expect(await listen.exit).toBe(130);
      await groupGone(second!.pid, 10_000);
    } finally {
      run.home.cleanup();
    }
  });

  it('a service that forwards to another port: the probe says a different server answered (reachable false), listen keeps running', async () => {
    const other: Server = createServer((_req, res) => {
      res.statusCode = 404;
      res.end('Cannot POST');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const run = await setup('serveo-2024', { STANDIN_FORWARD_TO: String((other.address() as { port: number }).port) });
    try {
      const listen = await startListen(['--tunnel', 'serveo'], run.env);
      await after(listen, () => tunnelLines(listen).length > 0 && listen.stderr().includes('tunnel serveo does not reach listen'));
      const line = tunnelLines(listen)[0]!;
      expect(line).toMatchObject({ engine: 'serveo', state: 'up', reachable: false });
      expect(line.detail).toMatch(/^a different server answered at https:\/\/\S+\.serveousercontent\.com \(HTTP 404\); the tunnel forwards to another port or host, not to listen on 127\.0\.0\.1:\d+$/);
      expect(listen.stderr()).toContain('tunnel serveo does not reach listen: a different server answered');
      listen.child.kill('SIGTERM');
      expect(await listen.exit).toBe(0);
      await groupGone(run.starts()[0]!.pid, 10_000);
    } finally {
      run.home.cleanup();
      await new Promise((r) => other.close(r));
    }
  });

  const refusals: Array<[string, string, string]> = [
    [
      'localhost.run',
      'denied',
      "webhook-kit: localhost.run refused the ssh login (nokey@localhost.run: Permission denied (publickey).); it takes any key, but ssh needs one to offer: create one with ssh-keygen -t ed25519, or point to yours with WEBHOOK_KIT_SSH_COMMAND='ssh -i ~/.ssh/your_key'",
    ],
    ['serveo', 'forward-refused', 'webhook-kit: serveo refused the forward (Error: remote port forwarding failed for listen port 80); the service is busy or turned this connection down: retry in a minute, or use another --tunnel or --public-url'],
  ];
  for (const [tunnel, scenario, message] of refusals) {
    it(`${tunnel} ${scenario}: one line with the likely fix, exit 3`, async () => {
      const run = await setup(scenario);
      try {
        const r = await runCli(['listen', '--port', '0', '--tunnel', tunnel], { env: run.env });
        expect(r.code).toBe(3);
        expect(r.stderr.trim().split('\n')).toEqual([message]);
      } finally {
        run.home.cleanup();
      }
    });
  }

  it('a service that logs in and never prints a URL: one line naming the deadline, the stand-in is gone', async () => {
    const run = await setup('silent');
    try {
      const tunnel = new Tunnel(parseTunnelSpec('localhost.run'), { env: { ...process.env, ...run.env }, urlTimeoutMs: 1500 });
      const e = (await tunnel.start(9).catch((x: unknown) => x)) as KitError;
      expect(e).toBeInstanceOf(KitError);
      expect(e.exitCode).toBe(3);
      expect(e.message).toBe('localhost.run (ssh) gave no public URL within 2s; localhost.run may be down; try another --tunnel or --public-url');
      expect(existsSync(join(run.home.dir, 'starts.ndjson'))).toBe(true);
      await groupGone(run.starts()[0]!.pid, 10_000);
    } finally {
      run.home.cleanup();
    }
  });
});

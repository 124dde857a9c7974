import { createServer } from 'node:net';
import { once } from 'node:events';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/capture/store.js';
import { listSamples, loadSample } from '../../src/core/samples.js';
import { runCli, startListen } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { startHostileEndpoint, type HostileMode } from './helpers/hostile-endpoint.js';
import { PEAK_RSS_ENV, peakRssMb } from './helpers/memory.js';

/** Far below the 1 GB a buffered answer would cost; a bare CLI run peaks near 60-80 MB. */
const PEAK_RSS_LIMIT_MB = 200;

/** The one-line verdict each hostile endpoint must get (send and replay alike). */
const VERDICTS: Record<HostileMode, RegExp> = {
  huge: /answered 200 with a body over 65536 bytes/,
  trickle: /no complete answer within 2 s/,
  invalid: /answered with invalid HTTP \(Invalid status code\)/,
  'redirect-loop': /302.*redirect to `\/redirect-loop`/,
  reset: /connection to 127\.0\.0\.1:\d+ was reset before a complete answer/,
};
const MODES = Object.keys(VERDICTS) as HostileMode[];

let endpoint: Awaited<ReturnType<typeof startHostileEndpoint>>;
let closedPort = 0;
const tmp = tempDir();

beforeAll(async () => {
  endpoint = await startHostileEndpoint();
  // A port that was just free: nothing listens there.
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
});
afterAll(async () => {
  await endpoint.close();
  tmp.cleanup();
});

const lastLine = (s: string): string => s.trim().split('\n').pop() ?? '';

describe('hostile endpoints: send', () => {
  it.each(MODES)('%s: a one-line negative verdict, exit 1, bounded memory', async (mode) => {
    const r = await runCli(['send', '--provider', 'webcom', '--fixture', 'delivered', '--to', `${endpoint.url}/${mode}`, '--no-retry', '--timeout', '2000'], { env: PEAK_RSS_ENV });
    expect(r.code).toBe(1);
    const verdict = lastLine(r.stdout.toString());
    expect(verdict).toMatch(/^✗ /);
    expect(verdict).toMatch(VERDICTS[mode]);
    expect(peakRssMb(r.stderr)).toBeLessThan(PEAK_RSS_LIMIT_MB);
  });

  it('an endpoint nobody listens on: exit 3 (unreachable)', async () => {
    const r = await runCli(['send', '--provider', 'webcom', '--to', `http://127.0.0.1:${closedPort}/hook`, '--no-retry']);
    expect(r.code).toBe(3);
    expect(lastLine(r.stdout.toString())).toMatch(/^✗ connection refused at 127\.0\.0\.1:\d+: is your app running\?/);
  });
});

describe('hostile endpoints: replay', () => {
  let store = '';
  let id = '';
  beforeAll(() => {
    store = join(tmp.dir, 'replay.db');
    const s = Store.open(store);
    const sample = loadSample(listSamples('webcom').find((x) => x.name === 'delivered')!);
    id = s.insert({ ...sample, receivedAt: Date.now(), remote: 'test', size: sample.body.length, truncated: false, answer: null }).id;
    s.close();
  });

  it.each(MODES)('%s: a one-line negative verdict, exit 1, bounded memory', async (mode) => {
    const r = await runCli(['replay', id, '--to', `${endpoint.url}/${mode}`, '--store', store, '--timeout', '2000'], { env: PEAK_RSS_ENV });
    expect(r.code).toBe(1);
    const verdict = lastLine(r.stdout.toString());
    expect(verdict).toMatch(/^✗ /);
    // A redirect is judged as the answer it is; the others by what went wrong.
    expect(verdict).toMatch(mode === 'redirect-loop' ? /^✗ Webcom Mobi would send this again/ : VERDICTS[mode]);
    expect(peakRssMb(r.stderr)).toBeLessThan(PEAK_RSS_LIMIT_MB);
  });

  it('a target nobody listens on: exit 3, one line, nothing replayed', async () => {
    const r = await runCli(['replay', id, '--to', `http://127.0.0.1:${closedPort}/`, '--store', store]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim()).toMatch(/^webhook-kit: connection refused at 127\.0\.0\.1:\d+: is your app running\?; nothing was replayed/);
  });
});

describe('hostile endpoints: listen --forward-to', () => {
  it('answers the gateway 502/504 (or relays the 302), says why per capture, keeps running, bounded memory', async () => {
    const listen = await startListen(['--store', join(tmp.dir, 'fwd.db'), '--forward-to', endpoint.url, '--forward-timeout', '2'], PEAK_RSS_ENV);
    const sample = loadSample(listSamples('webcom').find((x) => x.name === 'delivered')!);
    const expected: Record<HostileMode, { status: number; error: RegExp | null }> = {
      huge: { status: 502, error: /your app's answer is larger than 1048576 bytes/ },
      trickle: { status: 504, error: /no complete answer within 2 s/ },
      invalid: { status: 502, error: /answered with invalid HTTP/ },
      'redirect-loop': { status: 302, error: null },
      reset: { status: 502, error: /was reset before a complete answer/ },
    };
    const statuses = await Promise.all(
      MODES.map(async (mode) => {
        const res = await request(`${listen.url}/${mode}`, { method: 'POST', body: sample.body, headers: { 'content-type': 'application/json' } });
        await res.body.dump();
        return res.statusCode;
      }),
    );
    expect(statuses).toEqual(MODES.map((m) => expected[m].status));
    const captures = await listen.captures(MODES.length);
    for (const mode of MODES) {
      const c = captures.find((x) => x.path === `/${mode}`)!;
      const forward = c.forward as { status: number | null; error: string | null; verdict: string; accepted: boolean | null };
      expect(forward.verdict).not.toContain('\n');
      if (expected[mode].error) expect(forward.error).toMatch(expected[mode].error!);
      else expect(forward).toMatchObject({ status: 302, accepted: false, verdict: expect.stringMatching(/^Webcom Mobi would send this again/) });
    }
    expect(endpoint.hits.get('huge')).toBeGreaterThan(0);
    listen.child.kill('SIGTERM');
    expect(await listen.exit).toBe(0);
    expect(peakRssMb(listen.stderr())).toBeLessThan(PEAK_RSS_LIMIT_MB);
  });
});

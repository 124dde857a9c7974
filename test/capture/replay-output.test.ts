import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { maskSecret } from '../../src/core/secret.js';
import { runReplay } from '../../src/commands/replay.js';
import { runCli, startListen } from '../helpers/cli.js';
import { memoryIo } from '../helpers/io.js';
import { http, startReceiver } from '../helpers/receiver.js';
import { tempDir } from '../helpers/tmp.js';

// Raw in JSON.stringify's output, acted on by terminals: DEL, C1 (U+009B is CSI), U+2028/9, bidi.
const TERMINAL_UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = 'OK \u009b2J\u2029\u202e';

const tmp = tempDir();
const store = join(tmp.dir, 'c.db');
let id = '';
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;

beforeAll(async () => {
  const listen = await startListen(['--store', store, '--count', '1']);
  const res = await request(`${listen.url}/sg24?token=TOKS%45CRET999&note=CONFIGURED77`, { method: 'POST', body: '{"status_id":1,"sms_id":7}', headers: { 'content-type': 'application/json' } });
  await res.body.dump();
  id = (await listen.captures(1))[0]!.id as string;
  await listen.exit;
});
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});
afterAll(() => tmp.cleanup());

describe('replay output', () => {
  it('masks the SMSGateway24 URL token as show does, in plain and --json output, and still sends it', async () => {
    receiver = await startReceiver(() => http(200, 'OK'));
    const masked = `/sg24?token=${maskSecret('TOKSECRET999')}`;
    const show = await runCli(['show', id, '--store', store]);
    expect(show.stdout.toString()).toContain(masked);
    for (const json of [false, true]) {
      const r = await runCli(['replay', id, '--to', receiver.url, '--store', store, ...(json ? ['--json'] : [])]);
      expect(r.code).toBe(0);
      const out = r.stdout.toString() + r.stderr;
      expect(out).not.toMatch(/TOKS%45CRET999|TOKSECRET999/);
      expect(out).toContain(masked);
    }
    expect(receiver.requests.map((q) => q.target)).toEqual(Array(2).fill('/sg24?token=TOKS%45CRET999&note=CONFIGURED77'));
  });

  it('masks configured secrets the caller passes, as show --secret does', async () => {
    receiver = await startReceiver(() => http(200, 'OK'));
    const io = memoryIo();
    const code = await runReplay(id, { to: receiver.url, timeoutMs: 5000, storePath: store, edit: false, json: false, secrets: { smsgateway24: 'CONFIGURED77' } }, io);
    expect(code).toBe(0);
    expect(io.out()).toContain(`note=${maskSecret('CONFIGURED77')}`);
  });

  it('replay --json escapes C1, line separators and bidi from the answer and parses back to it', async () => {
    receiver = await startReceiver(() => http(200, HOSTILE));
    const r = await runCli(['replay', id, '--to', receiver.url, '--store', store, '--json']);
    const text = r.stdout.toString();
    expect(text).not.toMatch(TERMINAL_UNSAFE);
    expect(JSON.parse(text)).toMatchObject({ type: 'replay', replayOf: id, body: HOSTILE });
  });
});

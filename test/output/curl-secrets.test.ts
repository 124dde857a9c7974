import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/capture/store.js';
import { listSamples, loadSample } from '../../src/core/samples.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

// A secret the body carries percent-encoded (`=` as %3D) is written into a curl command as
// printf escapes (`%` as \045): masked before escaping, or it is printed in full.
const tmp = tempDir('wk-curl-secret-');
const store = join(tmp.dir, 'c.db');
let id = '';
const SECRET = 'zender=SUPERSECRET123';

beforeAll(() => {
  const sample = loadSample(listSamples('zender').find((s) => s.name === 'incoming')!);
  const body = Buffer.from(sample.body.toString('latin1').replace(/secret=[^&]*/, `secret=${encodeURIComponent(SECRET)}`), 'latin1');
  const s = Store.open(store);
  id = s.insert({ ...sample, body, receivedAt: Date.now(), remote: 'test', size: body.length, truncated: false, answer: null }).id;
  s.close();
});
afterAll(() => tmp.cleanup());

describe('export --format curl masks a percent-encoded secret', () => {
  it('neither the secret nor its escaped spelling is printed, and stderr says the command is not exact', async () => {
    const r = await runCli(['export', '--store', store, '--format', 'curl', id]);
    const out = r.stdout.toString();
    expect(out).toContain('printf');
    expect(out).not.toContain('SUPERSECRET123');
    expect(out).toMatch(/secret=<secret sha256:[0-9a-f]{8}>/);
    expect(r.stderr).toMatch(/had a secret masked/);
  });

  it('--reveal-secrets keeps the exact bytes', async () => {
    const r = await runCli(['export', '--store', store, '--format', 'curl', '--reveal-secrets', id]);
    expect(r.stdout.toString()).toContain('zender\\0453DSUPERSECRET123');
  });
});

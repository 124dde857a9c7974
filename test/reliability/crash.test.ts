import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/capture/store.js';
import { startListen } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { seedFromEnv, seededRandom } from './helpers/seeded.js';

const BURST = fileURLToPath(new URL('../helpers/burst.mjs', import.meta.url));
const ROUNDS = 5;
const PER_ROUND = 2000;

/** The store after a crash: sound, and holding every request that was answered 2xx. */
function expectIntact(storePath: string, acked: ReadonlySet<string>, context: string): void {
  const store = Store.open(storePath);
  try {
    expect(store.integrity(), context).toBe('ok');
    const stored = new Set<string>();
    for (const r of store.iterate()) stored.add(`${r.url} ${r.body.toString('latin1')}`);
    expect([...acked].filter((a) => !stored.has(a)), context).toEqual([]);
  } finally {
    store.close();
  }
}

describe('crash safety', () => {
  it('loses no acknowledged request and keeps a sound store across SIGKILLs at random moments', async () => {
    const seed = seedFromEnv();
    const random = seededRandom(seed);
    const tmp = tempDir();
    const storePath = join(tmp.dir, 'c.db');
    const acked = new Set<string>();
    try {
      for (let round = 0; round <= ROUNDS; round++) {
        // A restart on the store the previous listener died with (SQLite recovers its WAL here).
        const listen = await startListen(['--store', storePath]);
        const context = `seed ${seed} (RELIABILITY_SEED=${seed} replays it), after round ${round - 1}`;
        if (round > 0) expectIntact(storePath, acked, context);
        if (round === ROUNDS) {
          listen.child.kill('SIGTERM');
          expect(await listen.exit).toBe(0);
          break;
        }
        const concurrency = 2 + Math.floor(random() * 30);
        // How many acknowledgements to wait for before the kill: 0 kills while the burst connects.
        const killAfter = Math.floor(random() * PER_ROUND * 0.6);
        const path = `/r${round}`;
        const burst = spawn(process.execPath, [BURST, `${listen.url}${path}`, String(PER_ROUND), String(concurrency)]);
        let seen = 0;
        let buf = '';
        const kill = (): void => {
          if (listen.child.exitCode === null && listen.child.signalCode === null) listen.child.kill('SIGKILL');
        };
        if (killAfter === 0) kill();
        burst.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          const lines = buf.split('\n');
          buf = lines.pop()!;
          for (const seq of lines) acked.add(`${path} seq=${seq}`);
          seen += lines.length;
          if (seen >= killAfter) kill();
        });
        await once(burst, 'close');
        kill(); // in case the burst finished first
        await listen.exit;
      }
    } finally {
      tmp.cleanup();
    }
    expect(acked.size).toBeGreaterThan(0);
  }, 120_000);
});

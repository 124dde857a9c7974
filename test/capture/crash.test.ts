import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/capture/store.js';
import { startListen } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const BURST = fileURLToPath(new URL('../helpers/burst.mjs', import.meta.url));

describe('store before acknowledge', () => {
  it('keeps every request that got a 2xx when the listener is SIGKILLed mid-burst', async () => {
    const tmp = tempDir();
    const storePath = join(tmp.dir, 'c.db');
    for (let round = 0; round < 2; round++) {
      const listen = await startListen(['--store', storePath]);
      const burst = spawn(process.execPath, [BURST, `${listen.url}/burst`, '3000', '16']);
      const acked = new Set<string>();
      let buf = '';
      let killed = false;
      burst.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const parts = buf.split('\n');
        buf = parts.pop()!;
        for (const p of parts) acked.add(`r${round}:${p}`);
        if (!killed && acked.size >= 300) {
          killed = true;
          listen.child.kill('SIGKILL');
        }
      });
      await once(burst, 'close');
      await listen.exit;
      expect(killed).toBe(true);
      const store = Store.open(storePath);
      expect(store.integrity()).toBe('ok');
      const stored = new Set([...store.iterate()].map((r) => `r${round}:${r.body.toString().slice(4)}`));
      store.close();
      const missing = [...acked].filter((a) => !stored.has(a));
      expect(missing).toEqual([]);
      expect(acked.size).toBeGreaterThanOrEqual(300);
      // Clear for the next round so ids of both rounds don't mix.
      const s = Store.open(storePath);
      s.clear();
      s.close();
    }
    tmp.cleanup();
  });
});

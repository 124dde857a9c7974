import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const TARGETS = fileURLToPath(new URL('../../bench/targets.mjs', import.meta.url));
const run = (script: string) => spawnSync(process.execPath, [script], { encoding: 'utf8' });

describe('bench/targets.mjs, the one place the bench reaches into dist/', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('loads every module the bench measures in-process, with the exports it calls', () => {
    const r = run(TARGETS);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^bench targets: 13 modules load \(.*capture\/store\.js.*capture\/group-commit\.js.*tui\/run\.js.*inspector\/index\.js\)\n$/);
  });

  it('refuses a dist/ file whose source is gone (a moved file leaves its old build behind), naming the fix', () => {
    // A tree with only stale builds: every target's dist/ file, no src/.
    const root = mkdtempSync(join(tmpdir(), 'wk-bench-targets-'));
    dirs.push(root);
    mkdirSync(join(root, 'bench'));
    copyFileSync(TARGETS, join(root, 'bench/targets.mjs'));
    mkdirSync(join(root, 'dist/capture'), { recursive: true });
    writeFileSync(join(root, 'dist/capture/store.js'), 'export class Store {}\n');
    const r = run(join(root, 'bench/targets.mjs'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('bench: src/capture/store.ts is gone (moved or renamed?); dist/capture/store.js would be a stale build: fix TARGETS.store in bench/targets.mjs');
    expect(r.stderr.trim().split('\n')).toHaveLength(13);
  });
});

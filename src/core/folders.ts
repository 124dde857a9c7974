import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p` that fails at once. Node's `mkdirSync(dir, { recursive: true })` spins forever
 * where mkdir answers ENOENT for a parent that does exist (`/proc/nope`, issue #19), so the
 * missing folders are made one at a time, top down, and the first failure is thrown
 * (an ErrnoException whose `path` is the folder that could not be made).
 */
export function createFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d) && dirname(d) !== d; d = dirname(d)) missing.unshift(d);
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      // Made meanwhile by another process: fine, if it is a folder.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(d).isDirectory()) throw e;
    }
  }
}

import { existsSync, realpathSync } from 'node:fs';
import { basename, delimiter, dirname, join, relative, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shellQuote } from '../output/export.js';

/** The CLI entry of this copy of webhook-kit (from dist/tui/ or src/tui/ alike). */
const BIN = fileURLToPath(new URL('../../bin/webhook-kit.js', import.meta.url));

/** A shell word: as is when it has nothing a shell would read, else quoted. */
export const shellArg = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : shellQuote(s));

const real = (file: string): string | null => {
  try {
    return realpathSync(file);
  } catch {
    return null;
  }
};

const inside = (dir: string, path: string): boolean => {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * How to run this webhook-kit from a shell, for commands suggested on screen: `webhook-kit`
 * when that name on PATH is this copy (a global or linked install); `npx webhook-kit` from
 * inside the checkout or the project that has it as a dependency (`npm ci` puts nothing on
 * PATH, and npx finds the package's own bin there); else `node <absolute path of the bin>`.
 */
export function selfCommand(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd(), bin: string = BIN): string {
  const ours = real(bin);
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'webhook-kit');
    if (ours && existsSync(candidate) && real(candidate) === ours) return 'webhook-kit';
  }
  const pkg = dirname(dirname(bin));
  // Installed as a dependency: npx resolves it from the project around node_modules.
  const project = basename(dirname(pkg)) === 'node_modules' ? dirname(dirname(pkg)) : pkg;
  if (inside(project, cwd)) return 'npx webhook-kit';
  return `node ${shellArg(bin)}`;
}

import { chmodSync, copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Copies a tree: folders made world-readable, files hard-linked when anyone may read them already, else copied and made so. */
function copyTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  chmodSync(to, 0o755);
  for (const name of readdirSync(from)) {
    const src = join(from, name);
    const dst = join(to, name);
    const st = lstatSync(src);
    if (st.isSymbolicLink()) symlinkSync(readlinkSync(src), dst);
    else if (st.isDirectory()) copyTree(src, dst);
    else if (st.mode & 0o004) {
      try {
        linkSync(src, dst);
      } catch {
        copyFileSync(src, dst);
      }
    } else {
      copyFileSync(src, dst);
      chmodSync(dst, (st.mode & 0o111 ? 0o755 : 0o644));
    }
  }
}

/** The production dependencies of the package, transitively, as installed (hoisted) under node_modules. */
function productionPackages(): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    const dir = join(ROOT, 'node_modules', name);
    // Not hoisted: it sits in a parent's own node_modules, copied with that parent.
    if (!existsSync(join(dir, 'package.json'))) return;
    seen.add(name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const deps of [pkg.dependencies, pkg.optionalDependencies, pkg.peerDependencies]) for (const d of Object.keys(deps ?? {})) visit(d);
  };
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const d of Object.keys(root.dependencies)) visit(d);
  return [...seen];
}

/**
 * What the built CLI needs to run (bin, dist, samples, package.json, the production
 * dependencies) in a fresh folder every user can read. A test that runs the CLI as another user
 * must not depend on where the checkout is: a clone under a private folder (mode 700, as
 * `mktemp -d` makes, and many home folders) cannot be read by anyone else.
 */
export function readableCopy(): { bin: string; dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'wk-readable-'));
  chmodSync(dir, 0o755);
  for (const part of ['bin', 'dist', 'samples']) copyTree(join(ROOT, part), join(dir, part));
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  chmodSync(join(dir, 'package.json'), 0o644);
  for (const name of productionPackages()) {
    // node_modules and a scope's folder (@scope/name) readable too.
    for (const parent of [join(dir, 'node_modules'), ...(name.includes('/') ? [join(dir, 'node_modules', name.split('/')[0]!)] : [])]) {
      mkdirSync(parent, { recursive: true });
      chmodSync(parent, 0o755);
    }
    copyTree(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name));
  }
  return { bin: join(dir, 'bin', 'webhook-kit.js'), dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The seam the README's Layout section describes: dependencies point one way,
// cli -> commands -> {tui, inspector, output, send} -> capture -> providers -> core.
const SRC = fileURLToPath(new URL('../src/', import.meta.url));

const MAY_IMPORT: Record<string, readonly string[]> = {
  cli: ['commands', 'core', 'providers', 'capture'],
  commands: ['tui', 'inspector', 'output', 'send', 'capture', 'providers', 'core', 'http', 'tunnel'],
  tui: ['output', 'capture', 'providers', 'core'],
  inspector: ['output', 'capture', 'providers', 'core'],
  output: ['capture', 'providers', 'core'],
  send: ['providers', 'core', 'http'],
  tunnel: ['core'],
  capture: ['providers', 'core', 'http'],
  http: ['core'],
  providers: ['core'],
  core: [],
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    // .js: the inspector's hand-written page (src/inspector/assets/) keeps the same rules.
    return statSync(path).isDirectory() ? sources(path) : /\.(?:tsx?|js)$/.test(name) ? [path] : [];
  });
}

/** Every relative import of a file (static, dynamic and type-only), as the top folder it reaches. */
function importsOf(file: string): Array<{ spec: string; folder: string }> {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specs.map((spec) => ({ spec, folder: relative(SRC, resolve(dirname(file), spec)).split('/')[0]! }));
}

describe('source layout', () => {
  const files = sources(SRC);
  const folderOf = (file: string): string => relative(SRC, file).split('/')[0]!;

  it('has only the folders the layout names', () => {
    const folders = new Set(files.map(folderOf).filter((f) => !/\.tsx?$/.test(f)));
    expect([...folders].filter((f) => !(f in MAY_IMPORT))).toEqual([]);
  });

  it.each(Object.keys(MAY_IMPORT))('%s imports only the folders below it', (folder) => {
    const wrong = files
      .filter((f) => folderOf(f) === folder)
      .flatMap((f) => importsOf(f).filter((i) => i.folder !== folder && !MAY_IMPORT[folder]!.includes(i.folder)).map((i) => `${relative(SRC, f)} -> ${i.spec}`));
    expect(wrong).toEqual([]);
  });

  it('keeps every source file under 300 lines', () => {
    const long = files.map((f) => ({ f: relative(SRC, f), n: readFileSync(f, 'utf8').split('\n').length })).filter((x) => x.n > 300);
    expect(long).toEqual([]);
  });

  it('names a provider only inside its folder and the registry (adding one is a folder plus a line)', () => {
    const ids = readdirSync(join(SRC, 'providers')).filter((n) => statSync(join(SRC, 'providers', n)).isDirectory());
    const outside = files.filter((f) => !relative(SRC, f).startsWith('providers/'));
    const named = outside.flatMap((f) => ids.filter((id) => new RegExp(`providers/${id}/`).test(readFileSync(f, 'utf8'))).map((id) => `${relative(SRC, f)} imports providers/${id}`));
    expect(named).toEqual([]);
  });
});

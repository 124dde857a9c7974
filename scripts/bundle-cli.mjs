// The CLI's startup is mostly module loading: bin/webhook-kit.js runs this bundle of src/cli/main.ts
// (commander and chalk inlined, one chunk per lazily imported part) instead of ~75 files of tsc
// output, which the library (dist/index.js) keeps using. README, Performance, has the figures.
import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = 'dist/cli-bundle';
const SRC = `${ROOT}src/`;

// Small pure-JS packages go in; native (better-sqlite3), table-loading (iconv-lite) and the
// lazily loaded heavy ones (Ink, React, undici, fast-xml-parser) stay imports of node_modules.
const INLINED = new Set(['commander', 'chalk']);

/**
 * Every chunk sits in dist/cli-bundle/, so a source's `import.meta.url` is made the URL its tsc
 * output has (dist/<folder>/<file>.js): the paths built from it (the samples, package.json,
 * the checkpointer worker, the inspector's page) resolve exactly as in dist/.
 */
const tscUrls = {
  name: 'tsc-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\/src\/.*\.tsx?$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const built = `../${relative(SRC, args.path).replace(/\.tsx?$/, '.js')}`;
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(built)}, import.meta.url).href`), loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
    });
    b.onResolve({ filter: /^[^./#]/ }, (args) => {
      const pkg = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      return INLINED.has(pkg) || args.path.startsWith('node:') ? undefined : { path: args.path, external: true };
    });
  },
};

// --help names the providers: computed here from the tsc build of the same sources (npm run
// build compiles first), so the bundle's help loads no provider code (src/cli/catalog.ts).
const { providers } = await import(new URL('../dist/providers/registry.js', import.meta.url).href);
const { catalogOf } = await import(new URL('../dist/cli/catalog.js', import.meta.url).href);

// commander loads node:child_process up front (a tenth of --help's time) for executable
// subcommands, which this CLI has none of: it is required when first used instead.
const CHILD_PROCESS = "require('node:child_process')";
const lazyChildProcess = {
  name: 'commander-lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /node_modules\/commander\/lib\/command\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes(CHILD_PROCESS)) throw new Error(`bundle-cli: ${args.path} no longer has ${CHILD_PROCESS}; update lazyChildProcess`);
      return { contents: text.replace(CHILD_PROCESS, `{ get spawn() { return ${CHILD_PROCESS}.spawn; } }`), loader: 'js' };
    });
  },
};

rmSync(`${ROOT}${OUT}`, { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: OUT,
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Without comments and indentation V8 scans a third of the text at startup; the map gives
  // a bug report's stack its source lines (node --enable-source-maps).
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  sourcemap: 'linked',
  sourcesContent: false,
  // commander is CommonJS: its require() of Node's modules needs a require in ESM.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  define: { WEBHOOK_KIT_CATALOG: JSON.stringify(catalogOf(providers)) },
  plugins: [tscUrls, lazyChildProcess],
  logLevel: 'warning',
});

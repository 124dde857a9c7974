// The one place bench/ reaches into the build. Rows that measure a part in-process (decode, the
// store, the TUI, the send runner) get it from here, never by a dist/ path of their own, so a
// moved source file breaks the bench here, loudly, by name. Everything that can go through
// the CLI (startup, listen, list) runs bin/webhook-kit.js instead.
//
// `node bench/targets.mjs` loads every target and says what is wrong; test/bench/targets.test.ts
// runs it, so `npm test` fails when a move leaves this list behind.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../', import.meta.url);

/** Each target: its module under src/ (as built into dist/, .js) and the exports bench uses. */
const TARGETS = {
  samples: { module: 'core/samples.js', exports: ['listSamples', 'loadSample'] },
  inspect: { module: 'providers/inspect.js', exports: ['inspect'] },
  registry: { module: 'providers/registry.js', exports: ['providerById'] },
  store: { module: 'capture/store.js', exports: ['Store'] },
  storeFacts: { module: 'capture/store-facts.js', exports: ['storedFactsOf'] },
  server: { module: 'capture/server.js', exports: ['CaptureServer'] },
  groupCommit: { module: 'capture/group-commit.js', exports: ['GroupCommit'] },
  answer: { module: 'capture/answer.js', exports: ['chooseAnswer'] },
  ndjson: { module: 'output/ndjson.js', exports: ['captureJsonLine'] },
  view: { module: 'capture/view.js', exports: ['secretsOf'] },
  runner: { module: 'send/runner.js', exports: ['runDelivery'] },
  tui: { module: 'tui/run.js', exports: ['startTui'] },
  inspectorServer: { module: 'inspector/index.js', exports: ['startInspector'] },
};

const loaded = new Map();

/**
 * The built module of a target, checked: its source still exists (tsc leaves the old dist/ file
 * of a moved source behind, which would bench stale code without a word), it is built, and it
 * has the exports bench calls.
 */
async function target(name) {
  if (loaded.has(name)) return loaded.get(name);
  const { module, exports } = TARGETS[name];
  const stem = module.replace(/\.js$/, '');
  const fix = `fix TARGETS.${name} in bench/targets.mjs`;
  if (!['.ts', '.tsx'].some((ext) => existsSync(new URL(`src/${stem}${ext}`, ROOT)))) {
    throw new Error(`bench: src/${stem}.ts is gone (moved or renamed?); dist/${module} would be a stale build: ${fix}`);
  }
  const dist = new URL(`dist/${module}`, ROOT);
  if (!existsSync(dist)) throw new Error(`bench: dist/${module} is missing; run \`npm run build\` (or ${fix})`);
  const mod = await import(dist.href);
  const missing = exports.filter((e) => typeof mod[e] !== 'function');
  if (missing.length) throw new Error(`bench: src/${stem} no longer exports ${missing.join(', ')}: ${fix}`);
  loaded.set(name, mod);
  return mod;
}

/** listSamples, loadSample: the shipped samples/ fixtures. */
export const samples = () => target('samples');
/** inspect(): charset-aware parse, provider detection and decode of one request. */
export const inspector = () => target('inspect');
/** providerById(). */
export const registry = () => target('registry');
/** The SQLite capture store. */
export const store = () => target('store');
/** storedFactsOf(): the filter facts listen stores with each capture. */
export const storeFacts = () => target('storeFacts');
/** The capture server listen runs. */
export const captureServer = () => target('server');
/** The group commit listen stores captures with (events, flags, facts, insert, commit). */
export const groupCommit = () => target('groupCommit');
/** chooseAnswer(): the answer listen sends. */
export const answer = () => target('answer');
/** captureJsonLine(): a capture's NDJSON line. */
export const ndjson = () => target('ndjson');
/** secretsOf(): what a capture's outputs mask. */
export const view = () => target('view');
/** runDelivery(): one send delivery with its retries and verdict. */
export const runner = () => target('runner');
/** startTui(): the live TUI as listen starts it. */
export const tui = () => target('tui');

export const inspectorServer = () => target('inspectorServer');

/** Loads every target; rejects with every problem found, one a line. */
export async function checkTargets() {
  const problems = [];
  for (const name of Object.keys(TARGETS)) await target(name).catch((e) => problems.push(e.message));
  if (problems.length) throw new Error(problems.join('\n'));
  return Object.values(TARGETS).map((t) => t.module);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const modules = await checkTargets();
    console.log(`bench targets: ${modules.length} modules load (${modules.join(', ')})`);
  } catch (e) {
    console.error(e.message);
    process.exitCode = 1;
  }
}

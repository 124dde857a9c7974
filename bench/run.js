// `npm run bench [-- --json] [-- --only name]`: every figure beside a baseline measured in the same run.
import { captureRows } from './rows/capture.mjs';
import { startupRows } from './rows/startup.mjs';
import { storeRows } from './rows/store.mjs';
import { decodeRows } from './rows/decode.mjs';
import { sendRows } from './rows/send.mjs';
import { forwardRows } from './rows/forward.mjs';
import { tuiRows } from './rows/tui.mjs';
import { soakRows } from './rows/soak.mjs';
import { inspectorRows } from './rows/inspector.mjs';
import { hasWrk } from './rows/util.mjs';

const json = process.argv.includes('--json');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? process.argv[onlyAt + 1] : undefined;
const groups = { capture: captureRows, startup: startupRows, store: storeRows, decode: decodeRows, send: sendRows, forward: forwardRows, tui: tuiRows, soak: soakRows, inspector: inspectorRows };

if (only && !(only in groups)) {
  console.error(`bench: no group ${only}; the groups are ${Object.keys(groups).join(', ')}`);
  process.exit(2);
}

// The server rows are loaded by wrk (a C generator far faster than the servers it measures; see
// the ceiling row in rows/capture.mjs). Without it they would measure nothing: say how to get it.
if ((!only || only === 'capture' || only === 'forward') && !hasWrk()) {
  console.error('bench: wrk is not installed; install it with `sudo apt-get install wrk` (Debian/Ubuntu) or `brew install wrk`, or run the other groups alone with --only <group>');
  process.exit(3);
}

const W = 46;
const fmt = (n) => (typeof n === 'number' ? (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2)) : String(n));
let failed = 0;
if (!json) console.log(['name'.padEnd(W), 'value'.padStart(12), 'baseline'.padStart(12), 'ratio'.padStart(8), 'target'.padStart(10), 'pass'].join('  '));
for (const [group, run] of Object.entries(groups)) {
  if (only && only !== group) continue;
  for await (const row of run()) {
    if (!row.pass) failed++;
    if (json) console.log(JSON.stringify(row));
    else {
      const value = `${fmt(row.value)} ${row.unit ?? ''}`.trim();
      const baseline = `${fmt(row.baseline)} ${row.unit ?? ''}`.trim();
      console.log([row.name.padEnd(W), value.padStart(12), baseline.padStart(12), `${fmt(row.ratio)}x`.padStart(8), row.target.padStart(10), (row.pass ? 'yes' : 'NO').padEnd(4), row.note ?? ''].join('  ').trimEnd());
    }
  }
}
if (!json) console.log(failed ? `\n${failed} row(s) missed their target` : '\nall rows met their targets');
// A script can tell: non-zero when any row missed its target.
process.exitCode = failed ? 1 : 0;

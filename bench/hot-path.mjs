// `node bench/hot-path.mjs [--new-ids]`: listen's own work per capture without HTTP, as listen
// does it under load: inspect, choose the answer, the group commit (events, flags, filter facts,
// insert, commit; 31 a transaction, as wrk's 32 connections give) and the NDJSON line, on a
// real store file with its checkpoints on their thread. Prints the main thread's CPU µs per
// capture (median and lowest of 7 runs of 12,400). --new-ids: a new message id in each, as a
// gateway's come. A diagnostic beside the capture rows, not a row: the bare server does none of
// this, so there is no baseline to set it against (README, Performance).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as targets from './targets.mjs';

const { inspect } = await targets.inspector();
const { GroupCommit } = await targets.groupCommit();
const { Store } = await targets.store();
const { chooseAnswer } = await targets.answer();
const { captureJsonLine } = await targets.ndjson();
const { secretsOf } = await targets.view();

/** This thread's CPU time in µs (10 ms ticks: runs are long enough for 1%). */
const threadCpu = () => {
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 1e4;
};

const newIds = process.argv.includes('--new-ids');
const dir = mkdtempSync(join(tmpdir(), 'wk-hot-'));
const store = Store.open(join(dir, 'hot.db'));
store.checkpointInBackground();
const secrets = {};
const commits = new GroupCommit(store, { failed() {}, committed() {}, outcomesFailed() {} }, undefined, secrets);
const BATCH = 31;
let n = 0;

function batch() {
  return new Promise((resolve) => {
    let left = BATCH;
    for (let i = 0; i < BATCH; i++) {
      const id = newIds ? String(1_000_000 + n++) : '123';
      const headers = [['Host', '127.0.0.1:8080'], ['Content-Length', '39'], ['Content-Type', 'application/x-www-form-urlencoded']];
      const raw = { method: 'POST', url: '/smsc', headers, body: Buffer.from(`id=${id}&phone=79991234567&status=1&err=0`) };
      const inspection = inspect(raw, { secrets });
      const answer = chooseAnswer(raw, inspection, { truncated: false, maxBody: 1 << 20 });
      const capture = { method: raw.method, url: raw.url, headers, body: raw.body, receivedAt: Date.now(), remote: '127.0.0.1:5555', size: raw.body.length, truncated: false, answer, replayOf: null, publicUrl: null };
      commits.add(capture, inspection, (record, flags, masked) => {
        if (record instanceof Error) throw record;
        captureJsonLine({ record, inspection, flags, secrets: masked ?? secretsOf(record, inspection, secrets) });
        if (--left === 0) resolve();
      });
    }
  });
}

const PER_RUN = 400;
const runs = [];
for (let run = 0; run < 8; run++) {
  const t0 = threadCpu();
  for (let i = 0; i < PER_RUN; i++) await batch();
  // The first run warms the JIT up.
  if (run > 0) runs.push((threadCpu() - t0) / (PER_RUN * BATCH));
}
store.close();
rmSync(dir, { recursive: true, force: true });
runs.sort((a, b) => a - b);
console.log(`listen's work per capture without HTTP${newIds ? ', a new message id each' : ''}: ${runs[3].toFixed(1)} µs CPU (lowest ${runs[0].toFixed(1)}), ${runs.length} runs of ${PER_RUN * BATCH}`);

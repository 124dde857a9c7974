import { BIN, median, medianMs, row } from './util.mjs';

/** Wall time of `webhook-kit --version`, `--help` and `send --list` vs `node -e 0`, medians of alternating runs. */
export async function* startupRows() {
  const runs = 15;
  const commands = { node: ['-e', '0'], version: [BIN, '--version'], help: [BIN, '--help'], list: [BIN, 'send', '--list'] };
  for (const args of Object.values(commands)) medianMs(process.execPath, args, 2); // warm the file cache
  // Interleaved, so a stall on the shared machine lands on all of them alike.
  const times = { node: [], version: [], help: [], list: [] };
  for (let i = 0; i < runs; i++) for (const [k, args] of Object.entries(commands)) times[k].push(medianMs(process.execPath, args, 1));
  const base = median(times.node);
  yield row('--version wall time (ms)', median(times.version), base, 'ms', 1.5, false);
  yield row('--help wall time (ms)', median(times.help), base, 'ms', 1.5, false);
  yield row('send --list wall time (ms)', median(times.list), base, 'ms', 2, false);
}

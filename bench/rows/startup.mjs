import { BIN, medianMs, row } from './util.mjs';

/** `webhook-kit --help` wall time vs `node -e 0`. */
export async function* startupRows() {
  const runs = 15;
  medianMs(process.execPath, [BIN, '--help'], 2);
  const base = medianMs(process.execPath, ['-e', '0'], runs);
  const help = medianMs(process.execPath, [BIN, '--help'], runs);
  yield row('--help wall time (ms)', help, base, 'ms', 2, false);
}

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** heapUsed in MB after a full collection, so what remains is what is still referenced. */
export function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
}

/** Env for a CLI child that reports its peak RSS on exit (read it with peakRssMb). */
export const PEAK_RSS_ENV = { NODE_OPTIONS: `--require ${JSON.stringify(fileURLToPath(new URL('./report-peak-rss.cjs', import.meta.url)))}` };

/** The peak RSS in MB a PEAK_RSS_ENV child printed on stderr. */
export function peakRssMb(stderr: string): number {
  const m = /peak-rss-kb=(\d+)/.exec(stderr);
  if (!m) throw new Error(`no peak-rss line in stderr: ${stderr.slice(-300)}`);
  return Number(m[1]) / 1024;
}

import type { RetryPolicy } from '../core/types.js';

export interface PlanOptions {
  /** Compress the schedule so a whole retry run takes about a second. */
  fast?: boolean;
  /** Fixed delay between attempts, overriding the policy's. */
  intervalMs?: number;
  /** false: one shot, no retries. */
  retry?: boolean;
}

/** How long `--fast` lets a whole retry run take. */
export const FAST_TOTAL_MS = 1000;

/** Delays before attempts 2..n, from the provider's policy and the user's flags. Pure. */
export function planDelays(policy: RetryPolicy, opts: PlanOptions = {}): number[] {
  if (opts.retry === false || policy.attempts <= 1) return [];
  const n = policy.attempts - 1;
  const fromPolicy = (i: number): number => policy.intervalsMs[Math.min(i, policy.intervalsMs.length - 1)] ?? 0;
  if (opts.intervalMs !== undefined) return Array.from({ length: n }, () => opts.intervalMs!);
  if (opts.fast) return Array.from({ length: n }, (_, i) => Math.min(fromPolicy(i), Math.floor(FAST_TOTAL_MS / (n + 1))));
  return Array.from({ length: n }, (_, i) => fromPolicy(i));
}

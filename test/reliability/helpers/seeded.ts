/** A seed from RELIABILITY_SEED or the clock, printed by the caller so a failure can be replayed. */
export const seedFromEnv = (): number => Number(process.env.RELIABILITY_SEED ?? Date.now() % 2 ** 31);

/** mulberry32: a tiny deterministic PRNG in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

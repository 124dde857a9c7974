// No 0/o, 1/l/i: ids are read off a screen and typed.
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const BASE = BigInt(ALPHABET.length);

/**
 * Ids are a bijective scramble of the capture's sequence number: short (6 characters for the
 * first 887 million captures), random-looking, stable, and decodable back to the row, so the
 * store needs no unique index on them (a random-key index doubled the cost of every insert).
 */
interface Space {
  length: number;
  size: bigint;
  mul: bigint;
  inv: bigint;
  add: bigint;
}

function space(length: number, mul: bigint, add: bigint): Space {
  const size = BASE ** BigInt(length);
  return { length, size, mul, inv: modInverse(mul, size), add };
}

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

// Multipliers are odd powers of 3 (coprime with 31^n), so the scramble is a permutation.
const SPACES = [space(6, 3n ** 17n, 104_729n), space(8, 3n ** 31n, 15_485_863n)];

function encode(n: bigint, length: number): string {
  let id = '';
  for (let i = 0; i < length; i++) {
    id = ALPHABET[Number(n % BASE)]! + id;
    n /= BASE;
  }
  return id;
}

/**
 * The id of capture number `seq` (1-based), e.g. `k7m2qx`, in a store whose random id offset
 * is `offset` (migrations.ts v5): stores number from 1 alike, so without it every store had
 * the same ids and a replay's link from one store could name an unrelated capture in another.
 * The offset shifts the sequence, so ids within a store stay distinct (and a store migrated
 * from before v5, whose old rows are offset 0, never meets them again).
 */
export function captureIdFor(seq: number, offset = 0): string {
  const n = BigInt(seq) + BigInt(offset);
  let before = 0n;
  for (const s of SPACES) {
    if (n - before < s.size) return encode(((n - before) * s.mul + s.add) % s.size, s.length);
    before += s.size;
  }
  throw new RangeError(`capture number ${seq} is beyond the id space`);
}

/** The sequence number an id stands for in a store with this id offset, or null when it is not one of ours. */
export function seqForId(id: string, offset = 0): number | null {
  const s = SPACES.find((x) => x.length === id.length);
  if (!s) return null;
  let n = 0n;
  for (const ch of id) {
    const d = ALPHABET.indexOf(ch);
    if (d < 0) return null;
    n = n * BASE + BigInt(d);
  }
  let before = 0n;
  for (const x of SPACES) {
    if (x === s) break;
    before += x.size;
  }
  const seq = Number((((n - s.add) % s.size) + s.size) % s.size * s.inv % s.size + before) - offset;
  return seq >= 1 ? seq : null;
}

/** Largest id offset (2^28 - 1, set in migrations.ts v5): the first 619 million captures of every store keep six-character ids. */
export const MAX_ID_OFFSET = 268_435_455;

/** True when `s` could be an id or an id prefix. */
export const isIdLike = (s: string): boolean => /^[2-9a-hjkmnp-z]{3,12}$/.test(s);

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

/** The id of capture number `seq` (1-based), e.g. `k7m2qx`. */
export function captureIdFor(seq: number): string {
  const n = BigInt(seq);
  let offset = 0n;
  for (const s of SPACES) {
    if (n - offset < s.size) return encode(((n - offset) * s.mul + s.add) % s.size, s.length);
    offset += s.size;
  }
  throw new RangeError(`capture number ${seq} is beyond the id space`);
}

/** The sequence number an id stands for, or null when it is not one of ours. */
export function seqForId(id: string): number | null {
  const s = SPACES.find((x) => x.length === id.length);
  if (!s) return null;
  let n = 0n;
  for (const ch of id) {
    const d = ALPHABET.indexOf(ch);
    if (d < 0) return null;
    n = n * BASE + BigInt(d);
  }
  let offset = 0n;
  for (const x of SPACES) {
    if (x === s) break;
    offset += x.size;
  }
  return Number((((n - s.add) % s.size) + s.size) % s.size * s.inv % s.size + offset);
}

/** True when `s` could be an id or an id prefix. */
export const isIdLike = (s: string): boolean => /^[2-9a-hjkmnp-z]{3,12}$/.test(s);

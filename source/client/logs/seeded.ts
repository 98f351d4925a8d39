/** Deterministic per-line randomness for simulated logs: a string hash for the seed and a stateless mixer per tick. */

/** FNV-1a, 32-bit: the seed of one container instance (pod uid + container + restart count). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A uniform value in [0, 1) for tick `k` of stream `salt` under `seed`. Stateless (splitmix32 finaliser), so the
 * log can be generated backwards from "now" without replaying every earlier line.
 */
export function unit(seed: number, salt: number, k: number): number {
  let z = (seed ^ Math.imul(salt + 1, 0x9e3779b9) ^ Math.imul(k, 0x85ebca6b)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return ((z ^ (z >>> 15)) >>> 0) / 4294967296;
}

/** An integer in [lo, hi] for tick `k`. */
export function pick(seed: number, salt: number, k: number, lo: number, hi: number): number {
  return lo + Math.floor(unit(seed, salt, k) * (hi - lo + 1));
}

/** One element of `items` for tick `k`. */
export function choose<T>(seed: number, salt: number, k: number, items: readonly T[]): T {
  return items[Math.floor(unit(seed, salt, k) * items.length)]!;
}

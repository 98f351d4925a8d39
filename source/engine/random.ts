/** The seeded random source: one per simulation, so the same seed gives the same run. */

/**
 * sfc32 seeded from the seed through splitmix32: small, fast, well distributed and its whole
 * state is four numbers, so it can be saved and restored with the simulation.
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next(); this.b = next(); this.c = next(); this.d = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** `n` characters from `alphabet` (pod-name suffixes, uids). */
  chars(n: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }

  /** An RFC 4122 version-4 style uid built from the seeded stream. */
  uid(): string {
    const hex = (x: number, len: number) => x.toString(16).padStart(len, '0').slice(-len);
    const a = this.nextUint32(), b = this.nextUint32(), c = this.nextUint32(), d = this.nextUint32();
    return `${hex(a, 8)}-${hex(b >>> 16, 4)}-4${hex(b & 0xfff, 3)}-${hex(0x8000 | (c >>> 18), 4)}-${hex(c & 0xffff, 4)}${hex(d, 8)}`;
  }

  /** State for snapshots. */
  save(): [number, number, number, number] {
    return [this.a, this.b, this.c, this.d];
  }

  restore(state: [number, number, number, number]): void {
    [this.a, this.b, this.c, this.d] = state;
  }
}

/** kube's rand.String alphabet (no vowels, no confusable characters): pod-name suffixes, RS hashes. */
export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

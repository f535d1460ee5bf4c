/**
 * The generator and the weighted mean as they were before the typed-array kernel (commit
 * e7d740c), kept verbatim as oracles: `Rng` must keep its stream (seeded models use it) and the
 * fast weighted mean must give the bits of this one. (The bootstrap's own stream is now version
 * 2: bootstrap-v2.ts.) Do not "improve" this file.
 */
export class OracleRng {
  // Protected, not private, only so bootstrap-v2.ts can start the same generator from other words.
  protected a: number;
  protected b: number;
  protected c: number;
  protected d: number;

  constructor(seed: number) {
    // splitmix32 expands the 32-bit seed into four well-mixed state words.
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 2 ** 32;
  }

  /**
   * Uniform integer in [0, n), without bias. Lemire's multiply-shift with rejection (one
   * multiply in the common case; 1.5× faster than a modulo here), exact while x·n < 2^53.
   */
  int(n: number): number {
    if (!(n > 0)) throw new RangeError('Rng.int needs n > 0');
    if (n < 2 ** 21) {
      let m = this.nextUint32() * n;
      let low = m >>> 0;
      if (low < n) {
        const threshold = (2 ** 32 - n) % n;
        while (low < threshold) {
          m = this.nextUint32() * n;
          low = m >>> 0;
        }
      }
      return Math.floor(m / 2 ** 32);
    }
    const limit = Math.floor(2 ** 32 / n) * n;
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Standard normal, by Box–Muller from two uniforms (the second variate is dropped, so each call is independent of parity). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1], so the log is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

/**
 * A statistic evaluated on a resample given as multiplicities: weights[k] = how many times
 * cluster k was drawn.
 */
export type WeightedStatistic = (weights: Uint32Array) => number;

/** The weighted mean as it was: one accumulator, clusters in order. */
export function oracleWeightedMean(sums: Float64Array, counts: Uint32Array): WeightedStatistic {
  const present: number[] = [];
  for (let k = 0; k < counts.length; k++) if (counts[k]! > 0) present.push(k);
  const idx = Uint32Array.from(present);
  return (w) => {
    let s = 0;
    let c = 0;
    for (let i = 0; i < idx.length; i++) {
      const k = idx[i]!;
      const wk = w[k]!;
      s += wk * sums[k]!;
      c += wk * counts[k]!;
    }
    return c === 0 ? NaN : s / c;
  };
}

import { createHash } from 'node:crypto';

/**
 * The bootstrap's random stream version 2 written the plain way, from its definition alone
 * (src/metrics/resample.ts): resample r of stream `seed` is n calls of `int(n)` on an sfc32
 * generator whose state is the first four little-endian words of SHA-256("[seed,r]"), after 12
 * discarded outputs. No typed-array kernel, no threads: the fast paths must give these bits.
 */
export class StreamRng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, r: number) {
    const h = createHash('sha256').update(`[${seed},${r}]`).digest();
    [this.a, this.b, this.c, this.d] = [0, 4, 8, 12].map((o) => h.readUInt32LE(o)) as [number, number, number, number];
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

  /** Uniform in [0, n): ⌊x·n / 2^32⌋ rejecting x·n mod 2^32 below (2^32 − n) mod n for n < 2^21; above, x mod n rejecting x ≥ ⌊2^32/n⌋·n. */
  int(n: number): number {
    if (n < 2 ** 21) {
      const threshold = (2 ** 32 - n) % n;
      for (;;) {
        const m = this.nextUint32() * n;
        if (m % 2 ** 32 >= threshold) return Math.floor(m / 2 ** 32);
      }
    }
    const limit = Math.floor(2 ** 32 / n) * n;
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }
}

/** Resample r of stream `seed` over n clusters, as multiplicities. */
export function oracleResample(n: number, seed: number, r: number): Uint32Array {
  const rng = new StreamRng(seed, r);
  const w = new Uint32Array(n);
  for (let k = 0; k < n; k++) w[rng.int(n)]!++;
  return w;
}

/** [Q(α/2), Q(1−α/2)] (numpy's linear interpolation) of each statistic over resamples 0 … B−1, NaN values left out. */
export function oracleIntervals(
  n: number,
  statistics: readonly ((w: Uint32Array) => number)[],
  o: { samples: number; level: number; seed: number },
): [number, number][] {
  const values: number[][] = statistics.map(() => []);
  for (let r = 0; r < o.samples; r++) {
    const w = oracleResample(n, o.seed, r);
    statistics.forEach((f, m) => values[m]!.push(f(w)));
  }
  const q = (xs: number[], p: number): number => {
    if (xs.length === 0) return NaN;
    const h = (xs.length - 1) * p;
    return xs[Math.floor(h)]! + (h - Math.floor(h)) * (xs[Math.ceil(h)]! - xs[Math.floor(h)]!);
  };
  const alpha = 1 - o.level;
  return values.map((vs) => {
    const sorted = vs.filter((v) => !Number.isNaN(v)).sort((x, y) => x - y);
    return [q(sorted, alpha / 2), q(sorted, 1 - alpha / 2)];
  });
}

import { createHash } from 'node:crypto';
import { OracleRng } from './bootstrap-v1.js';

/**
 * The bootstrap's random stream version 2 written the plain way, from its definition alone
 * (src/metrics/resample.ts): resample r of stream `seed` is n calls of `int(n)` on an sfc32
 * generator whose state is the first four little-endian words of SHA-256("[seed,r]"), after 12
 * discarded outputs. No typed-array kernel, no threads: the fast paths must give these bits. The
 * generator and `int` are the version-1 oracle's (the same sfc32 and the same unbiased index), so
 * only the starting state is new here.
 */
export class StreamRng extends OracleRng {
  constructor(seed: number, r: number) {
    super(0);
    const h = createHash('sha256').update(`[${seed},${r}]`).digest();
    [this.a, this.b, this.c, this.d] = [0, 4, 8, 12].map((o) => h.readUInt32LE(o)) as [number, number, number, number];
    for (let i = 0; i < 12; i++) this.nextUint32();
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

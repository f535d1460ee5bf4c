import { sfc32State } from '../core/random.js';

export interface BootstrapOptions {
  /** Number of resamples B. */
  samples: number;
  /** Coverage of the interval, e.g. 0.95. */
  level: number;
  seed: number;
}

/**
 * A statistic evaluated on a resample given as multiplicities: weights[k] = how many times
 * cluster k was drawn. Weighted form avoids materialising each resample.
 */
export type WeightedStatistic = (weights: Uint32Array) => number;

/** Q(q) with linear interpolation between order statistics (numpy's default, "type 7"). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (h - lo) * (b - a);
}

/**
 * Draw `samples` resamples of `n` clusters with replacement and hand each to `each` as
 * multiplicities (the array is reused: read it before returning). The draws are exactly
 * `new Rng(seed).int(n)`, n per resample: the same sfc32 stream and the same unbiased index
 * (Lemire's multiply-shift with rejection below 2^21, rejection and modulo above), but run over
 * int32 locals, because a method call per draw was over half of a large run's time.
 */
export function drawResamples(n: number, samples: number, seed: number, each: (weights: Uint32Array, b: number) => void): void {
  const weights = new Uint32Array(n);
  if (n === 0) return;
  const state = sfc32State(seed);
  // int32 locals: the arithmetic below is the generator's, modulo 2^32.
  let a = state[0] | 0;
  let b = state[1] | 0;
  let c = state[2] | 0;
  let d = state[3] | 0;
  const small = n < 2 ** 21;
  const threshold = (2 ** 32 - n) % n;
  const limit = Math.floor(2 ** 32 / n) * n;
  for (let r = 0; r < samples; r++) {
    weights.fill(0);
    for (let k = 0; k < n; k++) {
      let t = (a + b + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      if (small) {
        // t·n < 2^53, so the double product is exact; its low word is Math.imul's.
        if (Math.imul(t, n) >>> 0 < n) {
          while (Math.imul(t, n) >>> 0 < threshold) {
            t = (a + b + d) | 0;
            d = (d + 1) | 0;
            a = b ^ (b >>> 9);
            b = (c + (c << 3)) | 0;
            c = (c << 21) | (c >>> 11);
            c = (c + t) | 0;
          }
        }
        weights[Math.floor((t >>> 0) * n * 2 ** -32)]!++;
      } else {
        while (t >>> 0 >= limit) {
          t = (a + b + d) | 0;
          d = (d + 1) | 0;
          a = b ^ (b >>> 9);
          b = (c + (c << 3)) | 0;
          c = (c << 21) | (c >>> 11);
          c = (c + t) | 0;
        }
        weights[(t >>> 0) % n]!++;
      }
    }
    each(weights, r);
  }
}

/** [Q(α/2), Q(1−α/2)] of the values a statistic took, NaN ones already left out. */
export function percentileInterval(values: Float64Array, level: number): [number, number] {
  const alpha = 1 - level;
  const sorted = Array.from(values).sort((x, y) => x - y);
  return [quantile(sorted, alpha / 2), quantile(sorted, 1 - alpha / 2)];
}

/**
 * Percentile bootstrap intervals [Q(α/2), Q(1−α/2)] of several statistics over n clusters,
 * resampling whole clusters (prompts) with replacement; every statistic sees the same
 * resamples, drawn once, and is evaluated in order on each. Resamples where a statistic is
 * undefined (NaN, e.g. a subset that drew no items) are left out of its interval. Same seed and
 * inputs → same intervals.
 */
export function bootstrapIntervals(
  nClusters: number,
  statistics: readonly WeightedStatistic[],
  { samples, level, seed }: BootstrapOptions,
): [number, number][] {
  if (nClusters === 0) return statistics.map(() => [NaN, NaN]);
  const values = statistics.map(() => new Float64Array(samples));
  const kept = new Uint32Array(statistics.length);
  drawResamples(nClusters, samples, seed, (weights) => {
    for (let m = 0; m < statistics.length; m++) {
      const v = statistics[m]!(weights);
      if (!Number.isNaN(v)) values[m]![kept[m]!++] = v;
    }
  });
  return values.map((all, m) => percentileInterval(all.subarray(0, kept[m]!), level));
}

/** `bootstrapIntervals` for one statistic. */
export function bootstrapInterval(nClusters: number, statistic: WeightedStatistic, options: BootstrapOptions): [number, number] {
  return bootstrapIntervals(nClusters, [statistic], options)[0]!;
}

/**
 * The mean over items, weighted by cluster multiplicity: Σ_k w_k·sum_k / Σ_k w_k·count_k,
 * where sum_k and count_k are the total and number of item values in cluster k. Clusters with
 * no values are skipped, so a subset's mean costs its own clusters, not all of them.
 */
export function weightedMean(sums: Float64Array, counts: Uint32Array): WeightedStatistic {
  const present: number[] = [];
  for (let k = 0; k < counts.length; k++) if (counts[k]! > 0) present.push(k);
  const idx = Uint32Array.from(present);
  if (idx.length === counts.length) {
    // Every cluster has values (the subset's own clusters): the same sums in the same order, without the index.
    return (w) => {
      let s = 0;
      let c = 0;
      for (let k = 0; k < counts.length; k++) {
        const wk = w[k]!;
        s += wk * sums[k]!;
        c += wk * counts[k]!;
      }
      return c === 0 ? NaN : s / c;
    };
  }
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

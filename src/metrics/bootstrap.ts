import { Rng } from '../core/random.js';

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
 * Percentile bootstrap interval [Q(α/2), Q(1−α/2)] of a statistic over n clusters, resampling
 * whole clusters (prompts) with replacement. Resamples where the statistic is undefined (NaN,
 * e.g. a subset that drew no items) are left out. Same seed and inputs → same interval.
 */
export function bootstrapInterval(
  nClusters: number,
  statistic: WeightedStatistic,
  { samples, level, seed }: BootstrapOptions,
): [number, number] {
  if (nClusters === 0) return [NaN, NaN];
  const rng = new Rng(seed);
  const weights = new Uint32Array(nClusters);
  const values: number[] = [];
  for (let b = 0; b < samples; b++) {
    weights.fill(0);
    for (let k = 0; k < nClusters; k++) weights[rng.int(nClusters)]!++;
    const v = statistic(weights);
    if (!Number.isNaN(v)) values.push(v);
  }
  values.sort((x, y) => x - y);
  const alpha = 1 - level;
  return [quantile(values, alpha / 2), quantile(values, 1 - alpha / 2)];
}

/**
 * The mean over items, weighted by cluster multiplicity: Σ_k w_k·sum_k / Σ_k w_k·count_k,
 * where sum_k and count_k are the total and number of item values in cluster k.
 */
export function weightedMean(sums: Float64Array, counts: Uint32Array): WeightedStatistic {
  return (w) => {
    let s = 0;
    let c = 0;
    for (let k = 0; k < w.length; k++) {
      const wk = w[k]!;
      if (wk === 0) continue;
      s += wk * sums[k]!;
      c += wk * counts[k]!;
    }
    return c === 0 ? NaN : s / c;
  };
}

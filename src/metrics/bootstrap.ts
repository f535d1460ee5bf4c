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
 * Percentile bootstrap intervals [Q(α/2), Q(1−α/2)] of several statistics over n clusters,
 * resampling whole clusters (prompts) with replacement; every statistic sees the same
 * resamples, drawn once. Resamples where a statistic is undefined (NaN, e.g. a subset that
 * drew no items) are left out of its interval. Same seed and inputs → same intervals.
 */
export function bootstrapIntervals(
  nClusters: number,
  statistics: readonly WeightedStatistic[],
  { samples, level, seed }: BootstrapOptions,
): [number, number][] {
  if (nClusters === 0) return statistics.map(() => [NaN, NaN]);
  const rng = new Rng(seed);
  const weights = new Uint32Array(nClusters);
  const values = statistics.map(() => new Float64Array(samples));
  const kept = statistics.map(() => 0);
  for (let b = 0; b < samples; b++) {
    weights.fill(0);
    for (let k = 0; k < nClusters; k++) weights[rng.int(nClusters)]!++;
    statistics.forEach((f, m) => {
      const v = f(weights);
      if (!Number.isNaN(v)) values[m]![kept[m]!++] = v;
    });
  }
  const alpha = 1 - level;
  return values.map((all, m) => {
    const sorted = Array.from(all.subarray(0, kept[m]!)).sort((x, y) => x - y);
    return [quantile(sorted, alpha / 2), quantile(sorted, 1 - alpha / 2)];
  });
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

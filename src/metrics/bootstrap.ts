import { drawResamplesParallel, drawWorkers } from './parallel-draws.js';
import { drawResamples } from './resample.js';

export { drawResamples };

export interface BootstrapOptions {
  /** Number of resamples B. */
  samples: number;
  /** Coverage of the interval, e.g. 0.95. */
  level: number;
  seed: number;
}

/**
 * A statistic evaluated on a resample given as multiplicities: weights[k] = how many times
 * cluster k was drawn. Weighted form avoids materialising each resample. `resample` (r, during a
 * bootstrap) lets a statistic that several others read compute once per resample.
 */
export type WeightedStatistic = (weights: Uint32Array, resample?: number) => number;

/** Q(q) with linear interpolation between order statistics (numpy's default, "type 7"). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (h - lo) * (b - a);
}

/** [Q(α/2), Q(1−α/2)] of the values a statistic took, NaN ones already left out. */
export function percentileInterval(values: Float64Array, level: number): [number, number] {
  const alpha = 1 - level;
  // A typed array sorts numerically in native code: a comparator sort was a third of a cached
  // quick-start rerun's statistics. (It orders −0 before 0, which a quantile cannot tell apart.)
  const sorted = Float64Array.from(values).sort();
  return [quantile(sorted, alpha / 2), quantile(sorted, 1 - alpha / 2)];
}

/**
 * Percentile bootstrap intervals [Q(α/2), Q(1−α/2)] of several statistics over n clusters,
 * resampling whole clusters (prompts) with replacement; every statistic sees the same
 * resamples, drawn once (resample.ts: stream version 2), and on each they are evaluated in
 * order. Resamples where a statistic is undefined (NaN, e.g. a subset that drew no items) are
 * left out of its interval. Large jobs draw on worker threads; the intervals are the same, since
 * each value is kept at its resample's index. Same seed and inputs → same intervals.
 */
export function bootstrapIntervals(
  nClusters: number,
  statistics: readonly WeightedStatistic[],
  { samples, level, seed }: BootstrapOptions,
  workers = drawWorkers(nClusters, samples),
): [number, number][] {
  if (nClusters === 0) return statistics.map(() => [NaN, NaN]);
  const values = statistics.map(() => new Float64Array(samples));
  const evaluate = (weights: Uint32Array, r: number): void => {
    for (let m = 0; m < statistics.length; m++) values[m]![r] = statistics[m]!(weights, r);
  };
  if (workers > 0) drawResamplesParallel(nClusters, samples, seed, workers, evaluate);
  else drawResamples(nClusters, samples, seed, evaluate);
  return values.map((all) =>
    percentileInterval(
      all.filter((v) => !Number.isNaN(v)),
      level,
    ),
  );
}

/** `bootstrapIntervals` for one statistic. */
export function bootstrapInterval(nClusters: number, statistic: WeightedStatistic, options: BootstrapOptions): [number, number] {
  return bootstrapIntervals(nClusters, [statistic], options)[0]!;
}

/**
 * Whether Σ_k w_k·sums[k] is exact in doubles in any order, for integer weights summing to at
 * most `n`: every sums[k] a multiple of 2^-10 (accuracies, halves for ties) and n·max|sums[k]|
 * below 2^53, so every partial sum is a representable number. Then a loop may add in any order
 * (several accumulators) and still give the bits of the in-order sum.
 */
function exactSums(sums: Float64Array, n: number): boolean {
  let max = 0;
  for (let i = 0; i < sums.length; i++) {
    const a = sums[i]! * 1024;
    if (!Number.isInteger(a)) return false;
    max = Math.max(max, Math.abs(a));
  }
  return max * n < 2 ** 53;
}

/**
 * weightedMean's four-accumulator sum when every cluster has values: the same additions in the
 * same order without the index, whose gather (one per cluster) took about half of this loop's time
 * on its own and an eighth of it within a 100k-cluster row, after the draws have filled the caches.
 */
function denseMean(s4: Float64Array, c4: Float64Array): WeightedStatistic {
  const m = s4.length;
  return (w) => {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0; // prettier-ignore
    let i = 0;
    for (; i + 3 < m; i += 4) {
      const w0 = w[i]!, w1 = w[i + 1]!, w2 = w[i + 2]!, w3 = w[i + 3]!; // prettier-ignore
      s0 += w0 * s4[i]!;
      s1 += w1 * s4[i + 1]!;
      s2 += w2 * s4[i + 2]!;
      s3 += w3 * s4[i + 3]!; // prettier-ignore
      c0 += w0 * c4[i]!;
      c1 += w1 * c4[i + 1]!;
      c2 += w2 * c4[i + 2]!;
      c3 += w3 * c4[i + 3]!; // prettier-ignore
    }
    for (; i < m; i++) {
      const wk = w[i]!;
      s0 += wk * s4[i]!;
      c0 += wk * c4[i]!;
    }
    const c = c0 + c1 + (c2 + c3);
    return c === 0 ? NaN : (s0 + s1 + (s2 + s3)) / c;
  };
}

/**
 * The mean over items, weighted by cluster multiplicity: Σ_k w_k·sum_k / Σ_k w_k·count_k,
 * where sum_k and count_k are the total and number of item values in cluster k. Clusters with
 * no values are skipped, so a subset's mean costs its own clusters, not all of them.
 */
export function weightedMean(sums: Float64Array, counts: Uint32Array): WeightedStatistic {
  let m = 0;
  for (let k = 0; k < counts.length; k++) if (counts[k]! > 0) m++;
  const idx = new Uint32Array(m);
  const s = new Float64Array(m);
  const c = new Uint32Array(m);
  for (let k = 0, i = 0; k < counts.length; k++) {
    if (counts[k]! === 0) continue;
    idx[i] = k;
    s[i] = sums[k]!;
    c[i++] = counts[k]!;
  }
  return weightedMeanAt(idx, s, c, counts.length);
}

/**
 * `weightedMean` given only the clusters that have values: cluster idx[i] (ascending, of n) has
 * total sums[i] over counts[i] ≥ 1 values. What a subset's statistic keeps, whatever the suite's size.
 */
export function weightedMeanAt(idx: Uint32Array, sums: Float64Array, counts: Uint32Array, n: number): WeightedStatistic {
  const m = idx.length;
  if (exactSums(sums, n)) {
    // Four independent accumulators: a resample's mean costs a quarter of the dependent additions.
    const c4 = new Float64Array(m);
    for (let i = 0; i < m; i++) c4[i] = counts[i]!;
    if (m === n) return denseMean(sums, c4);
    return (w) => {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0; // prettier-ignore
      let i = 0;
      for (; i + 3 < m; i += 4) {
        const w0 = w[idx[i]!]!, w1 = w[idx[i + 1]!]!, w2 = w[idx[i + 2]!]!, w3 = w[idx[i + 3]!]!; // prettier-ignore
        s0 += w0 * sums[i]!;
        s1 += w1 * sums[i + 1]!;
        s2 += w2 * sums[i + 2]!;
        s3 += w3 * sums[i + 3]!; // prettier-ignore
        c0 += w0 * c4[i]!;
        c1 += w1 * c4[i + 1]!;
        c2 += w2 * c4[i + 2]!;
        c3 += w3 * c4[i + 3]!; // prettier-ignore
      }
      for (; i < m; i++) {
        const wk = w[idx[i]!]!;
        s0 += wk * sums[i]!;
        c0 += wk * c4[i]!;
      }
      const c = c0 + c1 + (c2 + c3);
      return c === 0 ? NaN : (s0 + s1 + (s2 + s3)) / c;
    };
  }
  // In cluster order, one accumulator: the bits of the plain sum. Every cluster present: no index.
  if (m === n)
    return (w) => {
      let s = 0;
      let c = 0;
      for (let k = 0; k < m; k++) {
        const wk = w[k]!;
        s += wk * sums[k]!;
        c += wk * counts[k]!;
      }
      return c === 0 ? NaN : s / c;
    };
  return (w) => {
    let s = 0;
    let c = 0;
    for (let i = 0; i < m; i++) {
      const wk = w[idx[i]!]!;
      s += wk * sums[i]!;
      c += wk * counts[i]!;
    }
    return c === 0 ? NaN : s / c;
  };
}

import { bootstrapIntervals, type WeightedStatistic } from './bootstrap.js';

export interface PairedBootstrapOptions {
  /** Number of resamples B. */
  samples: number;
  /** One-sided level α in (0, ½): the interval is [Q(α), Q(1−α)]. */
  alpha: number;
  seed: number;
}

export interface PairedBootstrapResult {
  /** Δ on the data as observed (every cluster weight 1). */
  delta: number;
  /** [Q(α), Q(1−α)] of the resampled Δ: each end is a one-sided bound at level 1−α. */
  interval: [number, number];
  /** Fraction of resamples with Δ ≥ 0 (a one-sided p-value for "the candidate is worse", when higher is better). */
  nonNegative: number;
  /** Fraction of resamples with Δ ≤ 0 (the mirror, for lower-is-better metrics). */
  nonPositive: number;
  /** Resamples on which Δ was defined (a resample can draw none of a subset's clusters). */
  samples: number;
}

/** Δ(w) = T_cand(w) − T_base(w) on the same cluster resample w; returns Δ(1), [Q(α), Q(1−α)] of Δ(w*), #{Δ(w*) ≥ 0}/B and #{Δ(w*) ≤ 0}/B. */
export function pairedBootstrap(
  nClusters: number,
  candidate: WeightedStatistic,
  baseline: WeightedStatistic,
  { samples, alpha, seed }: PairedBootstrapOptions,
): PairedBootstrapResult {
  const deltas: number[] = [];
  // bootstrapIntervals owns the resampling; the statistic also records each Δ so the fractions
  // come from the very resamples the interval does. A two-sided level of 1 − 2α puts its ends at Q(α) and Q(1−α).
  const delta: WeightedStatistic = (w) => {
    const d = candidate(w) - baseline(w);
    if (!Number.isNaN(d)) deltas.push(d);
    return d;
  };
  const [interval] = bootstrapIntervals(nClusters, [delta], { samples, level: 1 - 2 * alpha, seed });
  const ones = new Uint32Array(nClusters).fill(1);
  const observed = nClusters === 0 ? NaN : candidate(ones) - baseline(ones);
  const kept = deltas.length;
  const count = (keep: (d: number) => boolean): number => (kept === 0 ? NaN : deltas.filter(keep).length / kept);
  return { delta: observed, interval: interval!, nonNegative: count((d) => d >= 0), nonPositive: count((d) => d <= 0), samples: kept };
}

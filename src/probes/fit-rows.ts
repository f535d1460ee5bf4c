import { deriveSeed } from '../core/random.js';
import type { ResultRow } from '../core/run-schema.js';
import { bootstrapIntervals, weightedMean, type WeightedStatistic } from '../metrics/bootstrap.js';
import type { GaoFit } from '../metrics/gao-fit.js';

/**
 * Gao et al.'s fit to a probe's mean gold curve, as result rows with bootstrap intervals over
 * prompt clusters: every resample refits the curve from its own means (of gold and, where the
 * distance varies by prompt, of KL), so the intervals carry the prompts' sampling noise. Rows
 * `fit_alpha`, `fit_beta`, `peak_d`, `peak_gain` (the fitted gain there; with `prefix`), on subset `all`. A curve
 * that never turns down, or turns down only beyond the largest d measured, has no peak row and a
 * warning says which; the peak's interval is over the resamples whose peak lies in range.
 */
export interface CurveFit {
  model: string;
  suite: string;
  /** Metric id prefix (`heldout_` for the PPO probe's held-out prompts). */
  prefix: string;
  /** Cluster of each prompt. */
  clusters: readonly string[];
  /** gold[prompt][point]: the prompt's gold at each point of the curve. */
  gold: readonly (readonly number[])[];
  /** d at each point when fixed (Best-of-n), or kl[prompt][point] to average and take √ of. */
  d: readonly number[] | { kl: readonly (readonly number[])[] };
  fit: (d: readonly number[], gains: readonly number[]) => GaoFit;
  seed: number;
  bootstrap: { samples: number; level: number };
}

/** Means over prompts, per point, as functions of cluster weights. */
function pointMeans(clusters: readonly string[], values: readonly (readonly number[])[], index: Map<string, number>): WeightedStatistic[] {
  const points = values[0]?.length ?? 0;
  return Array.from({ length: points }, (_, j) => {
    const sums = new Float64Array(index.size);
    const counts = new Uint32Array(index.size);
    values.forEach((row, i) => {
      const k = index.get(clusters[i]!)!;
      sums[k]! += row[j]!;
      counts[k]!++;
    });
    return weightedMean(sums, counts);
  });
}

export function curveFitRows(c: CurveFit, warnings: string[]): ResultRow[] {
  const distinct = [...new Set(c.clusters)].sort();
  if (distinct.length === 0) return [];
  const index = new Map(distinct.map((k, i) => [k, i]));
  const gold = pointMeans(c.clusters, c.gold, index);
  const kl = Array.isArray(c.d) ? undefined : pointMeans(c.clusters, (c.d as { kl: readonly (readonly number[])[] }).kl, index);
  const fixed = Array.isArray(c.d) ? (c.d as readonly number[]) : undefined;
  const fitAt = (w: Uint32Array): GaoFit => {
    const curve = gold.map((m) => m(w));
    const d = fixed ?? kl!.map((m) => Math.sqrt(Math.max(0, m(w))));
    return c.fit(
      d,
      curve.map((g) => g - curve[0]!),
    );
  };
  // A peak beyond the largest d measured is an extrapolation of the fitted form, not an observation
  // (for the RL form d* = e^(α/β − 1) it runs off to 1e12 as β → 0): it counts as no peak.
  const maxD = (w: Uint32Array): number => (fixed ? Math.max(...fixed) : Math.max(...kl!.map((m) => Math.sqrt(Math.max(0, m(w))))));
  // bootstrapIntervals evaluates its statistics in order on each resample: the first fits, the others read that fit.
  let last: GaoFit;
  let inRange = false;
  const stats: Record<string, WeightedStatistic> = {
    fit_alpha: (w) => {
      last = fitAt(w);
      inRange = Number.isFinite(last.peakD) && last.peakD <= maxD(w);
      return last.alpha;
    },
    fit_beta: () => last.beta,
    peak_d: () => (inRange ? last.peakD : NaN),
    peak_gain: () => (inRange ? last.peakGold : NaN),
  };
  const cis = bootstrapIntervals(distinct.length, Object.values(stats), { ...c.bootstrap, seed: deriveSeed(c.seed, c.suite, `${c.prefix}fit`) });
  const ones = new Uint32Array(distinct.length).fill(1);
  const rows: ResultRow[] = [];
  Object.entries(stats).forEach(([metric, f], i) => {
    const value = f(ones);
    if (Number.isNaN(value)) {
      const curve = `the fitted ${c.prefix === '' ? '' : `${c.prefix.replace(/_$/, '')} `}gold curve`;
      if (metric === 'peak_d') {
        warnings.push(
          Number.isFinite(last.peakD)
            ? `${c.model}: ${curve} peaks at d = ${last.peakD.toPrecision(3)}, beyond the largest d measured (${maxD(ones).toPrecision(3)}): an extrapolation, not reported`
            : `${c.model}: ${curve} never turns down (β ≤ 0), so it has no peak`,
        );
      }
      return;
    }
    rows.push({
      model: c.model,
      suite: c.suite,
      subset: 'all',
      metric: `${c.prefix}${metric}`,
      value,
      ci: cis[i]!,
      n: c.gold.length,
      higherIsBetter: metric !== 'fit_beta',
    });
  });
  return rows;
}

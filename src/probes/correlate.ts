import { UsageError } from '../core/errors.js';
import { deriveSeed } from '../core/random.js';
import type { MetricEntry, ModelEntry, ResultRow } from '../core/run-schema.js';
import { bootstrapIntervals } from '../metrics/bootstrap.js';
import { kendallTauB, ndcg, pearson, rbo, spearman } from '../metrics/rank-correlation.js';
import { collectModels, findRow, versusRandom, type MetricKey, type SourceRun, type VersusRandom } from './correlate-input.js';

/**
 * Does a benchmark predict the outcome of optimizing against the RM? Across the models of the
 * source runs, each benchmark metric is correlated with the outcome metric: five coefficients,
 * a percentile bootstrap over models, and leave-one-model-out ranges. Rows use suite
 * `correlation`, subset = the benchmark key (or the outcome key for the outcome's own rows).
 */

export const COEFFICIENTS = ['pearson', 'spearman', 'kendall_tau_b', 'ndcg', 'rbo'] as const;
export type Coefficient = (typeof COEFFICIENTS)[number];

export interface CorrelateOptions {
  seed: number;
  samples: number;
  level: number;
  rboP: number;
  includeBaselines?: boolean;
}

export interface CoefficientSummary {
  value: number;
  ci: [number, number];
  looMin: number;
  looMax: number;
  /** Models without which the coefficient is undefined (the others tie): it rests on them. */
  restsOn: string[];
}

export interface BenchmarkSummary {
  key: string;
  models: string[];
  coefficients: Record<Coefficient, CoefficientSummary>;
}

export interface Correlation {
  models: ModelEntry[];
  results: ResultRow[];
  warnings: string[];
  benchmarks: BenchmarkSummary[];
  /** Baseline models left out (without includeBaselines). */
  excluded: string[];
  /** The models' outcomes beside a random pick's, where the outcome's runs have one (best-of-n). */
  random?: VersusRandom;
}

const CI_NOTE = 'CI: percentile bootstrap resampling models with replacement (the clusters here are models)';

export function correlationMetrics(rboP: number): MetricEntry[] {
  const coefficient: Record<Coefficient, string> = {
    pearson: 'Pearson r = Σ(x−x̄)(y−ȳ)/√(Σ(x−x̄)²Σ(y−ȳ)²) of benchmark x and outcome y over models',
    spearman: 'Spearman ρ = Pearson r of average ranks (ties get their mean rank)',
    kendall_tau_b: 'Kendall τ_b = (C − D)/√((n0 − n1)(n0 − n2)) over model pairs (scipy variant b)',
    ndcg: 'NDCG = DCG/IDCG of models ranked by benchmark, relevance = outcome min-max scaled; ties get their group mean relevance',
    rbo: `RBO_ext (Webber et al. 2010, p = ${rboP}) of the benchmark and outcome rankings; ties broken uniformly at random, exact expectation`,
  };
  return [
    ...COEFFICIENTS.flatMap((c): MetricEntry[] => [
      { id: c, description: `${coefficient[c]}; ${CI_NOTE}`, higherIsBetter: true },
      { id: `${c}_loo_min`, description: `min over models m of ${c} without m (ci: the [min, max] range)`, higherIsBetter: true },
      { id: `${c}_loo_max`, description: `max over models m of ${c} without m (ci: the [min, max] range)`, higherIsBetter: true },
      { id: `${c}_without`, description: `${c} with this model left out (n = models − 1)`, higherIsBetter: true },
    ]),
    { id: 'benchmark', description: "the model's benchmark value, ci and n as in its source run", higherIsBetter: true },
    { id: 'outcome', description: "the model's outcome value, ci and n as in its source run", higherIsBetter: true },
  ];
}

type Fn = (x: readonly number[], y: readonly number[]) => number;

/** Metrics where lower is better are negated, so +1 always means "better on the benchmark, better outcome". */
const oriented = (row: ResultRow): number => (row.higherIsBetter ? row.value : -row.value);

const finite = (xs: readonly number[]): number[] => xs.filter((v) => !Number.isNaN(v));

/** One benchmark against the outcome over the given models (their rows in the same order). */
function correlateOne(
  key: MetricKey,
  ids: string[],
  bench: ResultRow[],
  out: ResultRow[],
  fns: Record<Coefficient, Fn>,
  o: CorrelateOptions,
  warnings: string[],
) {
  const x = bench.map(oriented);
  const y = out.map(oriented);
  const n = ids.length;
  const resampled = (f: Fn) => (w: Uint32Array) => {
    const xs: number[] = [];
    const ys: number[] = [];
    w.forEach((count, k) => {
      for (let c = 0; c < count; c++) {
        xs.push(x[k]!);
        ys.push(y[k]!);
      }
    });
    return f(xs, ys);
  };
  const cis = bootstrapIntervals(
    n,
    COEFFICIENTS.map((c) => resampled(fns[c])),
    { samples: o.samples, level: o.level, seed: deriveSeed(o.seed, 'correlate', key.text) },
  );
  const without = (i: number) => [x.filter((_, k) => k !== i), y.filter((_, k) => k !== i)] as const;
  const rows: ResultRow[] = [];
  const row = (model: string, metric: string, value: number, ci: [number, number], count: number, higherIsBetter = true): void =>
    void rows.push({ model, suite: 'correlation', subset: key.text, metric, value, ci, n: count, higherIsBetter });
  const coefficients = {} as Record<Coefficient, CoefficientSummary>;
  COEFFICIENTS.forEach((c, j) => {
    const value = fns[c](x, y);
    const loo = ids.map((_, i) => fns[c](...without(i)));
    const kept = finite(loo);
    const [looMin, looMax] = kept.length ? [Math.min(...kept), Math.max(...kept)] : [NaN, NaN];
    const restsOn = Number.isNaN(value) ? [] : ids.filter((_, i) => Number.isNaN(loo[i]!));
    if (restsOn.length)
      warnings.push(
        `${key.text}: ${c} is undefined without ${restsOn.join(', ')} (the other models tie), so it rests on ${restsOn.length === 1 ? 'that model' : 'those models'} alone`,
      );
    let ci = cis[j]!;
    coefficients[c] = { value, ci, looMin, looMax, restsOn };
    if (Number.isNaN(value)) return void warnings.push(`${key.text}: ${c} is undefined over these ${n} models (a constant benchmark or outcome); no row`);
    if (Number.isNaN(ci[0]) || Number.isNaN(ci[1])) {
      warnings.push(`${key.text}: every bootstrap resample left ${c} undefined; its ci is the point value`);
      ci = coefficients[c].ci = [value, value];
    }
    row('*', c, value, ci, n);
    if (kept.length) {
      row('*', `${c}_loo_min`, looMin, [looMin, looMax], n);
      row('*', `${c}_loo_max`, looMax, [looMin, looMax], n);
    }
    loo.forEach((v, i) => {
      if (!Number.isNaN(v)) row(ids[i]!, `${c}_without`, v, [v, v], n - 1);
    });
  });
  bench.forEach((b, i) => row(ids[i]!, 'benchmark', b.value, b.ci, b.n, b.higherIsBetter));
  return { rows, summary: { key: key.text, models: ids, coefficients } };
}

/**
 * Correlate every benchmark key with the outcome key across the models of `runs`, matched by
 * model id. A model counts for a benchmark when it has a row for both keys; fewer than 3 such
 * models is a usage error (exit 2), since a correlation over 2 points is ±1 whatever they are.
 */
export function correlate(runs: readonly SourceRun[], benchmarks: readonly MetricKey[], outcome: MetricKey, o: CorrelateOptions): Correlation {
  const warnings: string[] = [];
  const all = collectModels(runs, warnings);
  const excluded = [...all.values()].filter((m) => m.entry.baseline && !o.includeBaselines).map((m) => m.entry.id);
  const ids = [...all.keys()].filter((id) => !excluded.includes(id));
  const fns: Record<Coefficient, Fn> = { pearson, spearman, kendall_tau_b: kendallTauB, ndcg, rbo: (x, y) => rbo(x, y, o.rboP) };

  const outcomes = new Map<string, ResultRow>();
  for (const id of ids) {
    const r = findRow(runs, id, outcome, warnings);
    if (r) outcomes.set(id, r);
    else warnings.push(`model ${id} has no ${outcome.text} (the outcome); left out`);
  }
  const results: ResultRow[] = [];
  const summaries: BenchmarkSummary[] = [];
  const used = new Set<string>();
  for (const key of benchmarks) {
    const have: string[] = [];
    const bench: ResultRow[] = [];
    for (const id of ids.filter((m) => outcomes.has(m))) {
      const r = findRow(runs, id, key, warnings);
      if (r) {
        have.push(id);
        bench.push(r);
      } else warnings.push(`model ${id} has no ${key.text}; left out of that benchmark`);
    }
    if (have.length < 3) {
      throw new UsageError(
        `correlating ${key.text} with ${outcome.text} needs at least 3 models with both values, got ${have.length}${have.length ? ` (${have.join(', ')})` : ''}` +
          (excluded.length && !o.includeBaselines ? `; baseline models ${excluded.join(', ')} were left out (--include-baselines keeps them)` : ''),
      );
    }
    const one = correlateOne(
      key,
      have,
      bench,
      have.map((m) => outcomes.get(m)!),
      fns,
      o,
      warnings,
    );
    results.push(...one.rows);
    summaries.push(one.summary);
    have.forEach((m) => used.add(m));
  }
  for (const id of ids.filter((m) => used.has(m))) {
    const r = outcomes.get(id)!;
    results.push({
      model: id,
      suite: 'correlation',
      subset: outcome.text,
      metric: 'outcome',
      value: r.value,
      ci: r.ci,
      n: r.n,
      higherIsBetter: r.higherIsBetter,
    });
  }
  const models = ids.filter((m) => used.has(m)).map((m) => all.get(m)!.entry);
  const random = versusRandom(runs, new Map([...outcomes].filter(([id]) => used.has(id))), outcome);
  return { models, results, warnings: [...new Set(warnings)], benchmarks: summaries, excluded, ...(random && { random }) };
}

/**
 * The best predictor: among the benchmarks whose Kendall τ_b interval lies above 0 (it is
 * distinguishable from no relation), the one with the highest τ_b; undefined when there is none,
 * for a highest τ_b whose interval includes 0 could be noise. One whose τ_b is undefined without
 * some model (the rest tie) rests on that model alone, so it is chosen only when every
 * candidate does.
 */
export function bestPredictor(benchmarks: readonly BenchmarkSummary[]): BenchmarkSummary | undefined {
  return highestTau(benchmarks.filter((b) => b.coefficients.kendall_tau_b.ci[0] > 0));
}

/** The benchmark with the highest defined Kendall τ_b, robust ones first (see bestPredictor), whatever its interval. */
export function highestTau(benchmarks: readonly BenchmarkSummary[]): BenchmarkSummary | undefined {
  const defined = benchmarks.filter((b) => !Number.isNaN(b.coefficients.kendall_tau_b.value));
  const robust = defined.filter((b) => b.coefficients.kendall_tau_b.restsOn.length === 0);
  return (robust.length ? robust : defined).reduce<BenchmarkSummary | undefined>(
    (best, b) => (!best || b.coefficients.kendall_tau_b.value > best.coefficients.kendall_tau_b.value ? b : best),
    undefined,
  );
}

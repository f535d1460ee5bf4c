import { deriveSeed } from '../core/random.js';
import type { MetricEntry, ResultRow, RunFile } from '../core/run-schema.js';
import type { ScoreLine } from '../core/score-line.js';
import { pairedBootstrap } from '../metrics/paired-bootstrap.js';
import type { ScoredItem } from '../core/scored-table.js';
import { metricKeys, pairedStatistics } from '../metrics/statistic-plan.js';

/**
 * Neighbours on a leaderboard: is each model's lead over the next one below real? Models are
 * ranked by a suite's primary metric on the whole suite; each adjacent pair is compared by a
 * paired cluster bootstrap over the prompts both scored (metrics/paired-bootstrap.ts), the same
 * resample for both, so the interval of Δ is much narrower than the two CIs side by side.
 */

export interface NeighbourComparison {
  upper: ResultRow;
  lower: ResultRow;
  /** Δ = upper − lower in the metric's better direction (≥ 0 on the observed data). */
  delta: number;
  interval: [number, number];
  /** Fraction of resamples where the upper model is not ahead: a one-sided p-value for its lead. */
  notAhead: number;
  /** Prompts (items) both models scored. */
  n: number;
}

const byItem = (lines: readonly ScoreLine[], model: string, suite: string): Map<string, ScoredItem> =>
  new Map(
    lines
      .filter((l) => l.model === model && l.suite === suite)
      .map((l) => [l.item, { id: l.item, cluster: l.cluster ?? l.item, subset: l.subset, facets: l.facets, values: l.values }]),
  );

/** The board of `suite` by its primary metric (baselines left out), each model against the next below. */
export function neighbours(run: RunFile, lines: readonly ScoreLine[], suite: string): NeighbourComparison[] {
  const entry = run.suites.find((s) => s.id === suite);
  if (!entry) return [];
  const metric = entry.primaryMetric;
  const baseline = new Set(run.models.filter((m) => m.baseline).map((m) => m.id));
  const rows = run.results.filter((r) => r.suite === suite && r.subset === 'all' && r.metric === metric && !baseline.has(r.model));
  const sign = rows[0]?.higherIsBetter === false ? -1 : 1;
  rows.sort((a, b) => sign * (b.value - a.value) || (a.model < b.model ? -1 : 1));
  const defs = new Map((entry.metrics ?? []).map((m) => [m.id, m]));
  const def: Pick<MetricEntry, 'id' | 'reduce' | 'of' | 'parts' | 'normalize' | 'statistic'> = defs.get(metric) ?? { id: metric };
  const keys = metricKeys(def, defs);
  const { samples, level } = run.statistics.bootstrap;
  const out: NeighbourComparison[] = [];
  for (let k = 0; k + 1 < rows.length; k++) {
    const [upper, lower] = [rows[k]!, rows[k + 1]!];
    const [a, b] = [byItem(lines, upper.model, suite), byItem(lines, lower.model, suite)];
    const has = (it: ScoredItem): boolean => keys.some((key) => it.values[key] !== undefined);
    const pairs = [...a.entries()].filter(([id, it]) => b.has(id) && has(it) && has(b.get(id)!)).map(([id, it]): [ScoredItem, ScoredItem] => [it, b.get(id)!]);
    if (pairs.length === 0) continue;
    const { clusters, first: up, second: down } = pairedStatistics(pairs, def, defs);
    const seed = deriveSeed(run.seed, 'neighbours', suite, upper.model, lower.model);
    const r = pairedBootstrap(
      clusters,
      (w) => sign * up(w),
      (w) => sign * down(w),
      { samples, alpha: (1 - level) / 2, seed },
    );
    out.push({ upper, lower, delta: r.delta, interval: r.interval, notAhead: r.nonPositive, n: pairs.length });
  }
  return out;
}

import type { Ties } from '../core/degenerate.js';
import type { ScoredTable } from '../core/scored-table.js';
import type { WeightedStatistic } from './bootstrap.js';
import { bestThresholdStatistic, stepAucStatistic, type LabeledSteps } from './first-error.js';
import type { Rows, Scope } from './scope.js';

/**
 * Statistics that are not a mean of per-item values (`reduce: 'pooled'`): they pool every item's
 * series first (an AUC over all labelled steps, a threshold swept over all scores), so a bootstrap
 * resample re-pools the drawn clusters' items.
 */

export interface PooledPlan {
  f: WeightedStatistic;
  /** The rows it read (for n). */
  read: Rows;
  /** Comparisons behind it and how many tied (core/degenerate.ts reads them). */
  ties: Ties;
}

/** The per-item value (the first wrong step, −1 for none) and series (the labelled steps' scores) of ProcessBench's statistics. */
export const LABEL_VALUE = 'first_error_label';
export const STEPS_SERIES = 'labeled_steps';

/** The per-item value (1 correct, 0 wrong) and series ([score]) of a verified response, for response_auc. */
export const RESPONSE_LABEL = 'response_label';
export const RESPONSE_SCORE = 'response_score';

type Want = 'auc' | 'threshold' | 'f1';

/** The rows with both the value and the series a pooled statistic reads. */
function withData(table: ScoredTable, rows: Rows, value: string, series: string): Rows {
  const has = table.column(value)?.has;
  if (has === undefined) return new Uint32Array(0);
  return rows.filter((r) => has[r] === 1 && table.series(r, series) !== undefined);
}

/**
 * AUC of responses' scores against their labels. Each response is a one-step sample whose only
 * step is its "first error" when it is wrong, so the step AUC (wrong steps below correct ones) is
 * P(s_correct > s_wrong) + ½·P(tie): threshold-free, and for 0/1 scores the balanced accuracy.
 */
function responsePlan({ table, cluster: clusterOf }: Scope, rows: Rows): PooledPlan | undefined {
  const read = withData(table, rows, RESPONSE_LABEL, RESPONSE_SCORE);
  if (read.length === 0) return undefined;
  const auc = stepAucStatistic(Array.from(read, (r) => ({ steps: table.series(r, RESPONSE_SCORE)!, label: table.value(r, RESPONSE_LABEL) === 1 ? -1 : 0 })));
  const cluster = read.map((r) => clusterOf[r]!);
  const weights = new Float64Array(read.length);
  const f: WeightedStatistic = (w) => {
    for (let i = 0; i < cluster.length; i++) weights[i] = w[cluster[i]!]!;
    return auc(weights).auc;
  };
  const { pairs, tiedPairs } = auc(new Float64Array(read.length).fill(1));
  return { f, read, ties: { tied: tiedPairs, items: pairs } };
}

function labeledPlan({ table, cluster: clusterOf }: Scope, rows: Rows, pick: Want): PooledPlan | undefined {
  const read = withData(table, rows, LABEL_VALUE, STEPS_SERIES);
  if (read.length === 0) return undefined;
  const samples: LabeledSteps[] = Array.from(read, (r) => ({ steps: table.series(r, STEPS_SERIES)!, label: table.value(r, LABEL_VALUE)! }));
  const auc = stepAucStatistic(samples);
  const best = pick === 'auc' ? undefined : bestThresholdStatistic(samples);
  const cluster = read.map((r) => clusterOf[r]!);
  const weights = new Float64Array(read.length);
  const f: WeightedStatistic = (w) => {
    for (let i = 0; i < cluster.length; i++) weights[i] = w[cluster[i]!]!;
    if (best === undefined) return auc(weights).auc;
    const b = best(weights);
    return pick === 'threshold' ? b.threshold : b.f1;
  };
  // Ties between scored steps make both the AUC (½ each) and the threshold sweep (no cut between them) say little.
  const ones = new Float64Array(read.length).fill(1);
  const { pairs, tiedPairs } = auc(ones);
  return { f, read, ties: { tied: tiedPairs, items: pairs } };
}

/** Pooled statistic id → its plan over items (undefined when no item has its data). */
export const pooledStatistics = {
  /** AUC of labelled step scores: correct-prefix steps above first-error steps */
  step_auc: (scope, rows) => labeledPlan(scope, rows, 'auc'),
  /** The smallest labelled step score maximising F1 when steps below it are flagged */
  best_threshold: (scope, rows) => labeledPlan(scope, rows, 'threshold'),
  /** F1 at best_threshold */
  best_threshold_f1: (scope, rows) => labeledPlan(scope, rows, 'f1'),
  /** AUC of response scores: P(s_correct > s_wrong) + ½·P(s_correct = s_wrong) over (correct, wrong) pairs */
  response_auc: (scope, rows) => responsePlan(scope, rows),
} satisfies Record<string, (scope: Scope, rows: Rows) => PooledPlan | undefined>;

export type PooledStatisticId = keyof typeof pooledStatistics;

type PooledDef = { id: string; statistic?: string | undefined };

/** A pooled metric's statistic; an unknown id is a suite's bug, named. */
function statisticOf(def: PooledDef): PooledStatisticId {
  if (def.statistic === undefined || !Object.hasOwn(pooledStatistics, def.statistic))
    throw new Error(`metric "${def.id}": unknown pooled statistic "${def.statistic}"`);
  return def.statistic as PooledStatisticId;
}

/** The per-item value that marks the items a pooled metric reads (the gate pairs items by it). */
export const pooledKey = (def: PooledDef): string => pooledReads[statisticOf(def)];

const pooledReads: Record<PooledStatisticId, string> = {
  step_auc: LABEL_VALUE,
  best_threshold: LABEL_VALUE,
  best_threshold_f1: LABEL_VALUE,
  response_auc: RESPONSE_LABEL,
};

/** The metric as a function of cluster weights, or undefined when it is undefined on the data itself (a class with no items): no row, and the suite says why. */
export function pooledPlan(def: PooledDef, scope: Scope, rows: Rows): { f: WeightedStatistic; read: Rows } | undefined {
  const p = pooledStatistics[statisticOf(def)](scope, rows);
  if (p === undefined || Number.isNaN(p.f(new Uint32Array(scope.clusters).fill(1)))) return undefined;
  return { f: p.f, read: p.read };
}

/** A pooled metric's comparisons cross items (step pairs), so it counts its own ties. */
export function pooledTies(def: PooledDef, table: ScoredTable, rows: Rows): Ties {
  const oneCluster = { table, cluster: new Uint32Array(table.size), clusters: 1 };
  return pooledStatistics[statisticOf(def)](oneCluster, rows)?.ties ?? { tied: 0, items: 0 };
}

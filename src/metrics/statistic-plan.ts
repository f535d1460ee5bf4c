import { ScoredTable, type ScoredItem } from '../core/scored-table.js';
import type { MetricDef } from '../core/suite.js';
import { weightedMean, weightedMeanAt, type WeightedStatistic } from './bootstrap.js';
import { harmonicMean } from './first-error.js';
import { pooledKey, pooledPlan } from './pooled.js';
import { filterRows, groupRows, scopeOf, type Rows, type Scope } from './scope.js';

/** What a metric needs of its definition; `combine` parts are looked up in the suite's metrics. */
export type MetricShape = Pick<MetricDef, 'id' | 'reduce' | 'of' | 'parts' | 'normalize' | 'tiedBy' | 'statistic'>;
export type Defs = ReadonlyMap<string, MetricShape>;

export const MAX_DEPTH = 8;
export const partDef = (defs: Defs, metric: string): MetricShape => defs.get(metric) ?? { id: metric };
export const nestedTooDeep = (def: MetricShape): Error => new Error(`metric "${def.id}": combine parts nest too deep (a cycle?)`);
export const hasParts = (def: MetricShape): boolean => def.reduce === 'combine' || def.reduce === 'harmonic';

/**
 * How a plan gets its means: `leaf` is the weighted mean of one value over a list of rows, and
 * `subsetItems` the caller's own list for subset s when it has it. resultRows shares one leaf per
 * (list, value), computed once per resample, so a macro's subset means are its subset rows' ones.
 */
export interface PlanContext {
  leaf(rows: Rows, key: string): WeightedStatistic;
  subsetItems(subset: string, rows: Rows): Rows;
}

/**
 * The weighted mean of one per-item value over `rows`. Rows sorted by cluster (as resultRows
 * keeps them) are totalled run by run into arrays of the clusters present; other orders go
 * through arrays of every cluster (weightedMean). Either way each cluster's values are added in
 * row order, so the totals have the same bits.
 */
function meanOf(scope: Scope, rows: Rows, key: string): WeightedStatistic {
  const col = scope.table.column(key);
  const idx = new Uint32Array(rows.length);
  const sums = new Float64Array(rows.length);
  const counts = new Uint32Array(rows.length);
  let m = 0;
  let k = -1;
  if (col !== undefined) {
    const { values, has } = col;
    for (const r of rows) {
      if (has[r] !== 1) continue;
      const c = scope.cluster[r]!;
      if (c !== k) {
        if (c < k) return unorderedMean(scope, rows, key);
        k = c;
        idx[m] = k;
        sums[m++] = 0;
      }
      sums[m - 1] = sums[m - 1]! + values[r]!;
      counts[m - 1]!++;
    }
  }
  return weightedMeanAt(idx.subarray(0, m), sums.subarray(0, m), counts.subarray(0, m), scope.clusters);
}

function unorderedMean(scope: Scope, rows: Rows, key: string): WeightedStatistic {
  const sums = new Float64Array(scope.clusters);
  const counts = new Uint32Array(scope.clusters);
  const { values, has } = scope.table.column(key)!;
  for (const r of rows) {
    if (has[r] !== 1) continue;
    const k = scope.cluster[r]!;
    sums[k] = sums[k]! + values[r]!;
    counts[k]!++;
  }
  return weightedMean(sums, counts);
}

/** The plain context: every leaf computed on its own. */
export function plainContext(scope: Scope): PlanContext {
  return { leaf: (rows, key) => meanOf(scope, rows, key), subsetItems: (_s, rows) => rows };
}

const subsetOf = (scope: Scope) => (r: number) => scope.table.subset(r) ?? 'all';

function macroStatistic(scope: Scope, rows: Rows, ctx: PlanContext, key: string): WeightedStatistic {
  const bySubset = groupRows(rows, subsetOf(scope));
  const parts = [...bySubset.keys()].sort().map((s) => ctx.leaf(ctx.subsetItems(s, bySubset.get(s)!), key));
  return (w, r) => parts.reduce((acc, f) => acc + f(w, r), 0) / parts.length;
}

/** The per-item value keys a metric reads (a `combine` metric: those of all its parts). */
export function metricKeys(def: MetricShape, defs: Defs = new Map(), depth = 0): string[] {
  if (def.reduce === 'pooled') return [pooledKey(def)];
  if (!hasParts(def)) return [def.of ?? def.id];
  if (depth > MAX_DEPTH) throw nestedTooDeep(def);
  return [...new Set((def.parts ?? []).flatMap((p) => metricKeys(partDef(defs, p.metric), defs, depth + 1)))];
}

/**
 * The metric as a function of cluster weights, with the rows it reads (for n); undefined when it
 * has no data on `rows`. A `combine` metric is Σ weight·part over the parts with data, each part
 * on its subset; a part undefined on a resample (its subset drew no cluster) drops out of that
 * resample as it would from the data, or, without `normalize`, makes the resample undefined.
 */
export function planStatistic(
  scope: Scope,
  rows: Rows,
  def: MetricShape,
  defs: Defs,
  ctx: PlanContext = plainContext(scope),
  depth = 0,
): { f: WeightedStatistic; read: Rows } | undefined {
  if (def.reduce === 'pooled') return pooledPlan(def, scope, rows);
  if (!hasParts(def)) {
    const key = def.of ?? def.id;
    const has = scope.table.column(key)?.has;
    if (has === undefined) return undefined;
    const read = filterRows(rows, (r) => has[r] === 1);
    return read.length === 0 ? undefined : { f: leafStatistic(scope, rows, ctx, def, key), read };
  }
  if (depth > MAX_DEPTH) throw nestedTooDeep(def);
  const parts: { weight: number; f: WeightedStatistic }[] = [];
  const read = new Uint8Array(scope.table.size);
  for (const p of def.parts ?? []) {
    const part = p.subset === undefined ? rows : filterRows(rows, (r) => scope.table.subset(r) === p.subset);
    const planned = planStatistic(scope, part, partDef(defs, p.metric), defs, ctx, depth + 1);
    if (!planned && def.reduce === 'harmonic') return undefined;
    if (!planned) continue;
    parts.push({ weight: p.weight, f: planned.f });
    for (const r of planned.read) read[r] = 1;
  }
  if (parts.length === 0) return undefined;
  const readRows = filterRows(rows, (r) => read[r] === 1);
  if (def.reduce === 'harmonic') {
    const weights = parts.map((p) => p.weight);
    return { f: (w, r) => harmonicMean(
          parts.map((p) => p.f(w, r)),
          weights,
        ), read: readRows }; // prettier-ignore
  }
  const normalize = def.normalize !== false;
  const f: WeightedStatistic = (w, r) => {
    let s = 0;
    let total = 0;
    for (const { weight, f } of parts) {
      const v = f(w, r);
      if (Number.isNaN(v)) {
        if (!normalize) return NaN;
        continue;
      }
      s += weight * v;
      total += weight;
    }
    return total === 0 ? NaN : normalize ? s / total : s;
  };
  return { f, read: readRows };
}

/** A mean-type metric: the mean, for `reduce: 'macro'` the mean of subset means, for `reduce: 'abs'` the absolute value of the mean. */
function leafStatistic(scope: Scope, rows: Rows, ctx: PlanContext, def: MetricShape, key: string): WeightedStatistic {
  if (def.reduce === 'macro') return macroStatistic(scope, rows, ctx, key);
  const mean = ctx.leaf(rows, key);
  return def.reduce === 'abs' ? (w, r) => Math.abs(mean(w, r)) : mean;
}

/**
 * A metric over `rows` as a function of cluster weights, reading each row's value `key`: the
 * mean, for `reduce: 'macro'` the mean of subset means, for `reduce: 'abs'` the absolute value of
 * the mean; `combine` metrics resolve their parts in `defs` (the suite's metrics) and are NaN
 * everywhere when no part has data.
 */
export function metricStatistic(scope: Scope, rows: Rows, def: MetricShape, key = def.of ?? def.id, defs: Defs = new Map()): WeightedStatistic {
  if (hasParts(def) || def.reduce === 'pooled') return planStatistic(scope, rows, def, defs)?.f ?? (() => NaN);
  return leafStatistic(scope, rows, plainContext(scope), def, key);
}

/**
 * One metric for two models over the same items, as a paired bootstrap needs it: each pair's
 * second item takes the first's cluster, so both sides resample together, and pairs are summed
 * in (cluster, id) order, so identical runs give Δ = 0 exactly whatever the files' line order.
 */
export function pairedStatistics(
  pairs: readonly (readonly [ScoredItem, ScoredItem])[],
  def: MetricShape,
  defs: Defs,
): { clusters: number; first: WeightedStatistic; second: WeightedStatistic } {
  const sorted = pairs
    .map(([a, b]): [ScoredItem, ScoredItem] => [a, { ...b, cluster: a.cluster }])
    .sort(([x], [y]) => (x.cluster < y.cluster ? -1 : x.cluster > y.cluster ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const index = new Map([...new Set(sorted.map(([a]) => a.cluster))].sort().map((c, k) => [c, k]));
  const side = (k: 0 | 1): WeightedStatistic => {
    const { scope, rows } = scopeOf(ScoredTable.from(sorted.map((p) => p[k])), index);
    return metricStatistic(scope, rows, def, def.of ?? def.id, defs);
  };
  return { clusters: index.size, first: side(0), second: side(1) };
}

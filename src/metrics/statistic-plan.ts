import type { MetricDef } from '../core/suite.js';
import { weightedMean, weightedMeanAt, type WeightedStatistic } from './bootstrap.js';
import { harmonicMean } from './first-error.js';
import { pooledKey, pooledPlan } from './pooled.js';

/** What a statistic reads of an item (results.ts's ScoredItem has it). */
export interface PlanItem {
  cluster: string;
  subset?: string | undefined;
  values: Record<string, number>;
  series?: Record<string, readonly number[]> | undefined;
}

/** What a metric needs of its definition; `combine` parts are looked up in the suite's metrics. */
export type MetricShape = Pick<MetricDef, 'id' | 'reduce' | 'of' | 'parts' | 'normalize' | 'tiedBy' | 'statistic'>;
export type Defs = ReadonlyMap<string, MetricShape>;

export const MAX_DEPTH = 8;
export const partDef = (defs: Defs, metric: string): MetricShape => defs.get(metric) ?? { id: metric };
export const nestedTooDeep = (def: MetricShape): Error => new Error(`metric "${def.id}": combine parts nest too deep (a cycle?)`);
export const hasParts = (def: MetricShape): boolean => def.reduce === 'combine' || def.reduce === 'harmonic';

/**
 * How a plan gets its means: `leaf` is the weighted mean of one value over a list of items, and
 * `subsetItems` the caller's own list for subset s when it has it. resultRows shares one leaf per
 * (list, value), computed once per resample, so a macro's subset means are its subset rows' ones.
 */
export interface PlanContext {
  leaf(items: readonly PlanItem[], key: string): WeightedStatistic;
  subsetItems(subset: string, items: readonly PlanItem[]): readonly PlanItem[];
}

/**
 * The weighted mean of one per-item value over `items`. Items sorted by cluster (as resultRows
 * keeps them) are totalled run by run, with one index lookup per cluster, into arrays of the
 * clusters present; other orders go through arrays of every cluster (weightedMean). Either way
 * each cluster's values are added in item order, so the totals have the same bits.
 */
function meanOf(items: readonly PlanItem[], clusterIndex: Map<string, number>, key: string): WeightedStatistic {
  const idx = new Uint32Array(items.length);
  const sums = new Float64Array(items.length);
  const counts = new Uint32Array(items.length);
  let m = 0;
  let cluster: string | undefined;
  let k = -1;
  for (const it of items) {
    const v = it.values[key];
    if (v === undefined) continue;
    if (it.cluster !== cluster) {
      const next = clusterIndex.get(it.cluster)!;
      if (next <= k) return unorderedMean(items, clusterIndex, key);
      cluster = it.cluster;
      k = next;
      idx[m] = k;
      sums[m++] = 0;
    }
    sums[m - 1] = sums[m - 1]! + v;
    counts[m - 1]!++;
  }
  return weightedMeanAt(idx.subarray(0, m), sums.subarray(0, m), counts.subarray(0, m), clusterIndex.size);
}

function unorderedMean(items: readonly PlanItem[], clusterIndex: Map<string, number>, key: string): WeightedStatistic {
  const sums = new Float64Array(clusterIndex.size);
  const counts = new Uint32Array(clusterIndex.size);
  for (const it of items) {
    const v = it.values[key];
    if (v === undefined) continue;
    const k = clusterIndex.get(it.cluster)!;
    sums[k] = sums[k]! + v;
    counts[k]!++;
  }
  return weightedMean(sums, counts);
}

/** The plain context: every leaf computed on its own. */
export function plainContext(clusterIndex: Map<string, number>): PlanContext {
  return { leaf: (items, key) => meanOf(items, clusterIndex, key), subsetItems: (_s, items) => items };
}

/** Values grouped under each of their keys, in order. */
export function groupBy<T>(values: readonly T[], keys: (v: T) => readonly string[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const v of values) {
    for (const k of keys(v)) {
      const list = out.get(k);
      if (list) list.push(v);
      else out.set(k, [v]);
    }
  }
  return out;
}

function macroStatistic(items: readonly PlanItem[], ctx: PlanContext, key: string): WeightedStatistic {
  const bySubset = groupBy(items, (it) => [it.subset ?? 'all']);
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
 * The metric as a function of cluster weights, with the items it reads (for n); undefined when
 * it has no data on `items`. A `combine` metric is Σ weight·part over the parts with data, each
 * part on its subset; a part undefined on a resample (its subset drew no cluster) drops out of
 * that resample as it would from the data, or, without `normalize`, makes the resample undefined.
 */
export function planStatistic<T extends PlanItem>(
  items: readonly T[],
  clusterIndex: Map<string, number>,
  def: MetricShape,
  defs: Defs,
  ctx: PlanContext = plainContext(clusterIndex),
  depth = 0,
): { f: WeightedStatistic; read: readonly T[] } | undefined {
  if (def.reduce === 'pooled') return pooledPlan(def, items, clusterIndex);
  if (!hasParts(def)) {
    const key = def.of ?? def.id;
    // An array, not a set: items are distinct, and a set of a million items costs five times as much.
    const read = items.filter((it) => it.values[key] !== undefined);
    return read.length === 0 ? undefined : { f: leafStatistic(items, ctx, def, key), read };
  }
  if (depth > MAX_DEPTH) throw nestedTooDeep(def);
  const parts: { weight: number; f: WeightedStatistic }[] = [];
  const read = new Set<T>();
  for (const p of def.parts ?? []) {
    const scope = p.subset === undefined ? items : items.filter((it) => it.subset === p.subset);
    const planned = planStatistic(scope, clusterIndex, partDef(defs, p.metric), defs, ctx, depth + 1);
    if (!planned && def.reduce === 'harmonic') return undefined;
    if (!planned) continue;
    parts.push({ weight: p.weight, f: planned.f });
    for (const it of planned.read) read.add(it);
  }
  if (parts.length === 0) return undefined;
  if (def.reduce === 'harmonic') {
    const weights = parts.map((p) => p.weight);
    return { f: (w, r) => harmonicMean(
          parts.map((p) => p.f(w, r)),
          weights,
        ), read: [...read] }; // prettier-ignore
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
  return { f, read: [...read] };
}

/** A mean-type metric: the mean, for `reduce: 'macro'` the mean of subset means, for `reduce: 'abs'` the absolute value of the mean. */
function leafStatistic(items: readonly PlanItem[], ctx: PlanContext, def: MetricShape, key: string): WeightedStatistic {
  if (def.reduce === 'macro') return macroStatistic(items, ctx, key);
  const mean = ctx.leaf(items, key);
  return def.reduce === 'abs' ? (w, r) => Math.abs(mean(w, r)) : mean;
}

/**
 * A metric over `items` as a function of cluster weights (`clusterIndex` numbers the clusters),
 * reading each item's value `key`: the mean, for `reduce: 'macro'` the mean of subset means, for
 * `reduce: 'abs'` the absolute value of the mean; `combine` metrics resolve their parts in `defs`
 * (the suite's metrics) and are NaN everywhere when no part has data.
 */
export function metricStatistic(
  items: readonly PlanItem[],
  clusterIndex: Map<string, number>,
  def: MetricShape,
  key = def.of ?? def.id,
  defs: Defs = new Map(),
): WeightedStatistic {
  if (hasParts(def) || def.reduce === 'pooled') return planStatistic(items, clusterIndex, def, defs)?.f ?? (() => NaN);
  return leafStatistic(items, plainContext(clusterIndex), def, key);
}

import { bootstrapIntervals, type WeightedStatistic } from './bootstrap.js';
import { degenerateCause, type Ties } from '../core/degenerate.js';
import { deriveSeed } from '../core/random.js';
import type { ResultRow } from '../core/run-schema.js';
import type { ScoredTable } from '../core/scored-table.js';
import type { MetricDef } from '../core/suite.js';
import { pooledTies } from './pooled.js';
import { filterRows, groupRows, sortedScope, type Rows, type Scope } from './scope.js';
import { hasParts, MAX_DEPTH, nestedTooDeep, partDef, plainContext, planStatistic, type Defs, type MetricShape, type PlanContext } from './statistic-plan.js';

export interface StatisticsOptions {
  seed: number;
  samples: number;
  level: number;
}

/** Adds to `out`, per row a metric reads, the tie values behind it: its own, a macro's `of`'s, or a combine's parts'. */
function collectTieKeys(table: ScoredTable, rows: Rows, def: MetricShape, defs: Defs, out: Map<number, Set<string>>, depth = 0): void {
  if (hasParts(def)) {
    if (depth > MAX_DEPTH) throw nestedTooDeep(def);
    for (const p of def.parts ?? []) {
      const part = p.subset === undefined ? rows : filterRows(rows, (r) => table.subset(r) === p.subset);
      collectTieKeys(table, part, partDef(defs, p.metric), defs, out, depth + 1);
    }
    return;
  }
  const keys = def.tiedBy ?? (def.of === undefined ? undefined : defs.get(def.of)?.tiedBy) ?? [];
  const has = table.column(def.of ?? def.id)?.has;
  if (keys.length === 0 || has === undefined) return;
  for (const r of rows) {
    if (has[r] !== 1) continue;
    const set = out.get(r) ?? new Set<string>();
    for (const k of keys) set.add(k);
    out.set(r, set);
  }
}

/** rowTies for a metric that is not `combine`: every item it reads has the same tie keys, so no set per item (a million items made a million sets). */
function directTies(table: ScoredTable, rows: Rows, def: MetricShape, defs: Defs): Ties {
  const keys = def.tiedBy ?? (def.of === undefined ? undefined : defs.get(def.of)?.tiedBy) ?? [];
  const has = table.column(def.of ?? def.id)?.has;
  if (keys.length === 0 || has === undefined) return { tied: 0, items: 0 };
  const columns = [...new Set(keys)].flatMap((k) => table.column(k) ?? []);
  let tied = 0;
  let n = 0;
  for (const r of rows) {
    if (has[r] !== 1) continue;
    let max: number | undefined;
    for (const col of columns) {
      const v = col.values[r]!;
      if (col.has[r] === 1 && !Number.isNaN(v)) max = max === undefined ? v : Math.max(max, v);
    }
    if (max === undefined) continue;
    tied += max;
    n++;
  }
  return { tied, items: n };
}

/**
 * The ties behind a row: Σ over the items it reads of their largest tie value, and how many items
 * have one. The largest, because a paired difference (personalized's gap) over a tied comparison
 * says nothing, whatever the other side did.
 */
export function rowTies(table: ScoredTable, rows: Rows, def: MetricShape, defs: Defs = new Map()): Ties {
  if (def.reduce === 'pooled') return pooledTies(def, table, rows);
  if (!hasParts(def)) return directTies(table, rows, def, defs);
  const keysOf = new Map<number, Set<string>>();
  collectTieKeys(table, rows, def, defs, keysOf);
  let tied = 0;
  let n = 0;
  for (const [r, keys] of keysOf) {
    const vs = [...keys].map((k) => table.value(r, k)).filter((v): v is number => v !== undefined && !Number.isNaN(v));
    if (vs.length === 0) continue;
    tied += Math.max(...vs);
    n++;
  }
  return { tied, items: n };
}

/**
 * Leaves shared across rows: one mean per (item list, value), computed once per resample; a
 * macro's part for subset s uses the subset's own group when that group holds just s's items
 * (a group holds every item of its subset, so equal lengths mean the same list).
 */
function sharedLeaves(scope: Scope, groups: Map<string, Rows>): PlanContext {
  const plain = plainContext(scope);
  const made = new Map<Rows, Map<string, WeightedStatistic>>();
  return {
    leaf: (items, key) => {
      let byKey = made.get(items);
      if (byKey === undefined) made.set(items, (byKey = new Map()));
      let f = byKey.get(key);
      if (f === undefined) {
        const mean = plain.leaf(items, key);
        let last = -1;
        let value = NaN;
        f = (w, r) => (r === undefined ? mean(w) : r === last ? value : ((last = r), (value = mean(w))));
        byKey.set(key, f);
      }
      return f;
    },
    subsetItems: (s, items) => {
      const own = groups.get(s);
      return own !== undefined && own.length === items.length ? own : items;
    },
  };
}

/**
 * One row per (subset, metric): the value, n (items), a percentile bootstrap CI that resamples
 * clusters (prompts), and `degenerate` when most of the comparisons behind it tied. The suite's
 * clusters are resampled once per resample, seeded by (seed, suite) only, and every subset's
 * statistics read their own clusters' weights in it: every model, metric and subset sees the same
 * resamples, the draws cost the suite's size once, and the numbers do not depend on item order,
 * batch size or concurrency.
 */
export function resultRows(model: string, suite: string, metrics: readonly MetricDef[], table: ScoredTable, stats: StatisticsOptions): ResultRow[] {
  const defs = new Map(metrics.map((m) => [m.id, m]));
  const { scope, rows } = sortedScope(table);
  const groups = groupRows(rows, (r) => table.groups(r));
  const ctx = sharedLeaves(scope, groups);
  const order = ['all', ...[...groups.keys()].filter((g) => g !== 'all').sort()];
  const planned: { subset: string; members: Rows; m: MetricDef; statistic: WeightedStatistic; n: number }[] = [];
  for (const subset of order) {
    const members = groups.get(subset);
    if (!members) continue;
    const subsets = new Set<string>();
    for (const r of members) subsets.add(table.subset(r) ?? 'all');
    const subsetCount = subsets.size;
    for (const m of metrics) {
      if (m.reduce === 'macro' && (subset !== 'all' || subsetCount < 2)) continue;
      if (hasParts(m) && subset !== 'all' && m.parts?.some((p) => p.subset !== undefined)) continue;
      const p = planStatistic(scope, members, m, defs, ctx);
      if (p) planned.push({ subset, members, m, n: p.read.length, statistic: p.f });
    }
  }
  const ones = new Uint32Array(scope.clusters).fill(1);
  const cis = bootstrapIntervals(
    scope.clusters,
    planned.map((p) => p.statistic),
    { samples: stats.samples, level: stats.level, seed: deriveSeed(stats.seed, suite) },
  );
  return planned.map(({ subset, members, m, n, statistic }, i) => {
    const degenerate = degenerateCause(rowTies(table, members, m, defs));
    return {
      model,
      suite,
      subset,
      metric: m.id,
      value: statistic(ones),
      ci: cis[i]!,
      n,
      higherIsBetter: m.higherIsBetter,
      ...(degenerate !== undefined && { degenerate }),
    };
  });
}

import type { ScoredTable } from '../core/scored-table.js';

/** Scored items as statistics read them: the table, each row's cluster number (0 ≤ k < clusters). */
export interface Scope {
  readonly table: ScoredTable;
  readonly cluster: Uint32Array;
  readonly clusters: number;
}

/** A list of a table's rows. */
export type Rows = Uint32Array;

function allRows(n: number): Rows {
  const rows = new Uint32Array(n);
  for (let r = 0; r < n; r++) rows[r] = r;
  return rows;
}

/** Every row of the table, clusters numbered by `index` (cluster name → number), in table order. */
export function scopeOf(table: ScoredTable, index: ReadonlyMap<string, number>): { scope: Scope; rows: Rows } {
  const cluster = new Uint32Array(table.size);
  for (let r = 0; r < table.size; r++) cluster[r] = index.get(table.cluster(r))!;
  return { scope: { table, cluster, clusters: index.size }, rows: allRows(table.size) };
}

/**
 * Every row sorted by (cluster, id), clusters numbered in that order: one fixed summation order,
 * so float totals (and so values and CIs) do not depend on item order.
 */
export function sortedScope(table: ScoredTable): { scope: Scope; rows: Rows } {
  const byName = Array.from({ length: table.clusterCount }, (_, c) => c).sort((a, b) => {
    const [x, y] = [table.clusterName(a), table.clusterName(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const rank = new Uint32Array(byName.length);
  byName.forEach((c, i) => (rank[c] = i));
  const cluster = new Uint32Array(table.size);
  for (let r = 0; r < table.size; r++) cluster[r] = rank[table.clusterNumber(r)]!;
  const rows = allRows(table.size).sort((a, b) => {
    const d = cluster[a]! - cluster[b]!;
    if (d !== 0) return d;
    const [x, y] = [table.id(a), table.id(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return { scope: { table, cluster, clusters: byName.length }, rows };
}

/** The rows whose `pick` is true, in order. */
export function filterRows(rows: Rows, pick: (row: number) => boolean): Rows {
  const out = new Uint32Array(rows.length);
  let m = 0;
  for (const r of rows) if (pick(r)) out[m++] = r;
  return out.slice(0, m);
}

/** Rows grouped under each of their keys, in order. */
export function groupRows(rows: Rows, keys: (row: number) => string | readonly string[]): Map<string, Rows> {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const ks = keys(r);
    for (const k of typeof ks === 'string' ? [ks] : ks) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const out = new Map<string, Rows>();
  const fill = new Map<string, number>();
  for (const [k, n] of counts) (out.set(k, new Uint32Array(n)), fill.set(k, 0));
  for (const r of rows) {
    const ks = keys(r);
    for (const k of typeof ks === 'string' ? [ks] : ks) {
      const at = fill.get(k)!;
      out.get(k)![at] = r;
      fill.set(k, at + 1);
    }
  }
  return out;
}

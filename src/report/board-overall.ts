import { UsageError } from '../core/errors.js';
import { overallScore } from '../metrics/overall.js';
import { cellKey, resultOf, type BoardRow, type Column, type Overall, type OverallMode, type Rank } from './board-types.js';

/**
 * The overall score and the ranking of a board. Merged runs rarely share every suite; a mean
 * over different suites per model ranks unlike things, so the default (`common`) averages only
 * the suites every row has, and `all` averages whatever each model has, marking the rows that
 * miss some. Both rules are stated in words (`rule`) wherever the overall is shown.
 */

const round = (x: number): string => String(Math.round(x * 1000) / 1000);

/** The overall per row (set on `row.overall`) and its rule. `undefined` when there is no overall to show. */
export function computeOverall(
  columns: readonly Column[],
  rows: readonly BoardRow[],
  weights: Record<string, number>,
  mode: OverallMode,
  level: number,
): Overall | undefined {
  const weightOf = (c: Column): number => weights[c.suite.id] ?? 1;
  const candidates = columns.filter((c) => c.higherIsBetter && weightOf(c) > 0);
  // Weights were given, and they leave nothing: a zero weight drops a suite, all zeros drop all.
  if (Object.keys(weights).length > 0 && candidates.length === 0 && columns.some((c) => c.higherIsBetter))
    throw new UsageError('--weights: every suite in these runs has weight 0 (or is lower-is-better); nothing is left for the overall');
  if (columns.length < 2 || candidates.length === 0) return undefined;
  const left: Overall['left'] = columns.flatMap((c) =>
    !c.higherIsBetter ? [{ column: c.key, why: 'lower is better' }] : weightOf(c) === 0 ? [{ column: c.key, why: 'weight 0' }] : [],
  );
  let used = candidates;
  if (mode === 'common') {
    used = candidates.filter((c) => rows.every((r) => resultOf(r, c) !== undefined));
    for (const c of candidates.filter((x) => !used.includes(x))) {
      const missing = rows.filter((r) => resultOf(r, c) === undefined).map((r) => r.label);
      // Named up to five: with fifty models the rule must stay a sentence.
      const named = missing.length > 5 ? `${missing.slice(0, 5).join(', ')} and ${missing.length - 5} more` : missing.join(', ');
      left.push({ column: c.key, why: `not every model has it (missing: ${named})` });
    }
  }
  const total = used.reduce((s, c) => s + weightOf(c), 0);
  const parts = used.map((c) => `${c.label} ${round(weightOf(c) / total)}`).join(', ');
  const out = left.map((l) => `${columns.find((c) => c.key === l.column)!.label} (${l.why})`).join('; ');
  for (const row of rows) {
    const cells = used.flatMap((c) => {
      const r = resultOf(row, c);
      return r ? [{ value: r.value, ci: r.ci, weight: weightOf(c) }] : [];
    });
    if (cells.length > 0) row.overall = { ...overallScore(cells, level), suites: cells.length, of: used.length };
  }
  const partial = rows.some((r) => r.overall && r.overall.suites < r.overall.of);
  const rule =
    used.length === 0
      ? `no overall: no suite is shared by every model (--overall common); --overall all averages the suites each model has`
      : mode === 'common'
        ? `overall = weighted mean of primary metrics over the suites every model has (--overall common): ${parts}${out ? `; left out: ${out}` : ''}`
        : `overall = weighted mean of primary metrics over the suites each model has (--overall all), weights ${parts}${out ? `; left out: ${out}` : ''}${
            partial ? '; a model missing a suite is averaged over the rest (marked), so its overall is not comparable with the others' : ''
          }`;
  return { mode, weights: used.map((c) => ({ column: c.key, weight: weightOf(c) })), left, rule };
}

/**
 * What ranks the rows: `overall`, or `SUITE[:METRIC]` (a column's label or suite id; the metric
 * on the whole suite, the primary metric by default). Default: the overall, else the first column.
 */
export function resolveRank(spec: string | undefined, columns: readonly Column[], rows: readonly BoardRow[], overall: Overall | undefined): Rank | undefined {
  if (spec === undefined || spec === 'overall') {
    if (overall && overall.weights.length > 0) return { by: 'overall', higherIsBetter: true, label: 'overall', explicit: spec !== undefined };
    if (spec === 'overall')
      throw new UsageError(
        `--rank-by overall: these runs have no overall score (${overall?.rule ?? 'it needs two suites whose primary metric is higher-is-better'}); name a suite, e.g. --rank-by SUITE[:METRIC]`,
      );
    const first = columns[0];
    if (!first) return undefined;
    const label = `${first.label} ${first.metric} ${first.higherIsBetter ? '↑' : '↓'}`;
    return { by: 'column', column: first.key, metric: first.metric, higherIsBetter: first.higherIsBetter, label, explicit: false };
  }
  const at = spec.lastIndexOf(':');
  const byLabel = (s: string) => columns.find((c) => c.label === s) ?? columns.find((c) => c.suite.id === s);
  // A suite label may itself hold a colon; the whole text is tried as a suite first.
  const [column, metricText] = byLabel(spec) ? [byLabel(spec)!, undefined] : at > 0 ? [byLabel(spec.slice(0, at)), spec.slice(at + 1)] : [undefined, undefined];
  if (!column) throw new UsageError(`--rank-by: no suite "${spec}" in these runs; available: overall, ${columns.map((c) => c.label).join(', ')}`);
  const metric = metricText ?? column.metric;
  const found = new Set(rows.flatMap((r) => [...(r.results.get(column.key)?.values() ?? [])].filter((x) => x.subset === 'all').map((x) => x.metric)));
  if (!found.has(metric)) throw new UsageError(`--rank-by: suite "${column.label}" has no metric "${metric}"; available: ${[...found].join(', ')}`);
  const row = rows.map((r) => r.results.get(column.key)?.get(cellKey('all', metric))).find((x) => x !== undefined);
  const higherIsBetter = column.metrics.find((m) => m.id === metric)?.higherIsBetter ?? row?.higherIsBetter ?? true;
  return { by: 'column', column: column.key, metric, higherIsBetter, label: `${column.label} ${metric} ${higherIsBetter ? '↑' : '↓'}`, explicit: true };
}

/** Rows best first by the rank; rows without a value last; ties keep the runs' order. */
export function rankRows(rows: readonly BoardRow[], columns: readonly Column[], rank: Rank | undefined): BoardRow[] {
  if (!rank) return [...rows];
  const column = columns.find((c) => c.key === rank.column);
  const score = (r: BoardRow): number | undefined =>
    rank.by === 'overall' ? r.overall?.value : column && r.results.get(column.key)?.get(cellKey('all', rank.metric!))?.value;
  const sign = rank.higherIsBetter ? -1 : 1;
  return rows
    .map((r, i) => ({ r, i, s: score(r) }))
    .sort((a, b) => (a.s === undefined ? (b.s === undefined ? 0 : 1) : b.s === undefined ? -1 : sign * (a.s - b.s)) || a.i - b.i)
    .map((x) => x.r);
}

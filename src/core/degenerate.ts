import type { ResultRow, TokenizationCheck } from './run-schema.js';
import type { ScoredTable } from './scored-table.js';
import type { MetricDef } from './suite.js';

/**
 * A result row is degenerate when the comparisons behind it mostly tied. Strict accuracy then
 * says 0 and "no worse" accuracies say 1, numbers about the ties rather than about preference: a
 * 512-token encoder whose truncated inputs made chosen and rejected identical scored 0.031 on the
 * personalized suite with 95% ties, and a gate compared that 0 with a baseline's 0 and passed.
 * Suites name, per metric, the per-item values that hold tie shares (MetricDef.tiedBy); metrics/results.ts
 * sums them per row, the row carries the cause in run.json, the reports mark it, the gate fails it.
 */

/** A row whose items' mean tie share is above this is degenerate; exactly half is not. */
export const DEGENERATE_ABOVE = 0.5;

/** Σ over a row's compared items of each item's tie share, and how many items had one. */
export interface Ties {
  tied: number;
  items: number;
}

/** Shares are means of 0, ½, 1, ⅓..., so a share that is exactly the threshold may be off by a rounding step. */
const EPS = 1e-9;

/** Why a row is degenerate, in one sentence for run.json; undefined when it is not. */
export function degenerateCause(t: Ties): string | undefined {
  if (t.items === 0 || t.tied / t.items <= DEGENERATE_ABOVE + EPS) return undefined;
  const what = 'tied (the compared responses scored equal)';
  if (t.tied >= t.items - EPS) return `all ${t.items} compared items ${what}`;
  // Rounded down, so a share just above one half never reads "50%" nor a near-total one "100%".
  const pct = Math.floor((1000 * t.tied) / t.items + EPS) / 10;
  return `${pct > 50 ? `${pct}%` : 'just over 50%'} of ${t.items} compared items ${what}`;
}

/** True when every tie value of the suite's metrics on these items is 1: nothing was told apart. */
export function everyComparisonTied(metrics: readonly Pick<MetricDef, 'tiedBy'>[], table: ScoredTable): boolean {
  let seen = 0;
  for (const key of new Set(metrics.flatMap((m) => m.tiedBy ?? []))) {
    const col = table.column(key);
    for (let r = 0; col !== undefined && r < table.size; r++) {
      const v = col.values[r]!;
      if (col.has[r] !== 1 || Number.isNaN(v)) continue;
      if (v !== 1) return false;
      seen++;
    }
  }
  return seen > 0;
}

/** The model's warning lines start with this, so `merge` can replace the shards' lines with the whole run's. */
const PREFIX = 'degenerate: ';
export const isDegenerateWarning = (w: string): boolean => w.startsWith(PREFIX);

const SHOWN_SUBSETS = 3;

function where(rows: readonly ResultRow[]): string {
  const named = rows.map((r) => r.subset).filter((s) => s !== 'all');
  const shown = named.slice(0, SHOWN_SUBSETS).join(', ') + (named.length > SHOWN_SUBSETS ? `, and ${named.length - SHOWN_SUBSETS} more` : '');
  const subsets = named.length === 0 ? '' : `${named.length} subset${named.length === 1 ? '' : 's'} (${shown})`;
  if (named.length === rows.length) return `on ${subsets}`;
  return subsets === '' ? 'on the whole suite' : `on the whole suite and ${subsets}`;
}

function likelyReason(allTied: boolean, check: TokenizationCheck | undefined): string {
  // Where the check counts truncations that reached the response (`responsesCut`), only those can
  // make chosen and rejected identical; older checks count every truncation. Read structurally,
  // as the field is newer than this code's first version.
  const cut = (check as { responsesCut?: number } | undefined)?.responsesCut;
  if (check && cut !== undefined && cut > 0) {
    return `likely truncation: ${cut} of ${check.requests} requests lost part of the response when cut to ${check.maxLength} tokens, which can leave the compared inputs identical (see the model's tokenization check)`;
  }
  if (check && cut === undefined && check.truncated > 0) {
    return `likely truncation: ${check.truncated} of ${check.requests} requests were cut to ${check.maxLength} tokens, which can leave the compared inputs identical (see the model's tokenization check)`;
  }
  if (allTied) return 'likely a constant model: every comparison on this suite tied, so it gave every compared response the same score';
  return 'likely the model gives many responses the same score (a coarse or saturated output), or the compared responses are identical in the data';
}

/**
 * One model's warnings on one suite: a line per degenerate metric, its subsets grouped, with the
 * cause (of the whole-suite row when it is degenerate) and the likely reason. `rows` are the
 * model's; `checks` its tokenization checks, if it has any.
 */
export function degenerateWarnings(
  suite: { id: string; metrics: readonly Pick<MetricDef, 'tiedBy'>[] },
  table: ScoredTable,
  rows: readonly ResultRow[],
  checks: readonly TokenizationCheck[] = [],
): string[] {
  const byMetric = new Map<string, ResultRow[]>();
  for (const r of rows) {
    if (r.suite !== suite.id || r.degenerate === undefined) continue;
    const list = byMetric.get(r.metric);
    if (list) list.push(r);
    else byMetric.set(r.metric, [r]);
  }
  if (byMetric.size === 0) return [];
  const reason = likelyReason(
    everyComparisonTied(suite.metrics, table),
    checks.find((c) => c.suite === suite.id),
  );
  return [...byMetric].map(([metric, list]) => {
    const head = list.find((r) => r.subset === 'all') ?? list[0]!;
    return `${PREFIX}${suite.id} / ${metric} ${where(list)}: ${head.subset === 'all' ? '' : `${head.subset}: `}${head.degenerate}; ${reason}`;
  });
}

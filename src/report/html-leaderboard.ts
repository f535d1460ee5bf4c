import type { ResultRow } from '../core/run-schema.js';
import { resultOf, type Board, type BoardRow, type Column } from './board.js';
import { rankRows } from './board-overall.js';
import { MODEL_TYPES, modelType } from './model-type.js';
import { ciBarsSpec, renderChart } from './charts.js';
import { html, raw, type Markup } from './escape.js';
import { fmt } from './table.js';

/** The leaderboard section: a sortable table (value, CI, n per cell), the overall's weighting, and one CI bar chart per suite. */

/** A sortable header cell; `first` is the direction of the first click. */
export function sortHead(label: Markup | string, type: 'num' | 'text', first: 'ascending' | 'descending' = 'ascending', title?: string): Markup {
  return html`<th scope="col"${title ? html` title="${title}"` : ''}><button type="button" data-type="${type}" data-first="${first}">${label}</button></th>`;
}

/**
 * A table cell with a value, its CI and n; sorts by the value. A degenerate value is tagged, its
 * cause in the tooltip; `note` (the run's options where merged runs differ) goes under the CI.
 */
export function valueCell(r: { value: number; ci: [number, number]; n?: number; degenerate?: string } | undefined, note?: Markup | string): Markup {
  if (!r) return html`<td class="num missing" data-v="">–</td>`;
  const n = r.n === undefined ? '' : html` <span class="n">n=${r.n}</span>`;
  const ci = html`<span class="ci">[${fmt(r.ci[0])}, ${fmt(r.ci[1])}]${n}</span>${note ? html`<span class="opt">${note}</span>` : ''}`;
  if (r.degenerate === undefined) return html`<td class="num" data-v="${r.value}">${fmt(r.value)}${ci}</td>`;
  const title = `degenerate: ${r.degenerate}`;
  return html`<td class="num degenerate" data-v="${r.value}" title="${title}">${fmt(r.value)} <span class="tag degenerate">degenerate</span>${ci}</td>`;
}

export function modelCell(row: BoardRow): Markup {
  const tag = row.model.baseline ? html` <span class="tag" title="a trivial baseline: scores a model should beat">baseline</span>` : '';
  return html`<th scope="row" data-v="${row.label}"><span class="model">${row.label}</span>${tag}</th>`;
}

const direction = (c: Column): string => (c.higherIsBetter ? '↑ higher is better' : '↓ lower is better');

/** Rows in the board's rank (the overall, `--rank-by`, else the first column), best first; rows without a value last. */
export function rankedRows(board: Board): BoardRow[] {
  return rankRows(board.rows, board.columns, board.rank);
}

/** The options of the run a row's cell came from, where merged runs disagree on them. */
export const optionNote = (row: BoardRow, column: Column): string | undefined => {
  const run = row.sources.get(column.key);
  return run === undefined ? undefined : column.optionNotes.get(run);
};

/** The type of a row's model, from its adapter and results (model-type.ts). */
export const typeOf = (row: BoardRow) =>
  modelType(
    row.model,
    [...row.results.values()].flatMap((m) => [...m.values()]),
  );

function weightingNote(board: Board): Markup {
  const why =
    !board.rank || board.rank.explicit ? ' (--rank-by)' : board.rank.by === 'overall' ? '' : ' (the first suite: there is no overall; --rank-by names another)';
  const rank = board.rank ? html` Rows are ranked by <b>${board.rank.label}</b>${why}.` : '';
  if (!board.overall) return html`<p class="note">No overall score: it needs at least two suites whose primary metric is higher-is-better.${rank}</p>`;
  const rule = board.overall.rule;
  return html`<p class="note">${rule.charAt(0).toUpperCase()}${rule.slice(1)}. Its interval assumes the suites are independent: ±z·√Σ(wₛ·seₛ)² / Σwₛ, with seₛ read back from each suite’s bootstrap interval.${rank}</p>`;
}

/** The search box and type filter; the client script hides non-matching rows of every table whose rows carry `data-model`. */
function filters(types: readonly string[]): Markup {
  return html`<div class="filters" role="search"><label>filter models <input type="search" id="model-filter" placeholder="part of a model id" autocomplete="off"></label>
<label>type <select id="type-filter"><option value="">all types</option>${types.map((t) => html`<option value="${t}">${t}</option>`)}</select></label> <span class="n" id="filter-count" aria-live="polite"></span></div>`;
}

export function leaderboardTable(board: Board): Markup {
  const rows = rankedRows(board);
  const level = Math.round(board.level * 100);
  const hasOverall = board.weights.length > 0;
  const types = new Map(rows.map((r) => [r, typeOf(r)]));
  const head = html`<tr>${sortHead('#', 'num')}${sortHead('model', 'text')}${sortHead('type', 'text')}${hasOverall ? sortHead('overall', 'num', 'descending') : ''}${board.columns.map(
    (c) =>
      sortHead(
        html`${c.label}${c.suite.confounding?.subsets.some((x) => x.subset === 'all' && x.confounded) ? html` <span class="tag confounded">confounded</span>` : ''}${c.optionNotes.size ? html` <span class="tag mixed">mixed options</span>` : ''}<span class="metric">${c.metric} ${c.higherIsBetter ? '↑' : '↓'}</span>`,
        'num',
        c.higherIsBetter ? 'descending' : 'ascending',
        `${c.suite.id} v${c.suite.version}: ${direction(c)}`,
      ),
  )}</tr>`;
  const body = rows.map((r, i) => {
    const cells = board.columns.map((c) => valueCell(resultOf(r, c), optionNote(r, c)));
    const o = r.overall;
    const partial =
      o && o.suites < o.of ? html`<span class="tag partial" title="this model lacks some averaged suites">${o.suites} of ${o.of} suites</span>` : '';
    return html`<tr${r.model.baseline ? raw(' class="baseline"') : ''} data-model="${r.label}" data-type="${types.get(r)!}"><td class="num" data-v="${i + 1}">${i + 1}</td>${modelCell(r)}<td data-v="${types.get(r)!}">${types.get(r)!}</td>${hasOverall ? valueCell(o, partial) : ''}${cells}</tr>`;
  });
  const present = MODEL_TYPES.filter((t) => [...types.values()].includes(t));
  return html`${filters(present)}<div class="wide board-wrap"><table class="sortable board" id="leaderboard"><caption>value [${level}% CI] n=items · click a header to sort</caption><thead>${head}</thead><tbody>${body}</tbody></table></div>${weightingNote(board)}`;
}

/** The CI bar chart of one column's primary metric on the whole suite. */
export async function columnChart(board: Board, column: Column, subset = 'all'): Promise<Markup> {
  const bars = board.rows.flatMap((r) => {
    const x: ResultRow | undefined = resultOf(r, column, subset);
    return x ? [{ label: r.label, value: x.value, lo: x.ci[0], hi: x.ci[1], baseline: r.model.baseline }] : [];
  });
  if (bars.length === 0) return html``;
  const bounded = bars.every((b) => b.lo >= 0 && b.hi <= 1);
  const svg = await renderChart(
    ciBarsSpec(bars, {
      title: `${column.label}: ${column.metric}`,
      axis: `${column.metric} (${Math.round(board.level * 100)}% CI)`,
      higherIsBetter: column.higherIsBetter,
      ...(bounded && { domain: [0, 1] }),
    }),
  );
  return html`<figure class="chart">${raw(svg)}</figure>`;
}

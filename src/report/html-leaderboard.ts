import type { ResultRow } from '../core/run-schema.js';
import { resultOf, type Board, type BoardRow, type Column } from './board.js';
import { ciBarsSpec, renderChart } from './charts.js';
import { html, raw, type Markup } from './escape.js';
import { fmt } from './table.js';

/** The leaderboard section: a sortable table (value, CI, n per cell), the overall's weighting, and one CI bar chart per suite. */

/** A sortable header cell; `first` is the direction of the first click. */
export function sortHead(label: Markup | string, type: 'num' | 'text', first: 'ascending' | 'descending' = 'ascending', title?: string): Markup {
  return html`<th scope="col"${title ? html` title="${title}"` : ''}><button type="button" data-type="${type}" data-first="${first}">${label}</button></th>`;
}

/** A table cell with a value, its CI and n; sorts by the value. A degenerate value is tagged, its cause in the tooltip. */
export function valueCell(r: { value: number; ci: [number, number]; n?: number; degenerate?: string } | undefined): Markup {
  if (!r) return html`<td class="num missing" data-v="">–</td>`;
  const n = r.n === undefined ? '' : html` <span class="n">n=${r.n}</span>`;
  const ci = html`<span class="ci">[${fmt(r.ci[0])}, ${fmt(r.ci[1])}]${n}</span>`;
  if (r.degenerate === undefined) return html`<td class="num" data-v="${r.value}">${fmt(r.value)}${ci}</td>`;
  const title = `degenerate: ${r.degenerate}`;
  return html`<td class="num degenerate" data-v="${r.value}" title="${title}">${fmt(r.value)} <span class="tag degenerate">degenerate</span>${ci}</td>`;
}

export function modelCell(row: BoardRow): Markup {
  const tag = row.model.baseline ? html` <span class="tag" title="a trivial baseline: scores a model should beat">baseline</span>` : '';
  return html`<th scope="row" data-v="${row.label}"><span class="model">${row.label}</span>${tag}</th>`;
}

const direction = (c: Column): string => (c.higherIsBetter ? '↑ higher is better' : '↓ lower is better');

/** Rows by overall (else the first column), best first, baselines kept in place by value. */
export function rankedRows(board: Board): BoardRow[] {
  const first = board.columns[0];
  const score = (r: BoardRow): number | undefined => r.overall?.value ?? (first ? resultOf(r, first)?.value : undefined);
  const sign = board.weights.length > 0 || !first || first.higherIsBetter ? -1 : 1;
  return board.rows
    .map((r, i) => ({ r, i, s: score(r) }))
    .sort((a, b) => (a.s === undefined ? 1 : b.s === undefined ? -1 : sign * (a.s - b.s)) || a.i - b.i)
    .map((x) => x.r);
}

function weightingNote(board: Board): Markup {
  if (board.weights.length === 0) return html`<p class="note">No overall score: it needs at least two suites whose primary metric is higher-is-better.</p>`;
  const label = new Map(board.columns.map((c) => [c.key, c]));
  const total = board.weights.reduce((s, w) => s + w.weight, 0);
  const parts = board.weights.map((w) => html`<code>${label.get(w.column)!.label}</code> ${fmt(w.weight / total)}`);
  const left = board.columns.filter((c) => !board.weights.some((w) => w.column === c.key));
  return html`<p class="note"><b>Overall</b> = weighted mean of each suite’s primary metric on the whole suite, weights ${parts.map((p, i) => html`${i ? ', ' : ''}${p}`)}${
    left.length ? html`; not included: ${left.map((c, i) => html`${i ? ', ' : ''}<code>${c.label}</code>`)}` : ''
  }. Its interval assumes the suites are independent: ±z·√Σ(wₛ·seₛ)² / Σwₛ, with seₛ read back from each suite’s bootstrap interval. Models missing a weighted suite get no overall.</p>`;
}

export function leaderboardTable(board: Board): Markup {
  const rows = rankedRows(board);
  const level = Math.round(board.level * 100);
  const hasOverall = board.weights.length > 0;
  const head = html`<tr>${sortHead('#', 'num')}${sortHead('model', 'text')}${hasOverall ? sortHead('overall', 'num', 'descending') : ''}${board.columns.map(
    (c) =>
      sortHead(
        html`${c.label}${c.suite.confounding?.subsets.some((x) => x.subset === 'all' && x.confounded) ? html` <span class="tag confounded">confounded</span>` : ''}<span class="metric">${c.metric} ${c.higherIsBetter ? '↑' : '↓'}</span>`,
        'num',
        c.higherIsBetter ? 'descending' : 'ascending',
        `${c.suite.id} v${c.suite.version}: ${direction(c)}`,
      ),
  )}</tr>`;
  const body = rows.map((r, i) => {
    const cells = board.columns.map((c) => valueCell(resultOf(r, c)));
    return html`<tr${r.model.baseline ? raw(' class="baseline"') : ''}><td class="num" data-v="${i + 1}">${i + 1}</td>${modelCell(r)}${hasOverall ? valueCell(r.overall) : ''}${cells}</tr>`;
  });
  return html`<table class="sortable board" id="leaderboard"><caption>value [${level}% CI] n=items · click a header to sort</caption><thead>${head}</thead><tbody>${body}</tbody></table>${weightingNote(board)}`;
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

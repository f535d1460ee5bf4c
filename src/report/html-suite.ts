import type { Example } from '../core/run-schema.js';
import { cellKey, resultOf, type Board, type BoardRow, type Column } from './board.js';
import { html, type Markup } from './escape.js';
import { columnChart, modelCell, optionNote, rankedRows, sortHead, typeOf, valueCell } from './html-leaderboard.js';
import { fmt } from './table.js';

/** One section per suite column: what it measures, every metric, the subset breakdown, and each model's most-wrong items. */

/** Characters of one text shown in the page; run.json keeps more. */
const SHOWN_TEXT = 1200;

function clip(text: string): string {
  const points = [...text];
  return points.length <= SHOWN_TEXT ? text : `${points.slice(0, SHOWN_TEXT).join('')}… [${points.length - SHOWN_TEXT} more characters in run.json]`;
}

/** Subsets and metrics present in this column, `all` first, in the runs' order. */
function present(board: Board, column: Column): { subsets: string[]; metrics: string[] } {
  const subsets = new Set<string>();
  const metrics = new Set<string>();
  for (const r of board.rows) {
    for (const x of r.results.get(column.key)?.values() ?? []) {
      subsets.add(x.subset);
      if (x.subset === 'all') metrics.add(x.metric);
    }
  }
  return { subsets: ['all', ...[...subsets].filter((s) => s !== 'all')], metrics: [...metrics] };
}

/** Models × columns in a container that scrolls sideways on its own, so a wide table never widens the page. */
function matrix(
  rows: readonly BoardRow[],
  column: Column,
  columns: readonly { head: Markup; get: (r: BoardRow) => ReturnType<typeof resultOf> }[],
  caption: string,
): Markup {
  return html`<div class="wide"><table class="sortable"><caption>${caption}</caption><thead><tr>${sortHead('model', 'text')}${columns.map((c) => c.head)}</tr></thead><tbody>${rows.map(
    (r) =>
      html`<tr${r.model.baseline ? html` class="baseline"` : ''} data-model="${r.label}" data-type="${typeOf(r)}">${modelCell(r)}${columns.map((c) => valueCell(c.get(r), optionNote(r, column)))}</tr>`,
  )}</tbody></table></div>`;
}

/**
 * Subsets split into the top-level ones (`Technology`) and facet groups (`persona=maya`, one
 * group per key). A suite with 22 personas made one 23-column table; now each facet is its own
 * table, folded in <details>, and the top-level table stays a readable width.
 */
export function subsetGroups(subsets: readonly string[]): { top: string[]; facets: { key: string; subsets: string[] }[] } {
  const top: string[] = [];
  const facets = new Map<string, string[]>();
  for (const s of subsets) {
    const eq = s.indexOf('=');
    if (eq > 0) (facets.get(s.slice(0, eq)) ?? facets.set(s.slice(0, eq), []).get(s.slice(0, eq))!).push(s);
    else top.push(s);
  }
  return { top, facets: [...facets].map(([key, list]) => ({ key, subsets: list })) };
}

function subsetTables(rows: readonly BoardRow[], column: Column, subsets: readonly string[]): Markup | '' {
  if (subsets.length <= 1) return '';
  const { top, facets } = subsetGroups(subsets);
  const table = (list: readonly string[], caption: string, name: (s: string) => string) =>
    matrix(
      rows,
      column,
      list.map((sub) => ({
        head: sortHead(html`${name(sub)}${confoundedTag(column, sub)}`, 'num', 'descending', sub),
        get: (r: BoardRow) => resultOf(r, column, sub),
      })),
      caption,
    );
  const main = top.length > 1 ? table(top, `${column.metric} by subset`, (s) => s) : '';
  const folded = facets.map(
    (f) =>
      html`<details class="facet"><summary>${column.metric} by ${f.key} (${f.subsets.length} values)</summary>${table(f.subsets, `${column.metric} by ${f.key}`, (s) => s.slice(f.key.length + 1))}</details>`,
  );
  return html`<h3>By subset</h3>${main}${folded}`;
}

function metricList(column: Column, shown: readonly string[]): Markup {
  const described = new Map(column.metrics.map((m) => [m.id, m]));
  return html`<ul class="metrics">${shown.map((id) => {
    const m = described.get(id);
    return html`<li><code>${id}</code>${m ? html` ${m.higherIsBetter ? '↑' : '↓'}: ${m.description}` : ''}</li>`;
  })}</ul>`;
}

function scoresOf(e: Example): Markup {
  const scored = e.candidates.filter((c) => c.score !== undefined);
  if (scored.length === 0) return html`–`;
  return html`${scored.map((c, i) => html`${i ? ' · ' : ''}<span class="${c.role}">${c.id} ${fmt(c.score!)}</span>`)}`;
}

/** Each model's most-wrong items, linking to one copy of each item's texts. */
function drillDown(board: Board, column: Column, c: number): Markup {
  const ids = new Map<string, { k: number; e: Example }>();
  const models = rankedRows(board).filter((r) => (r.examples.get(column.key) ?? []).length > 0);
  if (models.length === 0) return html``;
  for (const r of models) for (const e of r.examples.get(column.key)!) if (!ids.has(e.item)) ids.set(e.item, { k: ids.size, e });
  const anchor = (item: string): string => `c${c}-i${ids.get(item)!.k}`;
  const perModel = models.map((r) => {
    const examples = r.examples.get(column.key)!;
    const lost = column.higherIsBetter ? html` <span class="n">${examples.filter((e) => e.value < 1).length} of ${examples.length} below 1</span>` : '';
    return html`<details class="model-items"><summary><span class="model">${r.label}</span>${r.model.baseline ? html` <span class="tag">baseline</span>` : ''}${lost}</summary>
<table><thead><tr><th>item</th><th>subset</th><th>${column.metric}</th><th>margin</th><th>scores</th></tr></thead><tbody>${examples.map(
      (e) =>
        html`<tr><td><a href="#${anchor(e.item)}">${e.item}</a></td><td>${e.subset ?? ''}</td><td class="num">${fmt(e.value)}</td><td class="num">${e.margin === undefined ? '–' : fmt(e.margin)}</td><td>${scoresOf(e)}</td></tr>`,
    )}</tbody></table></details>`;
  });
  const texts = [...ids.values()].map(
    ({ k, e }) => html`<article class="item" id="c${c}-i${k}"><h4>${e.item}${e.subset ? html` <span class="n">${e.subset}</span>` : ''}</h4>
<div class="role">prompt</div><pre>${clip(e.prompt)}</pre>${e.candidates.map((x) => html`<div class="role ${x.role}">${x.role} · ${x.id}</div><pre>${clip(x.text)}</pre>${x.note !== undefined ? html`<p class="note">${e.model}: ${x.note}</p>` : ''}`)}</article>`,
  );
  return html`<h3>Most-wrong items</h3><p class="note">Per model, the items with the worst ${column.metric} and, among equals, the lowest margin (min chosen score − max rejected score). Texts are shown as text, shortened.</p>${perModel}
<details class="texts"><summary>Texts of these ${ids.size} items</summary>${texts}</details>`;
}

/** A tag on a subset whose length baseline is above the threshold: it measures length, not quality. */
export function confoundedTag(column: Column, subset: string): Markup | '' {
  const c = column.suite.confounding;
  const s = c?.subsets.find((x) => x.subset === subset && x.confounded);
  return s ? html` <span class="tag confounded" title="${c!.baseline} scores ${fmt(s.value)} here (above ${c!.threshold})">confounded</span>` : '';
}

function confoundedNote(column: Column): Markup | '' {
  const c = column.suite.confounding;
  const marked = c?.subsets.filter((x) => x.confounded) ?? [];
  if (!c || marked.length === 0) return '';
  return html`<p class="note confounded">Confounded: on ${marked.map((x, i) => html`${i ? ', ' : ''}<code>${x.subset}</code> (${fmt(x.value)})`)} the length baseline (<code>${c.baseline}</code>) scores above ${c.threshold} on ${c.metric}, so a high score there says the model prefers longer responses, not better ones.</p>`;
}

export async function suiteSection(board: Board, column: Column, c: number): Promise<Markup> {
  const s = column.suite;
  const rows = rankedRows(board);
  const { subsets, metrics } = present(board, column);
  const metricTable = matrix(
    rows,
    column,
    metrics.map((m) => ({ head: sortHead(m, 'num', 'descending'), get: (r: BoardRow) => r.results.get(column.key)?.get(cellKey('all', m)) })),
    'every metric on the whole suite',
  );
  const subsetTable = subsetTables(rows, column, subsets);
  return html`<section class="suite" id="suite-${c}"><h2>${column.label}</h2>
<p class="meta">version ${s.version} · ${s.items} items · data <code>${s.data}</code> (${s.format}) · dataset <code title="${s.dataset}">${s.dataset.slice(0, 19)}</code>${
    Object.keys(s.options).length ? html` · options ${Object.entries(s.options).map(([k, v], i) => html`${i ? ', ' : ''}<code>${k}=${v}</code>`)}` : ''
  }${column.optionNotes.size ? html` <span class="tag mixed">options differ between the merged runs: each value shows its run’s</span>` : ''}</p>
${metricList(column, metrics)}${confoundedNote(column)}${await columnChart(board, column)}<h3>All metrics</h3>${metricTable}${subsetTable}${drillDown(board, column, c)}</section>`;
}

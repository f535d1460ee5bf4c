import type { ResultRow } from '../core/run-schema.js';
import type { Board, Downstream } from './board.js';
import { scatterSpec, type ScatterPoint } from './charts-downstream.js';
import { renderChart } from './charts.js';
import { bestBenchmark, restsOn, COEFFICIENT_NAMES, correlationData, type CorrelationData, type CorrelationRow } from './downstream.js';
import { html, raw, type Markup } from './escape.js';
import { sortHead, valueCell } from './html-leaderboard.js';
import { sectionMeta } from './html-probes.js';
import { fmt } from './table.js';

/**
 * The correlation section (`rewardgauge correlate`): how well each benchmark's ranking of the
 * models predicts a downstream outcome, with the leave-one-model-out range (a coefficient over
 * a handful of models can hinge on one), and a scatter plot per benchmark.
 */

const nameOf = (c: string): string => COEFFICIENT_NAMES[c] ?? c;

/** A value cell (value, CI, n) with a note line under it. */
function noteCell(r: ResultRow | undefined, note: Markup | ''): Markup {
  if (!r) return html`<td class="num missing" data-v="">–${note}</td>`;
  return html`<td class="num" data-v="${r.value}">${fmt(r.value)}<span class="ci">[${fmt(r.ci[0])}, ${fmt(r.ci[1])}] <span class="n">n=${r.n}</span></span>${note}</td>`;
}

function coefficientCell(row: CorrelationRow, c: string): Markup {
  const { min, max } = row.loo.get(c) ?? {};
  const range =
    min || max ? html`<span class="loo" title="leave-one-model-out range">LOO ${min ? fmt(min.value) : '–'} … ${max ? fmt(max.value) : '–'}</span>` : '';
  return noteCell(row.coef.get(c), range);
}

function coefficientTable(data: CorrelationData, level: number): Markup {
  const best = bestBenchmark(data);
  const rests = (row: CorrelationData['rows'][number]): Markup => {
    const on = restsOn(data, row);
    return on.length ? html` <span class="tag" title="τ-b is undefined without these models: the others tie">rests on ${on.join(', ')}</span>` : html``;
  };
  const body = data.rows.map(
    (row) =>
      html`<tr${row === best ? html` class="best"` : ''}><th scope="row" data-v="${row.benchmark}"><code>${row.benchmark}</code>${row === best ? html` <span class="tag best">best τ-b</span>` : ''}${rests(row)}</th>${data.coefficients.map((c) => coefficientCell(row, c))}</tr>`,
  );
  return html`<table class="sortable correlation"><caption>each benchmark against <code>${data.outcome}</code>, across models: value [${level}% CI] n=models; LOO: the range when one model is left out · sorted by Kendall τ-b</caption><thead><tr>${sortHead('benchmark', 'text')}${data.coefficients.map(
    (c) => sortHead(nameOf(c), 'num', 'descending', c),
  )}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Each model's benchmark values and outcome, and the main coefficient without it: who moves the correlation. */
function modelTable(data: CorrelationData): Markup {
  if (data.models.length === 0) return html``;
  const coef = data.coefficients.includes('kendall_tau_b') ? 'kendall_tau_b' : data.coefficients[0];
  const head = html`<tr>${sortHead('model', 'text')}${sortHead(html`<code>${data.outcome}</code>`, 'num', 'descending')}${data.rows.map((r) => sortHead(html`<code>${r.benchmark}</code>`, 'num', 'descending'))}</tr>`;
  const body = data.models.map((m) => {
    const cells = data.rows.map((r) => {
      const w = coef === undefined ? undefined : m.without.get(r.benchmark)?.get(coef);
      return noteCell(m.benchmark.get(r.benchmark), w ? html`<span class="loo">${nameOf(coef!)} without: ${fmt(w.value)}</span>` : '');
    });
    return html`<tr${m.baseline ? html` class="baseline"` : ''}><th scope="row" data-v="${m.id}"><span class="model">${m.id}</span></th>${valueCell(m.outcome)}${cells}</tr>`;
  });
  return html`<details><summary>Per model: benchmark values, outcome, and ${coef ? nameOf(coef) : 'the coefficient'} without the model</summary><table class="sortable"><thead>${head}</thead><tbody>${body}</tbody></table></details>`;
}

async function scatter(data: CorrelationData, row: CorrelationRow): Promise<Markup> {
  const pts: ScatterPoint[] = data.models.flatMap((m) => {
    const x = m.benchmark.get(row.benchmark);
    const y = m.outcome;
    return x && y ? [{ label: m.id, x: x.value, xlo: x.ci[0], xhi: x.ci[1], y: y.value, ylo: y.ci[0], yhi: y.ci[1], baseline: m.baseline }] : [];
  });
  if (pts.length === 0) return html``;
  const tau = row.coef.get('kendall_tau_b');
  const svg = await renderChart(scatterSpec(pts, { title: row.benchmark, x: `${row.benchmark} (benchmark)`, y: `${data.outcome} (outcome)` }));
  return html`<figure class="chart">${raw(svg)}<figcaption class="note">${pts.length} models${tau ? html` · Kendall τ-b ${fmt(tau.value)}` : ''}; whiskers: CIs</figcaption></figure>`;
}

export async function correlationSection(board: Board, section: Downstream, id: string): Promise<Markup> {
  const data = correlationData(section);
  const level = Math.round(board.level * 100);
  if (data.rows.length === 0)
    return html`<section class="correlation" id="${id}"><h2>Correlation</h2>${sectionMeta(section, board, 'items')}<p class="note">This run holds no benchmark rows.</p></section>`;
  const scatters: Markup[] = [];
  for (const row of data.rows) scatters.push(await scatter(data, row));
  const best = bestBenchmark(data);
  return html`<section class="correlation" id="${id}"><h2>Correlation with <code>${data.outcome}</code></h2>${sectionMeta(section, board, 'items')}
<p class="note">Does a benchmark rank reward models the way the downstream outcome does? Coefficients are over models (n = number of models), with bootstrap CIs; with few models, read the leave-one-out range before the point value.${
    best
      ? html` Best by Kendall τ-b: <code>${best.benchmark}</code> (its interval lies above 0).`
      : html` No benchmark's Kendall τ-b interval lies above 0: none is distinguishable from no relation with these models.`
  }</p>
${coefficientTable(data, level)}${modelTable(data)}<h3>Benchmark against outcome</h3><div class="charts">${scatters}</div></section>`;
}

import type { ResultRow } from '../core/run-schema.js';
import type { Board, Downstream } from './board.js';
import { curveSpec, type CurvePoint, type ReferencePoint } from './charts-downstream.js';
import { PANEL_THRESHOLD, panelsSpec } from './charts-panels.js';
import { bonVerdicts, ppoVerdicts, type Verdict } from './verdict.js';
import { renderChart } from './charts.js';
import { probeData, sqrtKl, type ProbeData, type ProbeModel } from './downstream.js';
import { html, raw, type Markup } from './escape.js';
import { sortHead, valueCell } from './html-leaderboard.js';
import { fmt } from './table.js';

/**
 * The best-of-n and PPO probe sections: gold (and for PPO, proxy) against d = √KL, one line per
 * model, and Gao et al.'s fit per model. These are curves, not leaderboard cells.
 */

const modelHead = (m: ProbeModel): Markup => html`<span class="model">${m.id}</span>${m.baseline ? html` <span class="tag">baseline</span>` : ''}`;

export function sectionMeta(section: Downstream, board: Board, unit = 'prompts'): Markup {
  const s = section.suite;
  const options = Object.entries(s.options);
  return html`<p class="meta">version ${s.version} · ${s.items} ${unit} · data <code>${s.data}</code> (${s.format}) · dataset <code title="${s.dataset}">${s.dataset.slice(0, 19)}</code>${
    options.length ? html` · options ${options.map(([k, v], i) => html`${i ? ', ' : ''}<code>${k}=${v}</code>`)}` : ''
  } · run <code>${board.runs[section.run]!.path}</code></p>`;
}

/** One split's curve points of `metric`, at d = √(its KL metric); points without a KL are left out. */
function points(data: ProbeData, metric: string, kl: string, split: string): CurvePoint[] {
  return data.models.flatMap((m) =>
    m.steps.flatMap((s) => {
      const r = s.rows.get(metric);
      const d = sqrtKl(s.rows.get(kl));
      return r && d !== undefined ? [{ model: m.id, split, d, value: r.value, lo: r.ci[0], hi: r.ci[1], at: `${data.param}=${s.t}` }] : [];
    }),
  );
}

/** One shared chart for a few models; above PANEL_THRESHOLD, one panel per model (lines within a few hundredths otherwise merge into one band). */
async function chart(pts: readonly CurvePoint[], o: Parameters<typeof curveSpec>[1] & { independentY?: boolean }, caption: Markup | string): Promise<Markup> {
  if (pts.length === 0) return html`<p class="note">Nothing to plot: no point has both the value and its KL.</p>`;
  const many = o.models.length > PANEL_THRESHOLD;
  const spec = many ? panelsSpec(pts, { ...o, splits: o.splits ?? [...new Set(pts.map((p) => p.split))] }) : curveSpec(pts, o);
  const note = many ? html` One panel per model${o.independentY ? ', each on its own y scale' : ''}.` : '';
  return html`<figure class="chart">${raw(await renderChart(spec))}<figcaption class="note">${caption}${note}</figcaption></figure>`;
}

/** The probe's verdict per model, in words (verdict.ts), above its charts. */
function verdictLines(verdicts: readonly Verdict[]): Markup {
  return html`${verdicts.map((v) => html`<p class="verdict ${v.direction}">${v.text}</p>`)}`;
}

/** Fit parameters: one row per model (and split), each with its CI; a missing peak reads "no peak". */
function fitTable(data: ProbeData, splits: readonly { label: string; prefix: string }[], form: Markup, level: number): Markup {
  const gain = data.models.some((m) => splits.some((s) => m.fit.has(`${s.prefix}peak_gain`)));
  const body = data.models.flatMap((m) =>
    splits.flatMap(({ label, prefix }) => {
      const get = (k: string): ResultRow | undefined => m.fit.get(`${prefix}${k}`);
      if (!get('fit_alpha') && !get('fit_beta') && !get('peak_d')) return [];
      const peak = get('peak_d') ? valueCell(get('peak_d')) : html`<td class="num missing" data-v="">no peak</td>`;
      return [
        html`<tr${m.baseline ? html` class="baseline"` : ''}><th scope="row" data-v="${m.id}">${modelHead(m)}</th>${splits.length > 1 ? html`<td>${label}</td>` : ''}${valueCell(get('fit_alpha'))}${valueCell(get('fit_beta'))}${peak}${gain ? valueCell(get('peak_gain')) : ''}</tr>`,
      ];
    }),
  );
  if (body.length === 0) return html`<p class="note">No fit parameters in this run.</p>`;
  return html`<table class="sortable fit"><caption>${form}; value [${level}% CI] n=prompts</caption><thead><tr>${sortHead('model', 'text')}${splits.length > 1 ? sortHead('prompts', 'text') : ''}${sortHead('α', 'num', 'descending')}${sortHead('β', 'num')}${sortHead('peak d*', 'num', 'descending')}${gain ? sortHead('gain at d*', 'num', 'descending') : ''}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The pool's oracle and random-pick curves: they do not depend on the model, so the first model that has them stands for all. */
function references(data: ProbeData): ReferencePoint[] {
  const curves: [string, string][] = [
    ['oracle', 'oracle'],
    ['random', 'random pick'],
  ];
  return curves.flatMap(([metric, curve]) => {
    const m = data.models.find((x) => x.steps.some((s) => s.rows.has(metric) && s.rows.has('kl')));
    return (m?.steps ?? []).flatMap((s) => {
      const r = s.rows.get(metric);
      const d = sqrtKl(s.rows.get('kl'));
      return r && d !== undefined ? [{ curve, d, value: r.value }] : [];
    });
  });
}

export async function bonSection(board: Board, section: Downstream, id: string): Promise<Markup> {
  const data = probeData(section);
  const level = Math.round(board.level * 100);
  const gold = points(data, 'gold', 'kl', 'pool');
  const first = data.models.find((m) => m.steps.length > 0);
  // n ↦ d is the same for every model (KL_bon depends on n only), so n labels the top edge once.
  const ticks = (first?.steps ?? []).flatMap((s) => {
    const d = sqrtKl(s.rows.get('kl'));
    return d === undefined ? [] : [{ d, label: `n=${s.t}` }];
  });
  const figure = await chart(
    gold,
    {
      title: 'Best-of-n: gold score of the proxy’s pick',
      x: 'd = √KL_bon',
      y: `gold (${level}% CI)`,
      models: data.models.map((m) => m.id),
      references: references(data),
      ticks,
    },
    html`One line per proxy reward model, its ${level}% bootstrap CI as a band${data.models.length > PANEL_THRESHOLD ? '; d = √KL_bon for each n is in the table below; long dashes: oracle, dots: random pick' : '; n is marked along the top'}. Dashed grey: what a perfect reward model (oracle) and a random pick get.`,
  );
  const refOf = (metric: string) => (t: number) => first?.steps.find((s) => s.t === t)?.rows.get(metric);
  const table = html`<table class="sortable"><caption>gold of the best of n by proxy score, value [${level}% CI]</caption><thead><tr>${sortHead('n', 'num')}${sortHead('d', 'num')}${data.models.map(
    (m) => sortHead(modelHead(m), 'num', 'descending'),
  )}${sortHead('oracle', 'num', 'descending')}${sortHead('random', 'num', 'descending')}</tr></thead><tbody>${data.ts.map((t) => {
    const d = sqrtKl(first?.steps.find((s) => s.t === t)?.rows.get('kl'));
    return html`<tr><td class="num" data-v="${t}">${t}</td><td class="num" data-v="${d ?? ''}">${d === undefined ? '–' : fmt(d)}</td>${data.models.map((m) => valueCell(m.steps.find((s) => s.t === t)?.rows.get('gold')))}${valueCell(refOf('oracle')(t))}${valueCell(refOf('random')(t))}</tr>`;
  })}</tbody></table>`;
  return html`<section class="probe" id="${id}"><h2>Best-of-n probe</h2>${sectionMeta(section, board)}
${verdictLines(bonVerdicts(data.models, section.results))}
<p class="note">For each n, the expected gold score of the response the proxy reward model ranks first among n samples, exact over the pool. KL_bon(n) = log n − (n − 1)/n; d = √KL_bon. A reward model that keeps up with gold rises with d; one that is overoptimized rises, then falls. A verdict says better or worse only when the ${level}% interval of gold − random (paired over prompts) excludes 0.</p>
${figure}<h3>Gold by n</h3>${table}<h3>Gao et al.’s fit</h3>${fitTable(data, [{ label: 'pool', prefix: '' }], html`gold − gold(1) = d(α − β·d), peak at d* = α / 2β`, level)}</section>`;
}

const SPLITS = [
  { label: 'train', prefix: '' },
  { label: 'held-out', prefix: 'heldout_' },
] as const;

export async function ppoSection(board: Board, section: Downstream, id: string): Promise<Markup> {
  const data = probeData(section);
  const level = Math.round(board.level * 100);
  const models = data.models.map((m) => m.id);
  const splits = SPLITS.map((s) => s.label);
  const series = (metric: string) => SPLITS.flatMap((s) => points(data, `${s.prefix}${metric}`, `${s.prefix}kl`, s.label));
  const gold = await chart(
    series('gold'),
    { title: 'PPO: gold score of the policy', x: 'd = √KL(policy ‖ initial)', y: `gold (${level}% CI)`, models, splits },
    html`One colour per reward model trained against; solid: training prompts, dashed: held-out prompts; bands: ${level}% CIs. Each point is a checkpoint (step in its label and the table below).`,
  );
  const proxy = await chart(
    series('proxy'),
    { title: 'PPO: proxy reward the policy optimizes', x: 'd = √KL(policy ‖ initial)', y: `proxy (${level}% CI)`, models, splits, independentY: true },
    html`Proxy values are on each reward model’s own scale: compare a line’s shape with its gold line, not heights across models.`,
  );
  const rows = data.models.flatMap((m) =>
    m.steps.map((s) => {
      const d = (prefix: string): Markup => {
        const x = sqrtKl(s.rows.get(`${prefix}kl`));
        return html`<td class="num" data-v="${x ?? ''}">${x === undefined ? '–' : fmt(x)}</td>`;
      };
      return html`<tr${m.baseline ? html` class="baseline"` : ''}><th scope="row" data-v="${m.id}">${modelHead(m)}</th><td class="num" data-v="${s.t}">${s.t}</td>${d('')}${valueCell(s.rows.get('gold'))}${valueCell(s.rows.get('proxy'))}${d('heldout_')}${valueCell(s.rows.get('heldout_gold'))}${valueCell(s.rows.get('heldout_proxy'))}</tr>`;
    }),
  );
  const table = html`<table class="sortable"><caption>per checkpoint, value [${level}% CI]; proxy on each model’s own scale</caption><thead><tr>${sortHead('model', 'text')}${sortHead('step', 'num')}${sortHead('d', 'num')}${sortHead('gold', 'num', 'descending')}${sortHead('proxy', 'num', 'descending')}${sortHead('held-out d', 'num')}${sortHead('held-out gold', 'num', 'descending')}${sortHead('held-out proxy', 'num', 'descending')}</tr></thead><tbody>${rows}</tbody></table>`;
  return html`<section class="probe" id="${id}"><h2>PPO probe</h2>${sectionMeta(section, board)}
${verdictLines(ppoVerdicts(data.models, section.results))}
<p class="note">A policy trained with PPO against each proxy reward model, scored by the gold reward model at checkpoints, on the training prompts and on held-out prompts. d = √KL between the policy and the initial policy. A verdict says raised or lowered only when the ${level}% interval of the gold gain over step 0 (paired over prompts) excludes 0.</p>
<div class="charts">${gold}${proxy}</div><h3>Checkpoints</h3>${table}<h3>Gao et al.’s fit</h3>${fitTable(data, SPLITS, html`gold − gold(0) = d(α − β·ln d), peak at d* = exp(α/β − 1)`, level)}</section>`;
}

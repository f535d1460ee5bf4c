import type { TopLevelSpec } from 'vega-lite';
import type { ModelEntry, ResultRow } from '../core/run-schema.js';
import type { Board, Downstream } from './board.js';
import { renderChart } from './charts.js';
import { html, raw, type Markup } from './escape.js';
import { sortHead, valueCell } from './html-leaderboard.js';
import { sectionMeta } from './html-probes.js';
import { fmt } from './table.js';

/**
 * The reward-distance section (`rewardgauge distance --suite`): a models × models heatmap of
 * the STARC L2 distance and a table of the pairs with CIs. Model ids enter the chart as data
 * (Vega escapes them) and the table through `html`.
 */

export const DISTANCE_METRIC_NAMES: Record<string, string> = { starc_val_l2: 'STARC L2', starc_val_l1: 'STARC L1', starc_val_linf: 'STARC L∞', epic: 'EPIC' };
export const DISTANCE_METRIC_ORDER = ['starc_val_l2', 'starc_val_l1', 'starc_val_linf', 'epic'] as const;

export interface DistancePair {
  a: string;
  b: string;
  rows: Map<string, ResultRow>;
}

export interface DistanceData {
  models: ModelEntry[];
  pairs: DistancePair[];
}

/** Pairs from the rows (model = A, subset = `A|B`), in row order; models in run order, those in no pair left out. */
export function distanceData(section: Downstream): DistanceData {
  const pairs = new Map<string, DistancePair>();
  for (const r of section.results) {
    if (!r.subset.startsWith(`${r.model}|`)) continue;
    const pair = pairs.get(r.subset) ?? pairs.set(r.subset, { a: r.model, b: r.subset.slice(r.model.length + 1), rows: new Map() }).get(r.subset)!;
    pair.rows.set(r.metric, r);
  }
  const used = new Set([...pairs.values()].flatMap((p) => [p.a, p.b]));
  return { models: section.models.filter((m) => used.has(m.id)), pairs: [...pairs.values()] };
}

export interface HeatCell {
  row: string;
  col: string;
  value: number;
  label: string;
}

/** Every ordered pair (a, b): the diagonal is 0, (b, a) mirrors (a, b); a pair without the metric has no cell. */
export function heatCells(data: DistanceData, metric = 'starc_val_l2'): HeatCell[] {
  const of = new Map(
    data.pairs.flatMap((p) => {
      const r = p.rows.get(metric);
      return r
        ? ([
            [`${p.a}\u0000${p.b}`, r.value],
            [`${p.b}\u0000${p.a}`, r.value],
          ] as const)
        : [];
    }),
  );
  return data.models.flatMap((a) =>
    data.models.flatMap((b) => {
      const value = a.id === b.id ? 0 : of.get(`${a.id}\u0000${b.id}`);
      return value === undefined ? [] : [{ row: a.id, col: b.id, value, label: fmt(value) }];
    }),
  );
}

/** A `rect` heatmap with the value written in each cell (layers `cell` and `value`: classes `cell_marks`, `value_marks`). */
export function heatmapSpec(cells: readonly HeatCell[], ids: readonly string[], o: { title: string; legend: string; domain: [number, number] }): TopLevelSpec {
  const axis = { labelLimit: 160 };
  const x = { field: 'col', type: 'nominal' as const, title: null, sort: [...ids], axis: { ...axis, labelAngle: -40 } };
  const y = { field: 'row', type: 'nominal' as const, title: null, sort: [...ids], axis };
  const side = Math.max(120, Math.min(480, 48 * ids.length));
  return {
    title: o.title,
    width: side,
    height: side,
    data: { values: [...cells] },
    layer: [
      {
        name: 'cell',
        mark: { type: 'rect', stroke: '#fff', strokeWidth: 1 },
        encoding: {
          x,
          y,
          color: { field: 'value', type: 'quantitative', title: o.legend, scale: { domain: o.domain, scheme: 'blues' } },
          tooltip: [{ field: 'row' }, { field: 'col' }, { field: 'label', title: 'distance' }],
        },
      },
      {
        name: 'value',
        mark: { type: 'text', fontSize: 11 },
        // Dark cells get white text; the test reads a field we computed, never text from run.json.
        encoding: {
          x,
          y,
          text: { field: 'label' },
          color: { condition: { test: `datum.value > ${(o.domain[1] * 0.55).toFixed(3)}`, value: '#fff' }, value: '#222' },
        },
      },
    ],
  } as TopLevelSpec;
}

function pairTable(data: DistanceData, level: number): Markup {
  const head = html`<tr>${sortHead('model A', 'text')}${sortHead('model B', 'text')}${DISTANCE_METRIC_ORDER.map((m) => sortHead(DISTANCE_METRIC_NAMES[m]!, 'num', 'ascending', m))}</tr>`;
  const body = data.pairs.map(
    (p) =>
      html`<tr><th scope="row" data-v="${p.a}"><span class="model">${p.a}</span></th><td data-v="${p.b}"><span class="model">${p.b}</span></td>${DISTANCE_METRIC_ORDER.map((m) => valueCell(p.rows.get(m)))}</tr>`,
  );
  return html`<table class="sortable distance"><caption>each pair: value [${level}% CI] n=prompts · lower is closer</caption><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

export async function distanceSection(board: Board, section: Downstream, id: string): Promise<Markup> {
  const data = distanceData(section);
  const level = Math.round(board.level * 100);
  const title = html`<h2>Reward distances${section.suite.options.suite ? html` on <code>${section.suite.options.suite}</code>` : ''}</h2>`;
  if (data.pairs.length === 0)
    return html`<section class="distance" id="${id}">${title}${sectionMeta(section, board)}<p class="note">This run holds no pairs.</p></section>`;
  const ids = data.models.map((m) => m.id);
  const svg = await renderChart(heatmapSpec(heatCells(data), ids, { title: 'STARC distance (L2)', legend: 'STARC L2', domain: [0, 2] }));
  return html`<section class="distance" id="${id}">${title}${sectionMeta(section, board)}
<p class="note">STARC distance between reward models as contextual bandits (prompt = state, response = action): each model's scores are centred per prompt against the ${section.suite.options.reference ?? 'uniform'} reference over the prompt's candidates, divided by one global norm, and compared. 0: the same reward up to per-prompt offsets and one positive scale; 2: opposite rankings everywhere (L2 is in [0, 2]; EPIC = L2/2 = sqrt((1 − ρ)/2)). Per-prompt differences in scale count.</p>
<figure class="chart">${raw(svg)}<figcaption class="note">${ids.length} models · symmetric, diagonal 0</figcaption></figure>
${pairTable(data, level)}</section>`;
}

import type { TopLevelSpec } from 'vega-lite';

/**
 * Vega-Lite specs for the probe and correlation sections, rendered by `renderChart`. Every
 * text (model ids, benchmark keys) enters as data or a title, which Vega writes escaped;
 * nothing from a run.json becomes an expression.
 */

export interface CurvePoint {
  model: string;
  /** train / held-out for PPO; one split for best-of-n. */
  split: string;
  d: number;
  value: number;
  lo: number;
  hi: number;
  /** `n=4`, `step=100`: shown in each point's accessible label. */
  at: string;
}

export interface ReferencePoint {
  curve: string;
  d: number;
  value: number;
}

/**
 * Lines of a value against d = √KL, one per model (and split), each with its CI as a band.
 * The model lines are the layer named `curve` (class `curve_marks` in the SVG), so a test can
 * count them; reference curves (oracle, random pick) are grey and dashed.
 */
export function curveSpec(
  points: readonly CurvePoint[],
  o: {
    title: string;
    x: string;
    y: string;
    models: readonly string[];
    splits?: readonly string[];
    references?: readonly ReferencePoint[];
    ticks?: readonly { d: number; label: string }[];
  },
): TopLevelSpec {
  const x = { field: 'd', type: 'quantitative' as const, title: o.x };
  // Not from zero: gold curves differ by a few hundredths, which a 0-based axis flattens.
  const y = (field: string) => ({ field, type: 'quantitative' as const, title: o.y, scale: { zero: false } });
  const color = { field: 'model', type: 'nominal' as const, title: 'model', scale: { domain: [...o.models] }, legend: { labelLimit: 220 } };
  const split = o.splits && o.splits.length > 1;
  const dash = split
    ? {
        strokeDash: {
          field: 'split',
          type: 'nominal' as const,
          title: 'prompts',
          scale: {
            domain: [...o.splits!],
            range: [
              [1, 0],
              [5, 3],
            ],
          },
        },
      }
    : {};
  const detail = split ? { detail: { field: 'split', type: 'nominal' as const } } : {};
  const references = o.references ?? [];
  const refCurves = [...new Set(references.map((r) => r.curve))];
  return {
    title: o.title,
    width: 420,
    height: 260,
    data: { values: [...points] },
    layer: [
      { name: 'band', mark: { type: 'errorband', opacity: 0.18 }, encoding: { x, y: y('lo'), y2: { field: 'hi' }, color, ...detail } },
      ...(references.length
        ? [
            {
              name: 'reference',
              data: { values: [...references] },
              mark: { type: 'line', color: '#888', strokeWidth: 1.5 },
              encoding: {
                x,
                y: y('value'),
                // Reference curves use their own dash legend: the colour legend is the models'.
                strokeDash: {
                  field: 'curve',
                  type: 'nominal',
                  title: 'reference',
                  scale: {
                    domain: refCurves,
                    range: refCurves.map(
                      (_, i) =>
                        [
                          [6, 3],
                          [2, 2],
                          [8, 2, 2, 2],
                        ][i % 3],
                    ),
                  },
                },
              },
            },
          ]
        : []),
      { name: 'curve', mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y: y('value'), color, ...dash, ...detail } },
      {
        name: 'point',
        mark: { type: 'point', filled: true, size: 28 },
        encoding: { x, y: y('value'), color, tooltip: [{ field: 'model' }, { field: 'split' }, { field: 'at' }, { field: 'value', format: '.3f' }] },
      },
      ...(o.ticks?.length
        ? [
            {
              name: 'ticks',
              data: { values: [...o.ticks] },
              mark: { type: 'text', baseline: 'top', dy: 3, fontSize: 10, color: '#667' },
              encoding: { x, y: { value: 0 }, text: { field: 'label' } },
            },
          ]
        : []),
    ],
    resolve: { scale: { strokeDash: 'independent' } },
  } as TopLevelSpec;
}

export interface ScatterPoint {
  label: string;
  x: number;
  xlo: number;
  xhi: number;
  y: number;
  ylo: number;
  yhi: number;
  baseline: boolean;
}

/** One labelled point per model with CI whiskers on both axes (layer `dot`, class `dot_marks`). */
export function scatterSpec(points: readonly ScatterPoint[], o: { title: string; x: string; y: string }): TopLevelSpec {
  const x = { field: 'x', type: 'quantitative' as const, title: o.x, scale: { zero: false } };
  const y = { field: 'y', type: 'quantitative' as const, title: o.y, scale: { zero: false } };
  const data = points.map((p) => ({ ...p, kind: p.baseline ? 'trivial baseline' : 'model' }));
  const color = {
    field: 'kind',
    type: 'nominal' as const,
    scale: { domain: ['model', 'trivial baseline'], range: ['#4c78a8', '#bab0ac'] },
    legend: { title: null, orient: 'bottom' as const },
  };
  return {
    title: o.title,
    width: 300,
    height: 240,
    data: { values: data },
    layer: [
      { mark: { type: 'rule', color: '#bbb' }, encoding: { x: { ...x, field: 'xlo' }, x2: { field: 'xhi' }, y } },
      { mark: { type: 'rule', color: '#bbb' }, encoding: { x, y: { ...y, field: 'ylo' }, y2: { field: 'yhi' } } },
      { name: 'dot', mark: { type: 'point', filled: true, size: 50 }, encoding: { x, y, color } },
      { mark: { type: 'text', align: 'left', dx: 6, dy: -6, fontSize: 10, limit: 140 }, encoding: { x, y, text: { field: 'label' } } },
    ],
  } as TopLevelSpec;
}

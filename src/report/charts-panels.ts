import type { TopLevelSpec } from 'vega-lite';
import type { CurvePoint, ReferencePoint } from './charts-downstream.js';

/**
 * Small multiples for probe curves: one panel per model, so eleven gold curves within a few
 * hundredths of each other stop being one pale band. Each panel repeats the reference curves
 * (oracle, random pick) in grey, so every model reads against them without hunting for its
 * colour. Texts (model ids) enter as data and facet headers, which Vega writes escaped; the
 * only expressions are our own constant filters.
 */

/** Above this many models the probe sections draw one panel per model instead of one shared chart. */
export const PANEL_THRESHOLD = 4;

const PANEL = { width: 190, height: 120 };
const SPLIT_COLOURS = ['#4c78a8', '#f58518'];

export function panelsSpec(
  points: readonly CurvePoint[],
  o: {
    title: string;
    x: string;
    y: string;
    models: readonly string[];
    splits: readonly string[];
    references?: readonly ReferencePoint[];
    /** Each panel its own y scale: proxy rewards are on each model's own scale. */
    independentY?: boolean;
  },
): TopLevelSpec {
  const refs = o.references ?? [];
  const refCurves = [...new Set(refs.map((r) => r.curve))];
  const data = [
    ...points.map((p) => ({ ...p, kind: 'model' })),
    ...o.models.flatMap((model) => refs.map((r) => ({ model, split: r.curve, d: r.d, value: r.value, lo: r.value, hi: r.value, at: '', kind: 'reference' }))),
  ];
  const x = { field: 'd', type: 'quantitative' as const, title: o.x };
  const y = (field: string) => ({ field, type: 'quantitative' as const, title: o.y, scale: { zero: false } });
  const color = {
    field: 'split',
    type: 'nominal' as const,
    title: o.splits.length > 1 ? 'prompts' : null,
    scale: { domain: [...o.splits], range: SPLIT_COLOURS.slice(0, o.splits.length) },
    legend: o.splits.length > 1 ? {} : null,
  };
  const own = [{ filter: "datum.kind === 'model'" }];
  return {
    title: o.title,
    data: { values: data },
    columns: 4,
    facet: { field: 'model', type: 'nominal', title: null, sort: [...o.models], header: { labelLimit: PANEL.width, labelFontSize: 11 } },
    spec: {
      ...PANEL,
      layer: [
        { name: 'band', transform: own, mark: { type: 'errorband', opacity: 0.2 }, encoding: { x, y: y('lo'), y2: { field: 'hi' }, color } },
        ...(refs.length
          ? [
              {
                name: 'reference',
                transform: [{ filter: "datum.kind === 'reference'" }],
                mark: { type: 'line', color: '#999', strokeWidth: 1.2 },
                encoding: {
                  x,
                  y: y('value'),
                  strokeDash: {
                    field: 'split',
                    type: 'nominal',
                    title: 'reference',
                    scale: {
                      domain: refCurves,
                      range: refCurves.map(
                        (_, i) =>
                          [
                            [6, 3],
                            [2, 2],
                          ][i % 2],
                      ),
                    },
                  },
                },
              },
            ]
          : []),
        { name: 'curve', transform: own, mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y: y('value'), color } },
        {
          name: 'point',
          transform: own,
          mark: { type: 'point', filled: true, size: 20 },
          encoding: { x, y: y('value'), color, tooltip: [{ field: 'model' }, { field: 'split' }, { field: 'at' }, { field: 'value', format: '.3f' }] },
        },
      ],
    },
    // One legend for all panels; only proxy values (each model's own scale) get a y scale per panel.
    ...(o.independentY && { resolve: { scale: { y: 'independent' } } }),
  } as TopLevelSpec;
}

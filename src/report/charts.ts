import type { TopLevelSpec } from 'vega-lite';

/**
 * The one chart component: a Vega-Lite spec in, a static SVG out, rendered in Node at report
 * time, so a report needs no network and no script to show its pictures. Vega escapes every
 * text it writes into the SVG. Spec builders below (bars with CI whiskers now; Best-of-N
 * curves, scatter plots and heatmaps as later suites need them) feed `renderChart`.
 */

let vegaModules: Promise<[typeof import('vega'), typeof import('vega-lite')]> | undefined;
// Imported on first use: `--help`, `ls` and runs without a report never load Vega.
const loadVega = () => (vegaModules ??= Promise.all([import('vega'), import('vega-lite')]));

const FONT = 'system-ui, -apple-system, "Segoe UI", sans-serif';

/** Render a Vega-Lite spec to SVG markup. Data must be inline (`data.values`): nothing is loaded. */
export async function renderChart(spec: TopLevelSpec, onWarning: (message: string) => void = () => {}): Promise<string> {
  const [vega, vl] = await loadVega();
  // Vega-Lite would print its warnings to the console of whoever runs the report.
  const logger = vega.logger(vega.Warn);
  logger.warn = (...args: readonly unknown[]) => (onWarning(args.map(String).join(' ')), logger);
  const compiled = vl.compile({ config: { font: FONT, view: { stroke: null } }, ...spec } as TopLevelSpec, { logger }).spec;
  // A loader that refuses everything: a spec built from data can never make the renderer fetch.
  const loader = vega.loader();
  loader.load = async (uri: string) => {
    throw new Error(`charts load no external data (asked for ${uri})`);
  };
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader, logger });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface CiBar {
  label: string;
  value: number;
  lo: number;
  hi: number;
  /** Trivial baselines are drawn grey. */
  baseline: boolean;
}

/** Horizontal bars, best first, with the CI as a whisker: one bar per model (labels must be unique). */
export function ciBarsSpec(bars: readonly CiBar[], o: { title: string; axis: string; higherIsBetter: boolean; domain?: [number, number] }): TopLevelSpec {
  const x = { type: 'quantitative' as const, title: o.axis, ...(o.domain && { scale: { domain: o.domain } }) };
  const data = bars.map((b) => ({ ...b, kind: b.baseline ? 'trivial baseline' : 'model' }));
  // Labels are unique (the board makes them so); bars are ordered by value, best on top, listed as data, not as an expression.
  const order = [...bars].sort((a, b) => (o.higherIsBetter ? b.value - a.value : a.value - b.value)).map((b) => b.label);
  const y = { field: 'label', type: 'nominal' as const, title: null, sort: order, axis: { labelLimit: 220 } };
  return {
    title: o.title,
    width: 360,
    height: { step: 16 },
    data: { values: data },
    layer: [
      {
        mark: { type: 'bar', height: 10 },
        encoding: {
          y,
          x: { field: 'value', ...x },
          color: {
            field: 'kind',
            type: 'nominal',
            scale: { domain: ['model', 'trivial baseline'], range: ['#4c78a8', '#bab0ac'] },
            legend: { title: null, orient: 'bottom' },
          },
        },
      },
      { mark: { type: 'rule', color: '#222' }, encoding: { y, x: { field: 'lo', ...x }, x2: { field: 'hi' } } },
    ],
  } as TopLevelSpec;
}

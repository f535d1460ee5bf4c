import type { ResultRow } from '../core/run-schema.js';
import type { Downstream } from './board.js';

/**
 * The rows of a probe or correlation suite regrouped for renderers (HTML, Markdown): pure.
 * Any metric may be missing (an older or partial run, a probe that could not fit), so every
 * lookup is optional and renderers show a dash.
 */

export interface ProbeStep {
  /** n for best-of-n, the training step for PPO. */
  t: number;
  rows: Map<string, ResultRow>;
}

export interface ProbeModel {
  id: string;
  baseline: boolean;
  steps: ProbeStep[];
  /** The `all` subset: the fit parameters. */
  fit: Map<string, ResultRow>;
}

export interface ProbeData {
  /** The subset prefix: `n` (`n=4`) or `step` (`step=100`). */
  param: string;
  models: ProbeModel[];
  /** Every n or step that occurs, ascending. */
  ts: number[];
}

/** Models in the run's order, then any that only the rows name. */
function modelOrder(section: Downstream, ids: Iterable<string>): { id: string; baseline: boolean }[] {
  const listed = section.models.map((m) => ({ id: m.id, baseline: m.baseline }));
  const extra = [...new Set(ids)].filter((id) => !listed.some((m) => m.id === id));
  return [...listed, ...extra.map((id) => ({ id, baseline: false }))];
}

export function probeData(section: Downstream): ProbeData {
  const param = section.kind === 'bon' ? 'n' : 'step';
  const re = new RegExp(`^${param}=(\\d+(?:\\.\\d+)?)$`);
  const models = modelOrder(
    section,
    section.results.map((r) => r.model),
  ).flatMap(({ id, baseline }) => {
    const own = section.results.filter((r) => r.model === id);
    if (own.length === 0) return [];
    const steps = new Map<number, ProbeStep>();
    for (const r of own) {
      const m = re.exec(r.subset);
      if (!m) continue;
      const t = Number(m[1]);
      (steps.get(t) ?? steps.set(t, { t, rows: new Map() }).get(t)!).rows.set(r.metric, r);
    }
    const fit = new Map(own.filter((r) => r.subset === 'all').map((r) => [r.metric, r]));
    return [{ id, baseline, steps: [...steps.values()].sort((a, b) => a.t - b.t), fit }];
  });
  const ts = [...new Set(models.flatMap((m) => m.steps.map((s) => s.t)))].sort((a, b) => a - b);
  return { param, models, ts };
}

/**
 * d = √KL, the x axis of Gao et al.'s curves. A sampled KL estimate can come out slightly
 * negative; it is read as 0 rather than dropping the point.
 */
export const sqrtKl = (kl: ResultRow | undefined): number | undefined =>
  kl === undefined || !Number.isFinite(kl.value) ? undefined : Math.sqrt(Math.max(0, kl.value));

/** The coefficients `correlate` reports, in the order shown; others found in the rows follow. */
export const COEFFICIENTS = ['kendall_tau_b', 'spearman', 'pearson', 'ndcg', 'rbo'] as const;
export const COEFFICIENT_NAMES: Record<string, string> = {
  kendall_tau_b: 'Kendall τ-b',
  spearman: 'Spearman ρ',
  pearson: 'Pearson r',
  ndcg: 'NDCG',
  rbo: 'RBO',
};

export interface CorrelationRow {
  benchmark: string;
  coef: Map<string, ResultRow>;
  /** Leave-one-model-out range per coefficient. */
  loo: Map<string, { min?: ResultRow; max?: ResultRow }>;
}

export interface CorrelationModel {
  id: string;
  baseline: boolean;
  outcome?: ResultRow;
  benchmark: Map<string, ResultRow>;
  /** benchmark → coefficient → its value without this model. */
  without: Map<string, Map<string, ResultRow>>;
}

export interface CorrelationData {
  outcome: string;
  coefficients: string[];
  /** Sorted by Kendall τ-b, highest first; missing values last. */
  rows: CorrelationRow[];
  models: CorrelationModel[];
}

const ACROSS = '*';

export function correlationData(section: Downstream): CorrelationData {
  const all = section.results;
  const across = all.filter((r) => r.model === ACROSS);
  const outcome = section.suite.options.outcome ?? all.find((r) => r.metric === 'outcome')?.subset ?? '';
  const named = (section.suite.options.benchmarks ?? '').split(/\s+/).filter((b) => b !== '');
  const benchmarks = [...new Set([...named, ...across.map((r) => r.subset)])].filter((b) => b !== outcome);
  const isRange = (m: string): boolean => /_loo_(min|max)$/.test(m);
  const found = [...new Set(across.map((r) => r.metric).filter((m) => !isRange(m)))];
  const coefficients = [...COEFFICIENTS.filter((c) => found.includes(c)), ...found.filter((c) => !(COEFFICIENTS as readonly string[]).includes(c))];
  const rows = benchmarks.map((benchmark): CorrelationRow => {
    const own = across.filter((r) => r.subset === benchmark);
    const get = (metric: string): ResultRow | undefined => own.find((r) => r.metric === metric);
    return {
      benchmark,
      coef: new Map(coefficients.flatMap((c) => (get(c) ? [[c, get(c)!] as const] : []))),
      loo: new Map(
        coefficients.map((c) => [c, { ...(get(`${c}_loo_min`) && { min: get(`${c}_loo_min`)! }), ...(get(`${c}_loo_max`) && { max: get(`${c}_loo_max`)! }) }]),
      ),
    };
  });
  const tau = (r: CorrelationRow): number | undefined => r.coef.get('kendall_tau_b')?.value;
  const ranked = rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const x = tau(a.r);
      const y = tau(b.r);
      return (x === undefined ? (y === undefined ? 0 : 1) : y === undefined ? -1 : y - x) || a.i - b.i;
    })
    .map((x) => x.r);
  const models = modelOrder(
    section,
    all.map((r) => r.model).filter((m) => m !== ACROSS),
  ).flatMap(({ id, baseline }): CorrelationModel[] => {
    const own = all.filter((r) => r.model === id);
    if (own.length === 0) return [];
    const without = new Map<string, Map<string, ResultRow>>();
    for (const r of own) {
      const m = /^(.+)_without$/.exec(r.metric);
      if (m) (without.get(r.subset) ?? without.set(r.subset, new Map()).get(r.subset)!).set(m[1]!, r);
    }
    const outcomeRow = own.find((r) => r.metric === 'outcome');
    return [
      {
        id,
        baseline,
        ...(outcomeRow && { outcome: outcomeRow }),
        benchmark: new Map(own.filter((r) => r.metric === 'benchmark').map((r) => [r.subset, r])),
        without,
      },
    ];
  });
  return { outcome, coefficients, rows: ranked, models };
}

/** Models without which a benchmark's Kendall τ-b is undefined (they have a value but no `kendall_tau_b_without` row). */
export const restsOn = (data: CorrelationData, row: CorrelationRow): string[] =>
  row.coef.has('kendall_tau_b')
    ? data.models.filter((m) => m.benchmark.has(row.benchmark) && !m.without.get(row.benchmark)?.has('kendall_tau_b')).map((m) => m.id)
    : [];

/**
 * The best benchmark, as `correlate` picks it (probes/correlate.ts bestPredictor): only rows whose
 * Kendall τ-b interval lies above 0 qualify, since a highest τ-b whose interval includes 0 could
 * be noise; among them the first ranked one that rests on no single model, else the first.
 */
export const bestBenchmark = (data: CorrelationData): CorrelationRow | undefined => {
  const above = data.rows.filter((r) => (r.coef.get('kendall_tau_b')?.ci[0] ?? NaN) > 0);
  return above.find((r) => restsOn(data, r).length === 0) ?? above[0];
};

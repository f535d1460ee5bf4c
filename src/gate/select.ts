import type { ResultRow, RunFile } from '../core/run-schema.js';
import { isPattern, matcher } from './policy.js';
import type { GateRule } from './policy-schema.js';

/** What a rule selects from a run, and when that is nothing, a sentence saying what there is instead. */
export interface Selection {
  rows: ResultRow[];
  problem?: string;
}

const list = (xs: Iterable<string>): string => [...new Set(xs)].join(', ') || '(none)';

/** The rule's selector, as shown when nothing matches: `model=* suite=pairwise subset=all metric=accuracy`. */
export function selectorText(rule: GateRule): string {
  return `model=${rule.model ?? '*'} suite=${rule.suite ?? '*'} subset=${rule.subset ?? 'all'} metric=${rule.metric ?? '(primary)'}`;
}

/**
 * The candidate rows a rule selects. A pattern with `*` skips models marked `baseline` (a
 * `model: "*"` floor would otherwise fail on heuristic:random); an exact model id selects it anyway.
 */
export function selectRows(run: RunFile, rule: GateRule): Selection {
  const modelPattern = rule.model ?? '*';
  const baselines = new Set(run.models.filter((m) => m.baseline).map((m) => m.id));
  const modelIds = [...new Set([...run.models.map((m) => m.id), ...run.results.map((r) => r.model)])];
  const matchModel = matcher(modelPattern);
  const named = modelIds.filter(matchModel);
  const models = new Set(isPattern(modelPattern) ? named.filter((m) => !baselines.has(m)) : named);
  const matchSuite = matcher(rule.suite ?? '*');
  const matchSubset = matcher(rule.subset ?? 'all');
  const primary = new Map(run.suites.map((s) => [s.id, s.primaryMetric]));
  const metric = rule.metric === undefined ? undefined : matcher(rule.metric);
  const matchMetric = (r: ResultRow): boolean => (metric ? metric(r.metric) : r.metric === primary.get(r.suite));

  const byModel = run.results.filter((r) => models.has(r.model));
  const bySuite = byModel.filter((r) => matchSuite(r.suite));
  const bySubset = bySuite.filter((r) => matchSubset(r.subset));
  const rows = bySubset.filter(matchMetric);
  if (rows.length > 0) return { rows };

  const head = `no result matches ${selectorText(rule)}`;
  let why: string;
  if (models.size === 0) {
    const label = (m: string): string => (baselines.has(m) ? `${m} (baseline)` : m);
    why =
      named.length > 0
        ? `the models matching "${modelPattern}" (${list(named)}) are all marked baseline, which a pattern with * skips; name one exactly to gate it`
        : `available models: ${list(modelIds.map(label))}`;
  } else if (byModel.length === 0) why = `the selected models have no results`;
  else if (bySuite.length === 0) why = `available suites: ${list(byModel.map((r) => r.suite))}`;
  else if (bySubset.length === 0) why = `available subsets: ${list(bySuite.map((r) => r.subset))}`;
  else why = `available metrics: ${list(bySubset.map((r) => r.metric))}`;
  return { rows, problem: `${head}; ${why}` };
}

/**
 * The baseline-run model a candidate model is compared with: `baselineModel` if the rule sets
 * it, else the same id, else the baseline run's only non-baseline model.
 */
export function baselineModelFor(baseline: RunFile, candidateModel: string, rule: GateRule): { model: string } | { problem: string } {
  const ids = new Set([...baseline.models.map((m) => m.id), ...baseline.results.map((r) => r.model)]);
  if (rule.baselineModel !== undefined) {
    return ids.has(rule.baselineModel)
      ? { model: rule.baselineModel }
      : { problem: `the baseline run has no model "${rule.baselineModel}" (baselineModel); its models: ${list(ids)}` };
  }
  if (ids.has(candidateModel)) return { model: candidateModel };
  const real = baseline.models.filter((m) => !m.baseline).map((m) => m.id);
  if (real.length === 1) return { model: real[0]! };
  return {
    problem: `the baseline run has no model "${candidateModel}" and ${real.length} non-baseline models (${list(real)}): set "baselineModel" in the rule`,
  };
}

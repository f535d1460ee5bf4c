import type { ResultRow, RunFile, SuiteEntry } from '../../src/core/run-schema.js';
import { syntheticRun } from './runs.js';

/**
 * Hand-written probe and correlation run.json objects (valid against RunFileSchema), with
 * values chosen so a test can find them formatted in the page: best-of-n (suite bon), PPO
 * (suite ppo, the row contract `rewardgauge probe ppo` writes) and `correlate`'s output.
 */

export const HOSTILE_ID = '<img src=x onerror=alert(1)>';

const row = (model: string, suite: string, subset: string, metric: string, value: number, half = 0.01, n = 200, higherIsBetter = true): ResultRow => ({
  model,
  suite,
  subset,
  metric,
  value,
  ci: [value - half, value + half],
  n,
  higherIsBetter,
});

function base(
  models: readonly string[],
  suite: Omit<SuiteEntry, 'version' | 'dataset' | 'format' | 'warnings' | 'items'> & { items?: number },
  results: ResultRow[],
  baselines: readonly string[] = [],
): RunFile {
  const run = syntheticRun({ models, suites: [], baselines });
  run.suites = [{ version: '1', items: suite.items ?? 200, dataset: `sha256:${suite.id}`, format: 'rewardgauge-pool', warnings: [], ...suite }];
  run.results = results;
  run.command = ['rewardgauge', suite.id === 'correlation' ? 'correlate' : 'probe', suite.id];
  delete run.examples;
  return run;
}

const klBon = (n: number): number => Math.log(n) - (n - 1) / n;

/** Best-of-n for n = 1, 2, 4, 8: model `m` gets gold 0.3 + m·0.01·log2(n) (the first model peaks: no `peak_d` for the others). */
export function bonRun(models: readonly string[] = ['alpha', 'beta', HOSTILE_ID]): RunFile {
  const results = models.flatMap((m, k) => [
    ...[1, 2, 4, 8].flatMap((n) => [
      row(m, 'bon', `n=${n}`, 'gold', 0.3 + (k + 1) * 0.01 * Math.log2(n) - (k === 0 ? 0.004 * n : 0)),
      row(m, 'bon', `n=${n}`, 'proxy', 1 + Math.log2(n)),
      row(m, 'bon', `n=${n}`, 'oracle', 0.3 + 0.1 * Math.log2(n)),
      row(m, 'bon', `n=${n}`, 'random', 0.3),
      row(m, 'bon', `n=${n}`, 'kl', klBon(n), 0, 200, false),
    ]),
    row(m, 'bon', 'all', 'fit_alpha', 0.0123 * (k + 1)),
    row(m, 'bon', 'all', 'fit_beta', 0.0456, 0.01, 200, false),
    ...(k === 0 ? [row(m, 'bon', 'all', 'peak_d', 0.789)] : []),
  ]);
  return base(models, { id: 'bon', data: '/data/pool.jsonl', primaryMetric: 'gold', options: { samples: '8' } }, results);
}

/** PPO at steps 0, 100, 200; held-out rows for every model but the last; `heldout_peak_d` absent. */
export function ppoRun(models: readonly string[] = ['alpha', HOSTILE_ID]): RunFile {
  const results = models.flatMap((m, k) => [
    ...[0, 100, 200].flatMap((t, i) => [
      row(m, 'ppo', `step=${t}`, 'gold', 0.4 + 0.05 * i - 0.02 * k * i),
      row(m, 'ppo', `step=${t}`, 'proxy', 10 * (k + 1) * (1 + i)),
      row(m, 'ppo', `step=${t}`, 'kl', 0.5 * i * i, 0.05, 200, false),
      ...(k < models.length - 1
        ? [
            row(m, 'ppo', `step=${t}`, 'heldout_gold', 0.38 + 0.04 * i),
            row(m, 'ppo', `step=${t}`, 'heldout_proxy', 9 * (1 + i)),
            row(m, 'ppo', `step=${t}`, 'heldout_kl', 0.6 * i * i, 0.05, 200, false),
          ]
        : []),
    ]),
    row(m, 'ppo', 'all', 'fit_alpha', 0.2346),
    row(m, 'ppo', 'all', 'fit_beta', 0.0678, 0.01, 200, false),
    row(m, 'ppo', 'all', 'peak_d', 1.5),
    ...(k < models.length - 1 ? [row(m, 'ppo', 'all', 'heldout_fit_alpha', 0.1111), row(m, 'ppo', 'all', 'heldout_fit_beta', 0.0222, 0.01, 200, false)] : []),
  ]);
  return base(models, { id: 'ppo', data: '/data/prompts.jsonl', primaryMetric: 'gold', options: { steps: '200' } }, results);
}

export const OUTCOME = 'bon:gold@n=16';
/** Kendall τ-b: 0.2 (pairwise), 0.8 (rewardmath), 0.5 (contrast): the table must put rewardmath first. */
export const BENCHMARKS = { 'pairwise:accuracy@all': 0.2, 'rewardmath:pair_accuracy@all': 0.8, 'contrast:full_consistency@all': 0.5 } as const;

export function correlationRun(models: readonly string[] = ['alpha', 'beta', 'gamma', HOSTILE_ID]): RunFile {
  const keys = Object.keys(BENCHMARKS);
  const across = Object.entries(BENCHMARKS).flatMap(([b, tau]) => [
    row('*', 'correlation', b, 'kendall_tau_b', tau, 0.3, models.length),
    row('*', 'correlation', b, 'spearman', tau + 0.05, 0.3, models.length),
    row('*', 'correlation', b, 'pearson', tau + 0.07, 0.3, models.length),
    row('*', 'correlation', b, 'ndcg', 0.9, 0.05, models.length),
    row('*', 'correlation', b, 'rbo', 0.7, 0.1, models.length),
    row('*', 'correlation', b, 'kendall_tau_b_loo_min', tau - 0.321, 0, models.length - 1),
    row('*', 'correlation', b, 'kendall_tau_b_loo_max', tau + 0.123, 0, models.length - 1),
  ]);
  const perModel = models.flatMap((m, k) => [
    row(m, 'correlation', OUTCOME, 'outcome', 0.3 + 0.05 * k),
    ...keys.flatMap((b, j) => [
      row(m, 'correlation', b, 'benchmark', 0.5 + 0.1 * k - 0.05 * j),
      row(m, 'correlation', b, 'kendall_tau_b_without', 0.6 - 0.1 * k, 0, models.length - 1),
    ]),
  ]);
  return base(
    models,
    { id: 'correlation', data: 'runs/*', primaryMetric: 'kendall_tau_b', items: models.length, options: { outcome: OUTCOME, benchmarks: keys.join(' ') } },
    [...across, ...perModel],
  );
}

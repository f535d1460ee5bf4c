import { fingerprintOf } from '../core/canonical.js';
import { newRunFile } from '../core/run-file.js';
import { escapeTerminal } from '../core/safe-text.js';
import type { RunFile } from '../core/run-schema.js';
import { fmt, renderTable } from '../report/table.js';
import { bestPredictor, correlate, correlationMetrics, type CoefficientSummary, type Correlation } from './correlate.js';
import type { MetricKey, SourceRun } from './correlate-input.js';

/** A correlation as run.json (suite `correlation`), and its terminal summary: `correlate` and `run` (downstream) both write it. */

export interface CorrelationSettings {
  seed: number;
  bootstrap: { samples: number; level: number };
  rboP: number;
  includeBaselines: boolean;
}

export function correlationRun(
  runs: readonly SourceRun[],
  benchmarks: readonly MetricKey[],
  outcome: MetricKey,
  s: CorrelationSettings,
  command: string[],
): { run: RunFile; c: Correlation } {
  const c = correlate(runs, benchmarks, outcome, { seed: s.seed, ...s.bootstrap, rboP: s.rboP, includeBaselines: s.includeBaselines });
  const keys = benchmarks.map((k) => k.text);
  const run = newRunFile({
    seed: s.seed,
    command,
    config: {
      correlate: { runs: runs.map((r) => r.file), benchmarks: keys, outcome: outcome.text, rboP: s.rboP, includeBaselines: s.includeBaselines },
      bootstrap: s.bootstrap,
    },
    bootstrap: s.bootstrap,
    models: c.models,
    suites: [
      {
        id: 'correlation',
        version: '1',
        items: c.models.length,
        dataset: fingerprintOf(runs.map((r) => r.hash).sort(), keys, outcome.text),
        data: runs.map((r) => r.file).join(', '),
        format: 'rewardgauge-runs',
        primaryMetric: 'kendall_tau_b',
        metrics: correlationMetrics(s.rboP),
        options: { outcome: outcome.text, benchmarks: keys.join(' '), rboP: String(s.rboP) },
        warnings: c.warnings,
      },
    ],
    results: c.results,
  });
  return { run, c };
}

const cell = (c: CoefficientSummary, withCi = false): string =>
  Number.isNaN(c.value) ? '–' : withCi ? `${fmt(c.value)} [${fmt(c.ci[0])}, ${fmt(c.ci[1])}]` : fmt(c.value);

export function correlationSummary(c: Correlation, outcome: MetricKey, level: number): string {
  const header = ['benchmark', 'models', `pearson [${Math.round(level * 100)}% CI]`, 'spearman', 'kendall τ-b', 'ndcg', 'rbo'];
  const body = c.benchmarks.map((b) => {
    const k = b.coefficients;
    return [b.key, String(b.models.length), cell(k.pearson, true), cell(k.spearman), cell(k.kendall_tau_b), cell(k.ndcg), cell(k.rbo)];
  });
  const left = c.excluded.length ? ` (baselines left out: ${c.excluded.join(', ')})` : '';
  const best = bestPredictor(c.benchmarks);
  const verdict = best
    ? `best predictor of ${outcome.text}: ${best.key} (Kendall τ-b = ${fmt(best.coefficients.kendall_tau_b.value)}, leave-one-out ${fmt(best.coefficients.kendall_tau_b.looMin)} to ${fmt(best.coefficients.kendall_tau_b.looMax)}${
        best.coefficients.kendall_tau_b.restsOn.length ? `; undefined without ${best.coefficients.kendall_tau_b.restsOn.join(', ')}` : ''
      })`
    : `best predictor of ${outcome.text}: none (Kendall τ-b is undefined for every benchmark)`;
  // Benchmark keys and excluded ids come from run.json files that may be someone else's.
  return `${escapeTerminal(`Benchmarks against ${outcome.text}, across models${left}`)}\n${renderTable(header, body)}\n\n${escapeTerminal(verdict)}\n`;
}

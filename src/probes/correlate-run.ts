import { fingerprintOf } from '../core/canonical.js';
import { newRunFile } from '../core/run-file.js';
import { escapeTerminal } from '../core/safe-text.js';
import type { RunFile } from '../core/run-schema.js';
import { fmt, renderTable } from '../report/table.js';
import {
  bestPredictor,
  COEFFICIENTS,
  correlate,
  correlationMetrics,
  highestTau,
  type Coefficient,
  type CoefficientSummary,
  type Correlation,
} from './correlate.js';
import type { MetricKey, SourceRun, VersusRandom } from './correlate-input.js';

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

const NAMES: Record<Coefficient, string> = { pearson: 'pearson', spearman: 'spearman', kendall_tau_b: 'kendall τ-b', ndcg: 'ndcg', rbo: 'rbo' };

const interval = (c: CoefficientSummary): string => (Number.isNaN(c.value) ? '–' : `[${fmt(c.ci[0])}, ${fmt(c.ci[1])}]`);
const looRange = (c: CoefficientSummary): string => (Number.isNaN(c.looMin) ? '–' : `${fmt(c.looMin)} to ${fmt(c.looMax)}`);

/**
 * The terminal summary: every coefficient with its bootstrap CI and leave-one-model-out range,
 * then the verdict. A benchmark is called the best predictor only when its Kendall τ-b interval
 * lies above 0; with few models it usually does not, and the summary says so instead of crowning
 * the largest point value.
 */
export function correlationSummary(c: Correlation, outcome: MetricKey, level: number): string {
  const pct = `${Math.round(level * 100)}% CI`;
  const header = ['benchmark', 'models', 'coefficient', 'value', pct, 'leave-one-out'];
  const body = c.benchmarks.flatMap((b) =>
    COEFFICIENTS.map((name, k) => {
      const x = b.coefficients[name];
      return [k === 0 ? b.key : '', k === 0 ? String(b.models.length) : '', NAMES[name], Number.isNaN(x.value) ? '–' : fmt(x.value), interval(x), looRange(x)];
    }),
  );
  const left = c.excluded.length ? ` (baselines left out: ${c.excluded.join(', ')})` : '';
  const lines = [`Benchmarks against ${outcome.text}, across models${left}`, renderTable(header, body), '', verdict(c, outcome, pct)];
  if (c.random && c.random.worse.length === c.random.of) lines.push(worseThanRandom(c.random, outcome));
  // Benchmark keys and excluded ids come from run.json files that may be someone else's.
  return `${lines.map((l, i) => (i === 1 ? l : escapeTerminal(l))).join('\n')}\n`;
}

function verdict(c: Correlation, outcome: MetricKey, pct: string): string {
  const best = bestPredictor(c.benchmarks);
  if (best) {
    const k = best.coefficients.kendall_tau_b;
    const rests = k.restsOn.length ? `; undefined without ${k.restsOn.join(', ')}` : '';
    return `best predictor of ${outcome.text}: ${best.key} (Kendall τ-b = ${fmt(k.value)}, ${pct} ${interval(k)} above 0, leave-one-out ${looRange(k)}${rests})`;
  }
  const top = highestTau(c.benchmarks);
  if (!top) return `best predictor of ${outcome.text}: none (Kendall τ-b is undefined for every benchmark)`;
  const k = top.coefficients.kendall_tau_b;
  return (
    `no predictor of ${outcome.text} is distinguishable from none: every benchmark's Kendall τ-b ${pct} reaches 0 or below ` +
    `(the highest, ${top.key}, is ${fmt(k.value)} ${interval(k)}); more models would narrow the intervals`
  );
}

function worseThanRandom(r: VersusRandom, outcome: MetricKey): string {
  const span = (x: [number, number]): string => (x[0] === x[1] ? fmt(x[0]) : `${fmt(x[0])} to ${fmt(x[1])}`);
  return (
    `every one of the ${r.of} reward models picks worse than random on this pool: ${outcome.text} is ${span(r.outcome)}, ` +
    `a random pick gets ${span(r.random)} (${outcome.suite}:random@${outcome.subset}); the correlations rank models that all hurt selection`
  );
}

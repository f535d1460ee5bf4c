import type { ResultRow, RunFile } from '../../src/core/run-schema.js';

/**
 * Hand-made run.json objects for the correlate tests: each model has values for keys
 * `SUITE:METRIC@SUBSET`, written as rows with a ±0.05 interval and n = 100. The values are
 * inputs; tests compute what to expect from them.
 */
export interface ModelValues {
  id: string;
  values: Record<string, number>;
  baseline?: boolean;
  fingerprint?: string;
  /** Keys whose metric is lower-is-better. */
  lowerIsBetter?: string[];
}

const split = (key: string): [string, string, string] => {
  const [suite, rest] = key.split(':') as [string, string];
  const [metric, subset = 'all'] = rest.split('@') as [string, string?];
  return [suite, metric, subset];
};

export function handRun(models: readonly ModelValues[]): RunFile {
  const results: ResultRow[] = models.flatMap((m) =>
    Object.entries(m.values).map(([key, value]) => {
      const [suite, metric, subset] = split(key);
      return { model: m.id, suite, subset, metric, value, ci: [value - 0.05, value + 0.05], n: 100, higherIsBetter: !m.lowerIsBetter?.includes(key) };
    }),
  );
  const suites = [...new Set(results.map((r) => r.suite))];
  return {
    schemaVersion: 1,
    tool: { name: 'rewardgauge', version: '0.1.0' },
    createdAt: '2026-12-01T00:00:00Z',
    seed: 0,
    command: ['rewardgauge', 'run'],
    config: {},
    statistics: { bootstrap: { samples: 100, level: 0.95, method: 'percentile', resample: 'cluster' } },
    models: models.map((m) => ({
      id: m.id,
      spec: `scores:${m.id}.jsonl`,
      adapter: 'scores',
      fingerprint: m.fingerprint ?? `sha256:${m.id}`,
      baseline: m.baseline ?? false,
      options: {},
      stats: { requests: 0, uniqueRequests: 0, cacheHits: 0, modelCalls: 0, batches: 0, seconds: 0 },
      warnings: [],
    })),
    suites: suites.map((id) => ({
      id,
      version: '1',
      items: 100,
      dataset: `sha256:${id}`,
      data: `/data/${id}.jsonl`,
      format: 'pairwise',
      primaryMetric: 'accuracy',
      options: {},
      warnings: [],
    })),
    results,
  };
}

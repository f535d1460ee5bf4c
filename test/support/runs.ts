import { Rng } from '../../src/core/random.js';
import type { Example, ResultRow, RunFile } from '../../src/core/run-schema.js';

/**
 * Synthetic run.json objects for report tests and the report benchmark: `models` × `suites`
 * with seeded values, subsets, and (optionally) most-wrong examples with texts of a given length.
 */
export interface SyntheticOptions {
  models: readonly string[];
  suites: readonly { id: string; subsets?: readonly string[]; items?: number; higherIsBetter?: boolean }[];
  seed?: number;
  baselines?: readonly string[];
  examples?: number;
  textLength?: number;
  /** Items per suite that examples are drawn from (models share hard items, as real ones do). */
  hardItems?: number;
  texts?: (suite: string, item: number) => { prompt: string; chosen: string; rejected: string };
}

export function syntheticRun(o: SyntheticOptions): RunFile {
  const rng = new Rng(o.seed ?? 1);
  const text = (n: number): string => Array.from({ length: n }, () => 'abcdefghij klmnop '[rng.int(18)]).join('');
  const results: ResultRow[] = [];
  const examples: Example[] = [];
  for (const m of o.models) {
    for (const s of o.suites) {
      const items = s.items ?? 100;
      for (const subset of ['all', ...(s.subsets ?? [])]) {
        const value = Math.round(rng.next() * 1000) / 1000;
        results.push({
          model: m,
          suite: s.id,
          subset,
          metric: 'accuracy',
          value,
          ci: [Math.max(0, value - 0.04), Math.min(1, value + 0.04)],
          n: items,
          higherIsBetter: s.higherIsBetter ?? true,
        });
      }
      for (let k = 0; k < (o.examples ?? 0); k++) {
        const item = rng.int(o.hardItems ?? items);
        const t = o.texts?.(s.id, item) ?? { prompt: text(o.textLength ?? 200), chosen: text(o.textLength ?? 200), rejected: text(o.textLength ?? 200) };
        examples.push({
          model: m,
          suite: s.id,
          item: `${s.id}-${item}`,
          value: 0,
          margin: -rng.next(),
          prompt: t.prompt,
          candidates: [
            { id: 'chosen', role: 'chosen', text: t.chosen, score: rng.next() },
            { id: 'rejected', role: 'rejected', text: t.rejected, score: 1 + rng.next() },
          ],
        });
      }
    }
  }
  return {
    schemaVersion: 1,
    tool: { name: 'rewardgauge', version: '0.1.0' },
    createdAt: '2026-12-01T00:00:00Z',
    seed: o.seed ?? 1,
    command: ['rewardgauge', 'run'],
    config: {},
    statistics: { bootstrap: { samples: 1000, level: 0.95, method: 'percentile', resample: 'cluster' } },
    models: o.models.map((id) => ({
      id,
      spec: `heuristic:${id}`,
      adapter: 'heuristic',
      fingerprint: `sha256:${id}`,
      baseline: o.baselines?.includes(id) ?? false,
      options: {},
      stats: { requests: 0, uniqueRequests: 0, cacheHits: 0, modelCalls: 0, batches: 0, seconds: 0 },
      warnings: [],
    })),
    suites: o.suites.map((s) => ({
      id: s.id,
      version: '1',
      items: s.items ?? 100,
      dataset: `sha256:${s.id}`,
      data: `/data/${s.id}.jsonl`,
      format: 'pairwise',
      primaryMetric: 'accuracy',
      metrics: [{ id: 'accuracy', description: 'mean of 1[s_chosen > s_rejected]', higherIsBetter: s.higherIsBetter ?? true }],
      options: {},
      warnings: [],
    })),
    results,
    examples,
  };
}

import { newRunFile, type writeRunDir } from '../core/run-file.js';
import type { RunFile, SuiteEntry } from '../core/run-schema.js';
import type { ModelSpec } from '../core/types.js';
import { bonSummary, ppoSummary } from './probe-output.js';
import { BON_METRICS, bonProbe } from './bon.js';
import type { Pool } from './pool.js';
import { PPO_METRICS, ppoProbe, type PpoSettings } from './ppo-probe.js';

/** A probe run as run.json: the `probe` command and `run` (with a `downstream` config) both write this. */

export const PROBES = ['bon', 'ppo'] as const;
export type ProbeKind = (typeof PROBES)[number];

export interface ProbeResult {
  run: RunFile;
  lines: Parameters<typeof writeRunDir>[2];
  /** The terminal summary: curves as tables, then each model's fit. */
  summary: () => string;
}

export async function runProbe(kind: ProbeKind, specs: readonly ModelSpec[], pool: Pool, s: PpoSettings, command: string[]): Promise<ProbeResult> {
  const suite = (primaryMetric: string, metrics: SuiteEntry['metrics'], options: Record<string, string>, warnings: string[]): SuiteEntry => ({
    id: kind,
    version: '1',
    items: pool.prompts.length,
    dataset: pool.fingerprint,
    data: pool.file,
    format: pool.format,
    primaryMetric,
    metrics,
    options: { samples: String(pool.size), ...options },
    warnings,
  });
  let body: Pick<RunFile, 'models' | 'suites' | 'results'> & { config: Record<string, unknown> };
  let lines: ProbeResult['lines'];
  let summary: () => string;
  if (kind === 'bon') {
    const r = await bonProbe(specs, pool, s);
    const metrics = [...BON_METRICS, { id: 'kl', description: 'KL_bon(n) = log n − (n − 1)/n', higherIsBetter: false }];
    body = { config: { sizes: r.sizes }, models: r.models, suites: [suite('gold', metrics, {}, r.warnings)], results: r.results };
    lines = r.lines;
    summary = () => bonSummary(pool, r.models, r.results, r.sizes);
  } else {
    const r = await ppoProbe(specs, pool, s);
    const options = {
      ...Object.fromEntries(Object.entries(s.ppo).map(([k, v]) => [k, String(v)])),
      heldout: String(s.heldout),
      train: String(r.split.train),
      heldoutPrompts: String(r.split.heldout),
    };
    body = {
      config: { ppo: s.ppo, heldout: s.heldout },
      models: r.models,
      suites: [suite('heldout_gold', PPO_METRICS, options, r.warnings)],
      results: r.results,
    };
    lines = r.lines;
    summary = () => ppoSummary(r.models, r.results, r.heads, r.split);
  }
  const run = newRunFile({
    seed: s.seed,
    command,
    config: { probe: kind, pool: pool.file, models: specs.map((x) => x.source), ...body.config, bootstrap: s.bootstrap },
    bootstrap: s.bootstrap,
    models: body.models,
    suites: body.suites,
    results: body.results,
  });
  return { run, lines, summary };
}

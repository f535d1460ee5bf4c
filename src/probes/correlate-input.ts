import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256 } from '../core/canonical.js';
import { DataError, UsageError } from '../core/errors.js';
import { readRunFile } from '../core/run-file.js';
import type { ModelEntry, ResultRow, RunFile } from '../core/run-schema.js';

/** What `correlate` reads: metric keys, source runs, and each model's value of a key across runs. */

/** `SUITE:METRIC@SUBSET`; `text` is the normal form, with the subset written out. */
export interface MetricKey {
  suite: string;
  metric: string;
  subset: string;
  text: string;
}

export function parseMetricKey(text: string): MetricKey {
  const m = /^([^:@\s]+):([^:@\s]+)(?:@(\S+))?$/.exec(text);
  if (!m) throw new UsageError(`expected SUITE:METRIC[@SUBSET] (e.g. rewardmath:pair_accuracy@all), got "${text}"`);
  const [, suite, metric, subset = 'all'] = m as unknown as [string, string, string, string?];
  return { suite, metric, subset, text: `${suite}:${metric}@${subset}` };
}

export interface SourceRun {
  /** The run.json path. */
  file: string;
  /** sha256 of the file's bytes, for the correlation's dataset fingerprint. */
  hash: string;
  run: RunFile;
}

/** Read and validate a run folder (or run.json); a missing one is a DataError (exit 2). */
export async function loadSourceRun(path: string): Promise<SourceRun> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new DataError({ file: path }, 'no such run folder or run.json');
  const file = info.isDirectory() ? join(path, 'run.json') : path;
  const run = await readRunFile(file);
  return { file, hash: `sha256:${sha256(await readFile(file))}`, run };
}

const list = (xs: Iterable<string>): string => [...new Set(xs)].sort().join(', ') || '(none)';

/** A key that no run has is a usage error naming what the suite does have. */
export function checkKey(runs: readonly SourceRun[], key: MetricKey, role: string): void {
  const rows = runs.flatMap((r) => r.run.results).filter((r) => r.suite === key.suite);
  if (rows.some((r) => r.metric === key.metric && r.subset === key.subset)) return;
  const head = `${role} ${key.text}: no run has it`;
  if (rows.length === 0) throw new UsageError(`${head}; available suites: ${list(runs.flatMap((r) => r.run.results.map((x) => x.suite)))}`);
  const withMetric = rows.filter((r) => r.metric === key.metric);
  if (withMetric.length === 0)
    throw new UsageError(`${head}; suite ${key.suite} has metrics: ${list(rows.map((r) => r.metric))} (subsets: ${list(rows.map((r) => r.subset))})`);
  throw new UsageError(`${head}; metric ${key.suite}:${key.metric} has subsets: ${list(withMetric.map((r) => r.subset))}`);
}

export interface ModelSource {
  entry: ModelEntry;
  /** Where the entry came from: the first run listing the model. */
  file: string;
}

/**
 * Models by id in first-seen order, each with the entry of the first run that lists it. The same
 * id with another fingerprint is matched anyway, with a warning: it may not be the same model.
 */
export function collectModels(runs: readonly SourceRun[], warnings: string[]): Map<string, ModelSource> {
  const models = new Map<string, ModelSource>();
  for (const { run, file } of runs) {
    for (const entry of run.models) {
      const first = models.get(entry.id);
      if (!first) models.set(entry.id, { entry, file });
      else if (first.entry.fingerprint !== entry.fingerprint) {
        warnings.push(
          `model ${entry.id} has fingerprint ${first.entry.fingerprint} in ${first.file} but ${entry.fingerprint} in ${file}; matched by id, but they may be different models`,
        );
      }
    }
  }
  return models;
}

/**
 * The model's row for the key from the first run that has one. Later runs that disagree are
 * reported, since which value counts then depends on the order of RUN_DIRs.
 */
export function findRow(runs: readonly SourceRun[], model: string, key: MetricKey, warnings: string[]): ResultRow | undefined {
  const matches = runs.flatMap(({ run, file }) =>
    run.results.filter((r) => r.model === model && r.suite === key.suite && r.subset === key.subset && r.metric === key.metric).map((row) => ({ row, file })),
  );
  const first = matches[0];
  for (const other of matches.slice(1)) {
    if (other.row.value !== first!.row.value) {
      warnings.push(`model ${model} has ${key.text} = ${first!.row.value} in ${first!.file} but ${other.row.value} in ${other.file}; using the first`);
    }
  }
  return first?.row;
}

/** How the models' outcomes compare with a random pick from the same pool. */
export interface VersusRandom {
  /** Models whose outcome is below the random pick's (in the metric's direction). */
  worse: string[];
  of: number;
  outcome: [number, number];
  random: [number, number];
}

/**
 * Best-of-n runs carry, beside each model's `gold`, a `random` row at the same subset: the mean
 * gold of the pool, what a random pick gets. When every model has one, say how many picked worse.
 */
export function versusRandom(runs: readonly SourceRun[], outcomes: ReadonlyMap<string, ResultRow>, outcome: MetricKey): VersusRandom | undefined {
  if (outcome.metric === 'random') return undefined;
  const key = { ...outcome, metric: 'random', text: `${outcome.suite}:random@${outcome.subset}` };
  const pairs = [...outcomes].map(([id, row]) => ({ id, row, random: findRow(runs, id, key, []) }));
  if (pairs.length === 0 || pairs.some((p) => p.random === undefined)) return undefined;
  const range = (xs: number[]): [number, number] => [Math.min(...xs), Math.max(...xs)];
  return {
    worse: pairs.filter((p) => (p.row.higherIsBetter ? p.row.value < p.random!.value : p.row.value > p.random!.value)).map((p) => p.id),
    of: pairs.length,
    outcome: range(pairs.map((p) => p.row.value)),
    random: range(pairs.map((p) => p.random!.value)),
  };
}

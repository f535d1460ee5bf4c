import { basename, dirname } from 'node:path';
import { overallScore } from '../metrics/overall.js';
import type { Example, MetricEntry, ModelEntry, ResultRow, RunFile, SuiteEntry } from '../core/run-schema.js';

/**
 * The leaderboard as data, merged from one or more run.json files: one row per model, one
 * column per (suite, dataset). Pure: renderers (HTML, Markdown) only lay it out.
 */

export interface LoadedRun {
  /** Where it was read from, for provenance and for telling runs apart. */
  path: string;
  run: RunFile;
}

export interface Column {
  key: string;
  suite: SuiteEntry;
  /** The suite id, with the data file's name when two columns share a suite id. */
  label: string;
  metric: string;
  higherIsBetter: boolean;
  metrics: MetricEntry[];
  run: number;
}

export interface BoardRow {
  key: string;
  /** The model id, with its run's folder when two runs hold different models of one id. */
  label: string;
  model: ModelEntry;
  run: number;
  /** Result rows by column key, then `subset\u0000metric`. */
  results: Map<string, Map<string, ResultRow>>;
  examples: Map<string, Example[]>;
  overall?: { value: number; ci: [number, number] };
}

/**
 * Suites whose rows are curves and coefficients, not scores to rank by: the best-of-n and PPO
 * probes, `correlate`'s output and reward distances. They get sections of their own, never leaderboard columns.
 */
export const DOWNSTREAM_SUITES = ['bon', 'ppo', 'correlation', 'distance'] as const;
export type DownstreamKind = (typeof DOWNSTREAM_SUITES)[number];
export const isDownstream = (suite: string): suite is DownstreamKind => (DOWNSTREAM_SUITES as readonly string[]).includes(suite);

/** One downstream suite of one run, with that run's rows for it. */
export interface Downstream {
  kind: DownstreamKind;
  suite: SuiteEntry;
  run: number;
  models: ModelEntry[];
  results: ResultRow[];
}

export interface Board {
  runs: LoadedRun[];
  columns: Column[];
  /** Probe and correlation suites, in run order; their models and rows are not in `rows`. */
  downstream: Downstream[];
  rows: BoardRow[];
  /** Columns in the overall score with their weights; empty when no overall is shown. */
  weights: { column: string; weight: number }[];
  level: number;
  warnings: string[];
}

export const cellKey = (subset: string, metric: string): string => `${subset}\u0000${metric}`;

export function resultOf(row: BoardRow, column: Column, subset = 'all', metric = column.metric): ResultRow | undefined {
  return row.results.get(column.key)?.get(cellKey(subset, metric));
}

const runLabel = (path: string): string => basename(basename(path) === 'run.json' ? dirname(path) : path);

function uniqueLabels(keys: readonly { base: string; distinct: string; extra: string }[]): string[] {
  const variants = new Map<string, Set<string>>();
  for (const k of keys) (variants.get(k.base) ?? variants.set(k.base, new Set()).get(k.base)!).add(k.distinct);
  return keys.map((k) => (variants.get(k.base)!.size > 1 ? `${k.base} (${k.extra})` : k.base));
}

/** Merge runs. `weights` by suite id (default 1 each); suites whose primary metric is lower-is-better stay out of the overall. */
export function buildBoard(runs: readonly LoadedRun[], weights: Record<string, number> = {}): Board {
  const warnings: string[] = [];
  const columns: Column[] = [];
  const columnOf = new Map<string, Column>();
  const suiteKeys: { base: string; distinct: string; extra: string }[] = [];
  const downstream: Downstream[] = [];
  runs.forEach(({ run }, r) => {
    for (const s of run.suites) {
      if (isDownstream(s.id)) {
        downstream.push({ kind: s.id, suite: s, run: r, models: run.models, results: run.results.filter((x) => x.suite === s.id) });
        continue;
      }
      const key = `${s.id}\u0000${s.dataset}\u0000${s.version}`;
      if (columnOf.has(key)) continue;
      const primary = run.results.find((x) => x.suite === s.id && x.metric === s.primaryMetric);
      const column: Column = {
        key,
        suite: s,
        label: s.id,
        metric: s.primaryMetric,
        higherIsBetter: s.metrics?.find((m) => m.id === s.primaryMetric)?.higherIsBetter ?? primary?.higherIsBetter ?? true,
        metrics: s.metrics ?? [],
        run: r,
      };
      columns.push(column);
      columnOf.set(key, column);
      suiteKeys.push({ base: s.id, distinct: `${s.dataset} v${s.version}`, extra: `${basename(s.data)}, v${s.version}` });
    }
  });
  uniqueLabels(suiteKeys).forEach((label, i) => (columns[i]!.label = label));
  for (const id of new Set(columns.map((c) => c.suite.id))) {
    if (columns.filter((c) => c.suite.id === id).length > 1)
      warnings.push(`suite "${id}" was run on different data or versions; its columns are not comparable with each other`);
  }

  const rows: BoardRow[] = [];
  const rowOf = new Map<string, BoardRow>();
  const modelKeys: { base: string; distinct: string; extra: string }[] = [];
  runs.forEach(({ run, path }, r) => {
    // A probe-only run's models have no cells: they would be rows of dashes.
    if (run.suites.every((s) => isDownstream(s.id))) return;
    for (const m of run.models) {
      const key = `${m.id}\u0000${m.fingerprint}`;
      let row = rowOf.get(key);
      if (!row) {
        row = { key, label: m.id, model: m, run: r, results: new Map(), examples: new Map() };
        rows.push(row);
        rowOf.set(key, row);
        modelKeys.push({ base: m.id, distinct: m.fingerprint, extra: runLabel(path) });
      }
      for (const s of run.suites) {
        if (isDownstream(s.id)) continue;
        const column = columnOf.get(`${s.id}\u0000${s.dataset}\u0000${s.version}`)!;
        const own = run.results.filter((x) => x.model === m.id && x.suite === s.id);
        if (own.length === 0) continue;
        if (row.results.has(column.key))
          warnings.push(`model "${m.id}" on "${column.label}" appears in more than one run; the later run (${runLabel(path)}) is shown`);
        row.results.set(column.key, new Map(own.map((x) => [cellKey(x.subset, x.metric), x])));
        row.examples.set(
          column.key,
          (run.examples ?? []).filter((e) => e.model === m.id && e.suite === s.id),
        );
      }
    }
  });
  uniqueLabels(modelKeys).forEach((label, i) => (rows[i]!.label = label));

  const level = runs[0]?.run.statistics.bootstrap.level ?? 0.95;
  if (runs.some(({ run }) => run.statistics.bootstrap.level !== level)) warnings.push('runs used different CI levels; each interval is at its own run’s level');
  for (const id of Object.keys(weights)) {
    if (isDownstream(id)) warnings.push(`--weights names suite "${id}", a probe or correlation: it is shown in its own section, never in the overall`);
    else if (!columns.some((c) => c.suite.id === id)) warnings.push(`--weights names suite "${id}", which no run has`);
  }
  const weighted = columns.filter((c) => c.higherIsBetter && (weights[c.suite.id] ?? 1) > 0).map((c) => ({ column: c.key, weight: weights[c.suite.id] ?? 1 }));
  const shown = columns.length > 1 ? weighted : [];
  for (const row of rows) {
    const cells = shown.map((w) => ({ w, r: resultOf(row, columnOf.get(w.column)!) }));
    if (shown.length > 0 && cells.every((c) => c.r !== undefined)) {
      row.overall = overallScore(
        cells.map((c) => ({ value: c.r!.value, ci: c.r!.ci, weight: c.w.weight })),
        level,
      );
    }
  }
  return { runs: [...runs], columns, downstream, rows, weights: shown, level, warnings };
}

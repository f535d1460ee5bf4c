import type { Example, MetricEntry, ModelEntry, ResultRow, RunFile, SuiteEntry } from '../core/run-schema.js';

/** The board's types and lookups, apart from the merge (board.ts) so the overall and rank code can use them without an import cycle. */

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
  /** By run index: the options that differ between the runs merged into this column, as `k=v, ...`; empty when they agree. */
  optionNotes: Map<number, string>;
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
  /** The run each column's cells came from (by column key): options can differ between runs. */
  sources: Map<string, number>;
  /** `suites` of the `of` averaged suites this row has (`--overall all` averages fewer for a model missing some). */
  overall?: { value: number; ci: [number, number]; suites: number; of: number };
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
  /** How the overall was computed, in words; undefined when there is none. */
  overall: Overall | undefined;
  /** What orders the rows; undefined only without columns. */
  rank: Rank | undefined;
  level: number;
  warnings: string[];
}

export const cellKey = (subset: string, metric: string): string => `${subset}\u0000${metric}`;

export function resultOf(row: BoardRow, column: Column, subset = 'all', metric = column.metric): ResultRow | undefined {
  return row.results.get(column.key)?.get(cellKey(subset, metric));
}

export const OVERALL_MODES = ['common', 'all'] as const;
export type OverallMode = (typeof OVERALL_MODES)[number];

export interface Overall {
  mode: OverallMode;
  /** Columns averaged, with their weights (before normalising). */
  weights: { column: string; weight: number }[];
  /** Columns not averaged, and why. */
  left: { column: string; why: string }[];
  /** The rule in plain words, for the page, Markdown and the terminal. */
  rule: string;
}

export interface Rank {
  by: 'overall' | 'column';
  column?: string;
  metric?: string;
  higherIsBetter: boolean;
  /** "overall", "pairwise accuracy ↑": what the # column follows. */
  label: string;
  /** Named by --rank-by, not the default. */
  explicit: boolean;
}

import type { DataRecord } from './data-record.js';
import type { ReadOptions } from './text-encoding.js';
import type { PairRequest, ScoreRequest } from './types.js';

/** One unit of a benchmark (usually a prompt with its candidates). */
export interface Item {
  /** Unique within the dataset; names the item in scores.jsonl and error messages. */
  id: string;
  /** What a `scores:` file calls this item (e.g. the problem text); defaults to `id`. */
  key?: string;
  /** The bootstrap unit: items that share a prompt share a cluster, so CIs resample prompts. */
  cluster: string;
  /** The subset it belongs to (RewardBench's `subset`), if the data has one. */
  subset?: string;
  /** Further breakdowns reported as subsets named `key=value`, e.g. `{ level: '3' }`. */
  facets?: Record<string, string>;
  /** 1-based line in the data file, for error messages. */
  line?: number;
}

/** What a suite asks of a model for one item. */
export type Query = { kind: 'score'; request: ScoreRequest } | { kind: 'compare'; request: PairRequest };

/**
 * The answer to a query: a scalar score (steps already aggregated), or P(a ≻ b). `steps`: the
 * model's step scores when it gave some (for `stepScores: 'own'` suites `value` is then NaN).
 */
export interface Answer {
  kind: Query['kind'];
  value: number;
  steps?: readonly number[];
}

/** What a model can answer; suites plan around it. */
export interface Capabilities {
  score: boolean;
  compare: boolean;
  /** The model's scores are probabilities (RewardModel.probabilities): a fixed threshold reads them. */
  probabilities?: boolean;
}

export interface MetricDef {
  id: string;
  /** The formula in one line, shown by `rewardgauge ls metrics` and in reports. */
  description: string;
  higherIsBetter: boolean;
  /**
   * `mean` (default): the mean of the per-item value named `id`.
   * `macro`: the unweighted mean over subsets of the per-subset mean of the per-item value `of`
   * (RewardBench 2's leaderboard number); reported on the whole suite only.
   * `abs`: |mean of the per-item value `of`|, e.g. position bias |acc(A first) − acc(B first)|
   * from per-item differences.
   * `combine`: Σ weight·value(part) over `parts`, each part another metric of the suite (or a
   * per-item value) taken on all items or on one subset; with `normalize` (default) divided by
   * the summed weight of the parts that have data, so a missing subset drops out as in
   * RewardBench's section scores and masked leaderboard average. Reported on the whole suite
   * only when a part names a subset.
   * `harmonic`: Σ weight / Σ weight/value(part) over `parts` (ProcessBench's F1 of two
   * accuracies), undefined when a part has no data.
   * `pooled`: `statistic` (metrics/pooled.ts) over every item's series at once, e.g. an AUC of
   * step scores; a resample re-pools the drawn items.
   */
  reduce?: 'mean' | 'macro' | 'abs' | 'combine' | 'harmonic' | 'pooled';
  of?: string;
  statistic?: string;
  parts?: MetricPart[];
  normalize?: boolean;
  /**
   * Per-item values, each the share (0–1) of the item's comparisons behind this metric that tied;
   * an item's share is their mean. A row whose items mostly tied is degenerate (core/degenerate.ts).
   * Absent for metrics that are not comparisons (tie rates, margins, verdicts against a threshold);
   * a `macro` metric inherits its `of`'s, a `combine` metric reads its parts'.
   */
  tiedBy?: readonly string[];
}

/** One term of a `combine` metric. */
export interface MetricPart {
  /** A metric id of the same suite, or a per-item value key. */
  metric: string;
  /** Restrict the part to one subset; absent means the items of the row being computed. */
  subset?: string;
  weight: number;
}

export interface DataPart {
  uri: string;
  subset?: string;
}

/** Where a preset's data comes from, shown by `rewardgauge ls suites` and in the suite README. */
export interface PresetSource {
  /** The Hub dataset, `owner/name`. */
  dataset: string;
  /** The pinned revision (commit sha, or a branch name when no sha could be confirmed). */
  revision: string;
  /** Config and split, as the Hub lists them. */
  split: string;
  /** Rows in the published split (as documented by the source), for `ls suites`. */
  rows?: number;
  /** The paper or code the scoring follows. */
  reference: string;
}

/** Per-item metric values, plus what to keep in scores.jsonl (scores, verdicts, margins). */
export interface ItemOutcome {
  values: Record<string, number>;
  /** Number lists that `pooled` metrics read (kept in scores.jsonl), e.g. the scores of a solution's labelled steps. */
  series?: Record<string, number[]>;
  detail: Record<string, unknown>;
  /** How clearly the item was won (> 0) or lost (< 0); ranks the report's most-wrong items among equal metric values. */
  margin?: number;
}

/** An item as the report's drill-down shows it: the conversation and the candidates that decided it. */
export interface ItemView {
  prompt: string;
  candidates: { id: string; role: string; text: string; score?: number }[];
}

export interface LoadedDataset<I extends Item> {
  file: string;
  /** `sha256:<hex>` of the file bytes. */
  fingerprint: string;
  /** A name for the layout that was recognised, e.g. `rewardmath-results`. */
  format: string;
  items: I[];
  /** False for files that carry scores but no response text (published results files). */
  hasText: boolean;
  warnings: string[];
  /** Where the data came from when it is not a local file: the `hf://` URI as given and the commit read. */
  source?: { uri: string; commit: string; parts?: { uri: string; commit: string; subset?: string }[] };
}

export interface SuiteOptionInfo {
  description: string;
  default: string;
  /** Allowed values; absent means free text. */
  values?: readonly string[];
}

/**
 * A benchmark: a data loader, a query planner and per-item metrics. It never knows which
 * adapter answers. Options arrive as strings (`--suite pairwise?ties=half`) and were checked
 * against `options` before `load` is called.
 */
export interface Suite<I extends Item = Item> {
  id: string;
  /** Bumped whenever a change could alter any reported number. */
  version: string;
  description: string;
  /** The built-in dataset, relative to the package's `datasets/` folder, or an `hf://` URI (presets). */
  defaultData: string;
  /** Set for presets of published benchmarks: the Hub dataset their default data is. */
  preset?: PresetSource;
  /**
   * Default data in several parts (Hub configs or splits), used instead of `defaultData` when no
   * data is given: each part is loaded with `load`, its items take the part's `subset` if it has
   * one, and the parts are joined (ids prefixed by the subset, so they stay unique).
   */
  dataParts?(options: Record<string, string>): readonly DataPart[];
  /** The metric shown in the leaderboard table. */
  primaryMetric: string;
  /** The per-item value that ranks the report's most-wrong items (default: the primary metric's). */
  exampleMetric?: string;
  metrics: readonly MetricDef[];
  /**
   * `own`: the suite reads each answer's step scores itself (ProcessBench), so the model's
   * `?aggregate=` is not applied and a scalar score is a usage error.
   */
  stepScores?: 'own';
  /**
   * When a model returns step scores, also report the primary metric with each response scored
   * by the sum and by the min of its steps, and their rank agreement (metrics/credit-forms.ts).
   */
  creditForms?: boolean;
  options: Record<string, SuiteOptionInfo>;
  /** `read`: how a text file given by the user is decoded (`--encoding`); absent for built-in and Hub data. */
  load(file: string, options: Record<string, string>, read?: ReadOptions): Promise<LoadedDataset<I>>;
  /**
   * The items of one batch of a data file's records, for suites whose items are one record each:
   * lets `score --data` stream a dataset of any size. Ids must not depend on other batches (the
   * caller checks they are unique across the file); without it, data are loaded whole with `load`.
   */
  parse?(file: string, records: readonly DataRecord[], options: Record<string, string>): I[];
  plan(item: I, can: Capabilities, options: Record<string, string>): Query[];
  /** `answers[k]` answers `plan(...)[k]`. */
  outcome(item: I, answers: readonly Answer[], options: Record<string, string>, can?: Capabilities): ItemOutcome;
  /** The item for the report's drill-down; suites without it list no most-wrong items. */
  view?(item: I, outcome: ItemOutcome): ItemView;
}

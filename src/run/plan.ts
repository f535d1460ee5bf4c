import type { ProgressMode } from '../core/progress.js';
import type { TextEncoding } from '../core/text-encoding.js';
import type { ModelSpec, ScoreRequest } from '../core/types.js';
import type { Shard } from './shard.js';

/**
 * What a run is asked to do, already merged from config file and flags (config.ts): the one
 * description that loading, running and merging read, so none of them imports another for it.
 */

export interface SuitePlan {
  id: string;
  /** Dataset file; undefined = the suite's built-in data. */
  data?: string;
  options: Record<string, string>;
}

/** Everything a run needs, already merged from config file and flags. */
export interface RunPlan {
  models: ModelSpec[];
  suites: SuitePlan[];
  seed: number;
  concurrency: number;
  batchSize?: number;
  /** `--device`: where local models run unless their spec says (auto, cpu, cuda, webgpu). */
  device?: string;
  bootstrap: { samples: number; level: number };
  /** Evaluate only this part of every suite (see shard.ts); results are the shard's own. */
  shard?: Shard;
  /** `--limit`: a smoke run over the first N items of each suite (after the shard). */
  limit?: number;
  cache: { dir: string; enabled: boolean };
  /** `--encoding`: how the user's data and scores files are decoded (default UTF-8). */
  encoding?: TextEncoding;
  cwd: string;
  command: string[];
  config: Record<string, unknown>;
  /** Local data files at least this large are streamed when their suite can (default 64 MiB; tests lower it). */
  streamAboveBytes?: number;
  /** Requests a later step will ask each model for (the downstream pool): cached while the model is loaded (prefetch.ts). */
  prefetch?: Prefetch;
}

/** Score requests a later step of the command will ask for, with a name for the log and what to call each in errors. */
export interface Prefetch {
  label: string;
  requests: readonly ScoreRequest[];
  describe: (k: number) => string;
}

/** Where a run's log lines, progress bars and cache warnings go. */
export interface RunIO {
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  progress: ProgressMode;
  log: (line: string) => void;
  /** Where a score cache problem that does not stop the run is said (a read-only folder); default: log. */
  warnCache?: (message: string) => void;
  /** Told the seconds each stage took, as they end (a stage may come once per model): for benchmarks. */
  phase?: (stage: 'load' | 'score' | 'statistics', seconds: number) => void;
}

/** The config's `downstream` section, with the pool's path resolved. */
export interface DownstreamPlan {
  pool: string;
  samples?: number;
  outcome?: string;
  benchmarks?: string[];
}

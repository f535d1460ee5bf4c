import { ModelError } from '../../core/errors.js';
import type { ModelRuntime, RewardModel, ScoreRequest } from '../../core/types.js';
import { type BatchLimits, bucketWidth, rowsPerBatch } from '../../gpu/batching.js';
import type { DeviceChoice } from '../../gpu/device.js';
import type { SessionPool } from '../../gpu/pool.js';
import { PooledSessions } from './pooled-sessions.js';
import { RowScheduler } from '../../gpu/scheduler.js';
import { padRows } from '../../gpu/feeds.js';
import type { Encoded, RequestEncoder } from './text.js';

/**
 * A reward model on local ONNX sessions (the `onnx:` and `ort:` adapters): requests are encoded
 * on the main thread, queued by padded width and sent to the worker pool in token-budget batches
 * that gather rows across concurrent calls (RowScheduler). A row's padded shape depends on its own length only and its reward
 * is read at its own position, so on the CPU its score is bit-identical whatever else shares the
 * batch (tested across batch sizes, orders and concurrency); on GPUs, to float tolerance.
 */
export interface LocalModelParts {
  id: string;
  spec: string;
  fingerprint: string;
  batchSize: number;
  encoder: RequestEncoder;
  /** Starts the sessions; called on the first batch. */
  openPool: () => Promise<SessionPool>;
  workers: number;
  /** Pad id; undefined = the graph cannot be padded, so only rows of equal length share a batch. */
  padId: number | undefined;
  /** Which logit is the reward when there are several. */
  label: number | undefined;
  limits: BatchLimits;
  /** The widest a padded row may be (max_position_embeddings; Infinity when the config has none). */
  maxWidth: number;
  device: DeviceChoice & { name?: string };
  dtype: string;
  threads: number;
  config: Record<string, unknown>;
  warnings: string[];
}

export function localRewardModel(p: LocalModelParts): RewardModel {
  const sessions = new PooledSessions(p.openPool, { device: p.device, dtype: p.dtype, workers: p.workers, threads: p.threads, config: p.config });

  const runBatch = async (real: Encoded[], cols: number): Promise<number[]> => {
    // A lone row runs beside a copy of itself: onnxruntime's CPU kernels take other code paths for
    // a single row, and its score would then differ (by ~1e-7) from the same row in a batch.
    const rows = real.length === 1 ? [real[0]!, real[0]!] : real;
    const out = await sessions.run(padRows(rows, cols, p.padId ?? 0), rows.length, cols);
    const labels = out.dims[out.dims.length - 1]!;
    const label = labels === 1 ? 0 : p.label;
    if (label === undefined || label >= labels) {
      throw new ModelError(`model "${p.id}" returns ${labels} logits per sequence; choose the reward with ?label=K (0 to ${labels - 1})`);
    }
    // [rows, labels] is pooled already; [rows, cols, labels] is per token: read each row's last real token.
    const perToken = out.dims.length === 3;
    return real.map((r, i) => out.data[(perToken ? i * cols + r.ids.length - 1 : i) * labels + label]!);
  };
  // Rows are padded to their length bucket, but never past the model's position table; a graph
  // without a pad id batches equal lengths only.
  const widthOf = p.padId === undefined ? (length: number) => length : (length: number) => Math.min(bucketWidth(length), p.maxWidth);
  // One batch more than workers waits in the pool, so a worker never idles between batches.
  const scheduler = new RowScheduler<Encoded>({ capacity: (w) => rowsPerBatch(w, p.limits), inFlight: p.workers + 1, run: runBatch });

  return {
    id: p.id,
    spec: p.spec,
    fingerprint: p.fingerprint,
    batchSize: p.batchSize,
    warnings: p.warnings,
    async score(batch: ScoreRequest[]) {
      const encoded = batch.map((r) => p.encoder.encode(r));
      const tokens = encoded.reduce((s, e) => s + e.ids.length, 0);
      return sessions.call(batch.length, tokens, () => scheduler.submit(encoded.map((e) => ({ item: e, width: widthOf(e.ids.length) }))));
    },
    async inspect(batch: ScoreRequest[]) {
      return { maxLength: p.encoder.settings.maxLength, expectedEnd: p.encoder.expectedEndTokens(), facts: batch.map((r) => p.encoder.encode(r).facts) };
    },
    runtime: (): ModelRuntime => sessions.runtime(),
    dispose: () => sessions.dispose(),
  };
}

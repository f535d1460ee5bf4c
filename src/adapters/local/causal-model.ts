import { ModelError, UsageError } from '../../core/errors.js';
import type { LogprobRequest, ModelRuntime, RewardModel, ScoreRequest } from '../../core/types.js';
import { type BatchLimits, bucketWidth, rowsPerBatch } from '../../gpu/batching.js';
import type { DeviceChoice } from '../../gpu/device.js';
import { padRows } from '../../gpu/feeds.js';
import type { SessionPool } from '../../gpu/pool.js';
import { PooledSessions } from './pooled-sessions.js';
import { RowScheduler } from '../../gpu/scheduler.js';
import type { CausalEncoder } from './causal-encoder.js';

/**
 * A causal LM with its LM head on local ONNX sessions (`ort:` folders whose config names a
 * `*ForCausalLM` and whose graph returns logits [batch, sequence, vocab]). It gives no reward of its
 * own: `causal` serves token log-probabilities to `dpo:`, and `score` refuses with the spec to use.
 * Batching is the reward models' (local-model.ts): rows padded to their own length bucket, gathered
 * across calls, a lone row run beside a copy of itself, so a row's log-probabilities do not depend
 * on what shares its batch.
 */
export interface CausalModelParts {
  id: string;
  spec: string;
  fingerprint: string;
  /** tokenizerDigest of the folder. */
  tokenizer: string;
  architecture: string;
  encoder: CausalEncoder;
  openPool: () => Promise<SessionPool>;
  workers: number;
  padId: number;
  limits: BatchLimits;
  /** max_position_embeddings (Infinity when the config has none). */
  maxWidth: number;
  vocab: number | undefined;
  device: DeviceChoice & { name?: string };
  dtype: string;
  threads: number;
  config: Record<string, unknown>;
  warnings: string[];
}

/** The refusal every causal member gives when asked for rewards directly. */
export function notARewardModel(id: string, spec: string, architecture: string): UsageError {
  return new UsageError(
    `model "${id}" (${spec}) is a causal language model (${architecture}): it gives token log-probabilities, not rewards. ` +
      `Score it as an implicit reward model with dpo:(${spec},REFERENCE_SPEC;beta=1), or reference-free with dpo:(${spec};refFree=avg)`,
  );
}

export function causalOrtModel(p: CausalModelParts): RewardModel {
  const sessions = new PooledSessions(p.openPool, { device: p.device, dtype: p.dtype, workers: p.workers, threads: p.threads, config: p.config });

  const runBatch = async (real: LogprobRequest[], cols: number): Promise<number[][]> => {
    const rows = real.length === 1 ? [real[0]!, real[0]!] : real;
    const feeds = { ...padRows(rows, cols, p.padId), logprobsFrom: rows.map((r) => r.responseStart) };
    const out = await sessions.run(feeds, rows.length, cols);
    const vocab = out.dims[2];
    if (!out.logprobs || out.dims.length !== 3 || (p.vocab !== undefined && vocab !== p.vocab)) {
      throw new ModelError(
        `model "${p.id}": the graph returns logits [${out.dims.join(', ')}], not [batch, sequence, vocab${p.vocab !== undefined ? ` = ${p.vocab}` : ''}]; export the causal LM with its LM head (rewardgauge export, or optimum --task text-generation)`,
      );
    }
    const result: number[][] = [];
    let k = 0;
    for (const r of real) {
      const n = r.ids.length - r.responseStart;
      result.push(Array.from(out.logprobs.subarray(k, k + n)));
      k += n;
    }
    return result;
  };
  const widthOf = (length: number) => Math.min(bucketWidth(length), p.maxWidth);
  const scheduler = new RowScheduler<LogprobRequest, number[]>({ capacity: (w) => rowsPerBatch(w, p.limits), inFlight: p.workers + 1, run: runBatch });

  return {
    id: p.id,
    spec: p.spec,
    fingerprint: p.fingerprint,
    batchSize: 256,
    warnings: p.warnings,
    score(): Promise<number[]> {
      return Promise.reject(notARewardModel(p.id, p.spec, p.architecture));
    },
    causal: {
      tokenizer: p.tokenizer,
      encode: async (batch: ScoreRequest[]) => batch.map((r) => p.encoder.encode(r)),
      async logprobs(batch: LogprobRequest[]) {
        for (const r of batch) {
          if (r.ids.length > p.maxWidth)
            throw new UsageError(`model "${p.id}": a sequence of ${r.ids.length} tokens is longer than its ${p.maxWidth} positions; lower dpo:'s maxLength`);
          if (r.responseStart < 1 || r.responseStart > r.ids.length)
            throw new ModelError(`model "${p.id}": responseStart ${r.responseStart} is outside 1..${r.ids.length}`);
        }
        const tokens = batch.reduce((s, r) => s + r.ids.length, 0);
        return sessions.call(batch.length, tokens, () => scheduler.submit(batch.map((r) => ({ item: r, width: widthOf(r.ids.length) }))));
      },
    },
    runtime: (): ModelRuntime => sessions.runtime(),
    dispose: () => sessions.dispose(),
  };
}

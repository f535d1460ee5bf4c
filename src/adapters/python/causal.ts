import { UsageError } from '../../core/errors.js';
import type { LogprobRequest, ModelRuntime, RewardModel, ScoreRequest } from '../../core/types.js';
import { runtimeBlock } from '../../gpu/runtime.js';
import { notARewardModel } from '../local/causal-model.js';
import type { HfWorker, WorkerInfo } from './worker.js';

/**
 * An `hf:` checkpoint whose config names a `*ForCausalLM`: transformers' AutoModelForCausalLM in the
 * Python worker gives token log-probabilities to `dpo:` (python/rewardgauge_hf/causal.py); asked
 * for rewards directly it refuses with the dpo: spec to use. The tokenizer loads on the first
 * encode and the weights on the first logprobs, so a run answered from the score cache starts no Python.
 */
export interface HfCausalParts {
  id: string;
  spec: string;
  fingerprint: string;
  tokenizer: string;
  architecture: string;
  worker: HfWorker;
  init: () => Promise<WorkerInfo>;
  device: { requested: string; provider: string; reason: string };
  dtype: string;
  config: Record<string, unknown>;
  maxWidth: number;
}

export function hfCausalModel(p: HfCausalParts): RewardModel {
  const totals = { batches: 0, items: 0, tokens: 0, padded: 0, seconds: 0, busyMs: 0 };
  let info: WorkerInfo | undefined;
  let active = 0;
  let busySince = 0;
  let loading: Promise<WorkerInfo> | undefined;
  const ready = () => (loading ??= p.init().then((i) => (info = i)));
  return {
    id: p.id,
    spec: p.spec,
    fingerprint: p.fingerprint,
    batchSize: 64,
    score(): Promise<number[]> {
      return Promise.reject(notARewardModel(p.id, p.spec, p.architecture));
    },
    causal: {
      tokenizer: p.tokenizer,
      async encode(batch: ScoreRequest[]) {
        if (batch.length === 0) return [];
        await ready();
        return p.worker.encode(batch);
      },
      async logprobs(batch: LogprobRequest[]) {
        const long = batch.find((r) => r.ids.length > p.maxWidth);
        if (long)
          throw new UsageError(`model "${p.id}": a sequence of ${long.ids.length} tokens is longer than its ${p.maxWidth} positions; lower dpo:'s maxLength`);
        await ready();
        if (active++ === 0) busySince = performance.now();
        try {
          const out = await p.worker.logprobs(batch);
          totals.batches++;
          totals.items += batch.length;
          totals.tokens += out.tokens;
          totals.padded += out.padded;
          totals.seconds += out.seconds;
          return out.logprobs;
        } finally {
          if (--active === 0) totals.busyMs += performance.now() - busySince;
        }
      },
    },
    runtime(): ModelRuntime {
      const { batches, items, tokens, padded, seconds, busyMs } = totals;
      return runtimeBlock(
        {
          device: { ...p.device, name: info?.deviceName ?? undefined },
          dtype: p.dtype,
          precision: p.dtype === 'float32' ? 'fp32' : 'fp16',
          workers: 1,
          threads: 1,
          config: p.config,
        },
        { batches, items, tokens, paddedTokens: padded, sessionSeconds: seconds, busySeconds: busyMs / 1000 },
      );
    },
    dispose: () => p.worker.dispose(),
  };
}

import type { ModelRuntime } from '../core/run-schema.js';
import { flopsPerToken, peakFlops } from './flops.js';

/** What a local model counted while it ran; `runtimeBlock` turns it into run.json's `models[].runtime`. */
export interface RuntimeTotals {
  batches: number;
  items: number;
  tokens: number;
  paddedTokens: number;
  /** Time inside the model (sessions or forward passes), summed over workers. */
  sessionSeconds: number;
  /** Wall time with at least one batch in flight. */
  busySeconds: number;
}

export interface RuntimeSetting {
  device: { requested: string; provider: string; reason: string; name?: string | undefined };
  dtype: string;
  /** The dtype name the peak table knows (fp16-class compares with the fp16 peak, the rest with tf32); default `dtype`. */
  precision?: string;
  workers: number;
  threads: number;
  config: Record<string, unknown>;
}

/** Throughput, a FLOPs-per-token estimate and, on a known GPU, model FLOPs utilization. */
export function runtimeBlock(s: RuntimeSetting, t: RuntimeTotals): ModelRuntime {
  const rate = (x: number) => (t.busySeconds > 0 ? x / t.busySeconds : null);
  const flops = flopsPerToken(s.config, t.items > 0 ? t.tokens / t.items : 0);
  const peak = s.device.provider === 'cuda' ? peakFlops(s.device.name, s.precision ?? s.dtype) : undefined;
  const session = t.sessionSeconds / s.workers;
  const achieved = flops && session > 0 ? (flops.perToken * t.tokens) / session : undefined;
  const { name } = s.device;
  return {
    device: { requested: s.device.requested, provider: s.device.provider, reason: s.device.reason, ...(name && { name }) },
    dtype: s.dtype,
    workers: s.workers,
    threads: s.threads,
    ...t,
    tokensPerSecond: rate(t.tokens),
    itemsPerSecond: rate(t.items),
    flopsPerToken: flops?.perToken ?? null,
    ...(flops && { flopsFormula: flops.formula }),
    peakFlops: peak?.flops ?? null,
    mfu: peak && achieved !== undefined ? achieved / peak.flops : null,
  };
}

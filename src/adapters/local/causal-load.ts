import { fingerprintOf } from '../../core/canonical.js';
import { UsageError } from '../../core/errors.js';
import type { AdapterContext, ModelSpec, RewardModel } from '../../core/types.js';
import { CausalEncoder, type CausalTokenizer, tokenizerDigest } from './causal-encoder.js';
import { causalOrtModel } from './causal-model.js';
import { fingerprintFiles, type ModelFolderInfo } from './model-dir.js';
import { placement, poolOpener } from './placement.js';
import type { HfTokenizer } from './text.js';

/** The local options a causal LM reads, and the reward-model ones it refuses. */
interface CausalOptions {
  device?: string | undefined;
  workers?: number | undefined;
  threads?: number | undefined;
  chatTemplate?: string | undefined;
  tokenBudget: number;
  maxBatch: number;
  input?: string | undefined;
  truncate?: string | undefined;
  maxLength?: number | undefined;
  label?: number | undefined;
  addSpecialTokens?: boolean | undefined;
  padTokenId?: number | undefined;
}

/** The `*ForCausalLM` architecture config.json names, if any: such a folder holds a language model with its LM head. */
export function causalArchitecture(config: Record<string, unknown>): string | undefined {
  const named = Array.isArray(config.architectures) ? (config.architectures as unknown[]) : [];
  return named.find((a): a is string => typeof a === 'string' && a.endsWith('ForCausalLM'));
}

/**
 * A causal LM for `dpo:`: the reward-model options that shape scores (input, truncate, maxLength,
 * label, addSpecialTokens, padTokenId) do not apply, since dpo: tokenizes as RewardBench's DPO does
 * and truncates itself; a chat template given here replaces the tokenizer's.
 */
export async function loadCausal(
  spec: ModelSpec,
  opts: CausalOptions,
  ctx: AdapterContext,
  info: ModelFolderInfo,
  tok: HfTokenizer,
  architecture: string,
): Promise<RewardModel> {
  const { dir } = info;
  const unused = (['input', 'truncate', 'maxLength', 'label', 'addSpecialTokens', 'padTokenId'] as const).filter(
    (k) => opts[k] !== undefined && !(k === 'truncate' && opts.truncate === 'start'),
  );
  if (unused.length > 0)
    throw new UsageError(
      `model "${spec.source}": ${dir} is a causal LM (${architecture}); ${unused.map((k) => `?${k}=`).join(', ')} apply to reward models only (dpo: tokenizes and truncates)`,
    );
  const where = `model "${spec.source}"`;
  const encoder = new CausalEncoder(tok, where, opts.chatTemplate);
  const { device, name, workers, threads } = await placement(spec, opts, ctx, info);
  const positions = typeof info.config.max_position_embeddings === 'number' ? info.config.max_position_embeddings : Infinity;
  const vocab = typeof info.config.vocab_size === 'number' ? info.config.vocab_size : undefined;
  // The pad id only fills masked positions of a right-padded row, whose logits are never read.
  const padId = (tok as CausalTokenizer).eos_token_id ?? 0;
  const tokenizer = tokenizerDigest(dir);
  const fingerprint = fingerprintOf('ort-causal', await fingerprintFiles(info.files), { tokenization: 1, chatTemplate: opts.chatTemplate ?? null, tokenizer });
  return causalOrtModel({
    id: spec.id ?? dir.split(/[/\\]/).pop()!,
    spec: spec.source,
    fingerprint,
    tokenizer,
    architecture,
    encoder,
    openPool: poolOpener({ file: info.graph }, device.provider, threads, workers, info.graph),
    workers,
    padId,
    // A batch's logits are rows × width × vocab floats: at most 2^28 (1 GiB), so a 128k vocabulary
    // runs 2048 tokens a batch instead of the reward models' 16384.
    limits: { tokenBudget: Math.max(1, Math.min(opts.tokenBudget, Math.floor(2 ** 28 / (vocab ?? 1)))), maxBatch: opts.maxBatch },
    maxWidth: positions,
    vocab,
    device: { ...device, ...(name && { name }) },
    dtype: 'fp32',
    threads,
    config: info.config,
    warnings: [],
  });
}

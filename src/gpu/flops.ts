/**
 * Forward-pass FLOPs per token from a model's config.json, and model FLOPs utilization (MFU)
 * against the device's peak when it is known. The estimate counts matrix multiplies only
 * (2 FLOPs per multiply-add): 2·N for the N non-embedding weights of the layers, plus attention
 * scores and mixing, 4·L·(H·d_head)·s for an encoder over s tokens and half that for a causal
 * decoder, plus the reward head. Embedding lookups, norms and softmax are left out (a few %).
 */

export interface FlopsEstimate {
  perToken: number;
  nonEmbeddingParams: number;
  formula: string;
}

/** Decoder families whose MLP has three matrices (gate, up, down) instead of two. */
const GATED = new Set(['llama', 'mistral', 'mixtral', 'qwen2', 'qwen3', 'gemma', 'gemma2', 'gemma3', 'phi3', 'internlm2', 'olmo2']);
const DECODERS = new Set([...GATED, 'gpt2', 'gpt_neox', 'opt', 'falcon', 'phi']);

const num = (c: Record<string, unknown>, ...keys: string[]): number | undefined => {
  for (const k of keys) if (typeof c[k] === 'number') return c[k] as number;
  return undefined;
};

/** FLOPs per token at a mean sequence length `s`; undefined when the config lacks the sizes. */
export function flopsPerToken(config: Record<string, unknown>, s: number): FlopsEstimate | undefined {
  const layers = num(config, 'num_hidden_layers', 'n_layer', 'num_layers');
  const d = num(config, 'hidden_size', 'd_model', 'n_embd');
  if (layers === undefined || d === undefined) return undefined;
  const type = String(config.model_type ?? '');
  const heads = num(config, 'num_attention_heads', 'n_head') ?? 1;
  const kvHeads = num(config, 'num_key_value_heads') ?? heads;
  const headDim = num(config, 'head_dim') ?? d / heads;
  const ffn = num(config, 'intermediate_size', 'n_inner') ?? 4 * d;
  const labels = num(config, 'num_labels') ?? Object.keys((config.id2label as object | undefined) ?? { 0: 0 }).length;
  const attnParams = 2 * d * heads * headDim + 2 * d * kvHeads * headDim;
  const mlpParams = (GATED.has(type) ? 3 : 2) * d * ffn;
  const n = layers * (attnParams + mlpParams);
  const causal = DECODERS.has(type);
  const attention = (causal ? 2 : 4) * layers * heads * headDim * s;
  return {
    perToken: 2 * n + attention + 2 * d * labels,
    nonEmbeddingParams: n,
    formula: `2·N + ${causal ? 2 : 4}·L·H·d_head·s + 2·d·labels with N = ${n}, L = ${layers}, H·d_head = ${heads * headDim}, s = ${s.toFixed(1)}`,
  };
}

/**
 * Dense peak FLOP/s from NVIDIA's datasheets (the "with sparsity" figures halved). fp32 models use
 * the TF32 tensor-core peak, since onnxruntime's CUDA provider enables TF32 by default.
 */
const PEAKS: { match: RegExp; name: string; tf32: number; fp16: number }[] = [
  { match: /H200.*NVL/i, name: 'H200 NVL', tf32: 417.5e12, fp16: 835.5e12 },
  { match: /H200/i, name: 'H200 SXM', tf32: 494.7e12, fp16: 989.4e12 },
  { match: /H100.*PCIe/i, name: 'H100 PCIe', tf32: 378e12, fp16: 756e12 },
  { match: /H100/i, name: 'H100 SXM', tf32: 494.7e12, fp16: 989.4e12 },
];

export interface Peak {
  name: string;
  flops: number;
  precision: 'tf32' | 'fp16';
}

export function peakFlops(deviceName: string | undefined, dtype: string): Peak | undefined {
  if (!deviceName) return undefined;
  const p = PEAKS.find((x) => x.match.test(deviceName));
  if (!p) return undefined;
  const precision = dtype === 'fp16' || dtype === 'q4f16' ? 'fp16' : 'tf32';
  return { name: p.name, flops: p[precision], precision };
}

import type { DecoderShape } from '../../scripts/models/decoder.js';
import type { EncoderShape, Head } from '../../scripts/models/encoder.js';
import type { Weights } from '../../scripts/models/layers.js';

/**
 * Reference forward passes of the reference models, in plain float64 loops over the weights the
 * graph builders record (scripts/models/layers.ts `Builder.weights`), with no onnxruntime: the
 * independent check that the ONNX writer and the graphs compute what they claim. One unpadded
 * sequence at a time (batch 1, attention mask all ones). Matrices are [in, out], row-major.
 */

type Vec = Float64Array;

/** The weight `name`, or an error naming it (a renamed weight must fail loudly, not read zeros). */
function w(weights: Weights, name: string): Float32Array {
  const v = weights.get(name);
  if (!v) throw new Error(`reference forward: no weight "${name}"`);
  return v;
}

/**
 * erf to ~1e-15: erf(x) = 2/√π · e^(−x²) · Σₙ (2x²)ⁿ · x / (2n+1)!! (all terms positive, so no
 * cancellation); |erf(x)| rounds to 1 in float64 beyond |x| = 6.
 */
export function erf(x: number): number {
  const a = Math.abs(x);
  if (a > 6) return Math.sign(x);
  let term = a;
  let sum = a;
  for (let n = 1; term > 1e-17 * sum; n++) {
    term *= (2 * a * a) / (2 * n + 1);
    sum += term;
  }
  return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * Math.exp(-a * a) * sum;
}

/** x · W (+ b) for each row of x; W is [inDim, outDim]. */
function linear(x: Vec[], weights: Weights, name: string, inDim: number, outDim: number, bias: boolean): Vec[] {
  const W = w(weights, `${name}.weight`);
  const b = bias ? w(weights, `${name}.bias`) : undefined;
  return x.map((row) => {
    const y = new Float64Array(outDim);
    for (let o = 0; o < outDim; o++) {
      let s = b ? b[o]! : 0;
      for (let i = 0; i < inDim; i++) s += row[i]! * W[i * outDim + o]!;
      y[o] = s;
    }
    return y;
  });
}

/** ONNX LayerNormalization over the last axis: biased variance, epsilon 1e-5 (layers.ts `layerNorm`). */
function layerNorm(x: Vec[], weights: Weights, name: string): Vec[] {
  const g = w(weights, `${name}.weight`);
  const b = w(weights, `${name}.bias`);
  return x.map((row) => {
    const n = row.length;
    const mean = row.reduce((s, v) => s + v, 0) / n;
    const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    const inv = 1 / Math.sqrt(variance + 1e-5);
    return row.map((v, i) => (v - mean) * inv * g[i]! + b[i]!);
  });
}

/** x / sqrt(mean(x²) + 1e-6) · g (layers.ts `rmsNorm`). */
function rmsNorm(x: Vec[], weights: Weights, name: string): Vec[] {
  const g = w(weights, `${name}.weight`);
  return x.map((row) => {
    const inv = 1 / Math.sqrt(row.reduce((s, v) => s + v * v, 0) / row.length + 1e-6);
    return row.map((v, i) => v * inv * g[i]!);
  });
}

/**
 * Multi-head self-attention (layers.ts `attention`): q, k, v and o projections, scores scaled by
 * 1/√d_head, softmax over keys; `causal` lets position i attend to keys j ≤ i only.
 */
function attention(x: Vec[], weights: Weights, name: string, d: number, heads: number, bias: boolean, causal: boolean): Vec[] {
  const [q, k, v] = ['q', 'k', 'v'].map((p) => linear(x, weights, `${name}.${p}`, d, d, bias)) as [Vec[], Vec[], Vec[]];
  const dh = d / heads;
  const T = x.length;
  const merged = x.map(() => new Float64Array(d));
  for (let h = 0; h < heads; h++) {
    for (let i = 0; i < T; i++) {
      const keys = causal ? i + 1 : T;
      const scores = new Float64Array(keys);
      for (let j = 0; j < keys; j++) {
        let s = 0;
        for (let c = h * dh; c < (h + 1) * dh; c++) s += q[i]![c]! * k[j]![c]!;
        scores[j] = s / Math.sqrt(dh);
      }
      const max = Math.max(...scores);
      const e = scores.map((s) => Math.exp(s - max));
      const total = e.reduce((a, b) => a + b, 0);
      for (let j = 0; j < keys; j++) {
        for (let c = h * dh; c < (h + 1) * dh; c++) merged[i]![c]! += (e[j]! / total) * v[j]![c]!;
      }
    }
  }
  return linear(merged, weights, `${name}.o`, d, d, bias);
}

const add = (a: Vec[], b: Vec[]): Vec[] => a.map((row, t) => row.map((v, i) => v + b[t]![i]!));
const gelu = (x: number): number => 0.5 * x * (1 + erf(x / Math.SQRT2));
const silu = (x: number): number => x / (1 + Math.exp(-x));

/** Rows `ids` of the [rows, d] embedding table `name`. */
function embed(weights: Weights, name: string, ids: readonly number[], d: number): Vec[] {
  const table = w(weights, name);
  return ids.map((id) => Float64Array.from(table.subarray(id * d, (id + 1) * d)));
}

/** The linear reward head on a pooled [d] vector. */
function score(pooled: Vec, head: Head): number {
  return pooled.reduce((s, v, i) => s + v * head.weight[i]!, head.bias);
}

/**
 * The reward of scripts/models/encoder.ts `buildEncoder` (mini-bert): word + position + token type
 * embeddings and LayerNorm; post-LN blocks (x = LN(x + attention(x)), x = LN(x + FF(x)) with an
 * exact-erf GELU feed-forward); the mean of the final states where token_type_ids = 1 (count at
 * least 1); then the head.
 */
export function encoderForward(shape: EncoderShape, weights: Weights, head: Head, ids: number[], types: number[]): number {
  const d = shape.hidden;
  if (ids.length > shape.maxPositions) throw new Error(`reference forward: ${ids.length} tokens > maxPositions ${shape.maxPositions}`);
  const word = embed(weights, 'embeddings.word', ids, d);
  const pos = embed(
    weights,
    'embeddings.position',
    ids.map((_, t) => t),
    d,
  );
  const type = embed(weights, 'embeddings.token_type', types, d);
  let x = layerNorm(add(add(word, pos), type), weights, 'embeddings.norm');
  for (let l = 0; l < shape.layers; l++) {
    const p = `layer${l}`;
    x = layerNorm(add(x, attention(x, weights, `${p}.attention`, d, shape.heads, true, false)), weights, `${p}.attention.norm`);
    const inner = linear(x, weights, `${p}.intermediate`, d, shape.intermediate, true).map((row) => row.map(gelu));
    x = layerNorm(add(x, linear(inner, weights, `${p}.output`, shape.intermediate, d, true)), weights, `${p}.output.norm`);
  }
  const pooled = new Float64Array(d);
  let count = 0;
  x.forEach((row, t) => {
    if (types[t] !== 1) return;
    count++;
    row.forEach((v, i) => (pooled[i]! += v));
  });
  return score(
    pooled.map((v) => v / Math.max(count, 1)),
    head,
  );
}

/**
 * The reward of scripts/models/decoder.ts `buildDecoder` (mini-llama): token + position
 * embeddings; pre-RMSNorm blocks (x += causal attention(RMSNorm(x)) without biases, then
 * x += down(silu(gate(h)) · up(h)) with h = RMSNorm(x)); a final RMSNorm; the state at the last
 * position whose token is not `padTokenId` (argmax of t·[token ≠ pad], so 0 when all are pad);
 * then the head.
 */
export function decoderForward(shape: DecoderShape, weights: Weights, head: Head, ids: number[], padTokenId: number): number {
  const d = shape.hidden;
  if (ids.length > shape.maxPositions) throw new Error(`reference forward: ${ids.length} tokens > maxPositions ${shape.maxPositions}`);
  let x = add(
    embed(weights, 'embed_tokens', ids, d),
    embed(
      weights,
      'embed_positions',
      ids.map((_, t) => t),
      d,
    ),
  );
  for (let l = 0; l < shape.layers; l++) {
    const p = `layers.${l}`;
    x = add(x, attention(rmsNorm(x, weights, `${p}.input_layernorm`), weights, `${p}.self_attn`, d, shape.heads, false, true));
    const h = rmsNorm(x, weights, `${p}.post_attention_layernorm`);
    const gate = linear(h, weights, `${p}.mlp.gate_proj`, d, shape.intermediate, false);
    const up = linear(h, weights, `${p}.mlp.up_proj`, d, shape.intermediate, false);
    const inner = gate.map((row, t) => row.map((g, i) => silu(g) * up[t]![i]!));
    x = add(x, linear(inner, weights, `${p}.mlp.down_proj`, shape.intermediate, d, false));
  }
  x = rmsNorm(x, weights, 'norm');
  let last = 0;
  ids.forEach((id, t) => {
    if (id !== padTokenId) last = t;
  });
  return score(x[last]!, head);
}

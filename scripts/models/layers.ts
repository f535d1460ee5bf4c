import { toHalfArray } from '../../src/onnx/float16.js';
import { attr, type OnnxGraph } from '../../src/onnx/writer.js';
import type { Rng } from '../../src/core/random.js';

/**
 * Transformer building blocks as ONNX subgraphs, with weights drawn from a seeded stream. Every
 * weight is also returned in `Weights`, so tests can recompute a forward pass without ORT.
 */

export type Weights = Map<string, Float32Array>;

/**
 * How weights are stored in the file: float32; float16 (cast to float32 where used, the way a
 * weights-only fp16 export runs on CPU); or 8-bit (matrices as uint8 with one scale and zero point
 * each, dequantized where used, like a weight-only quantized export).
 */
export type Storage = 'fp32' | 'fp16' | 'q8';

export class Builder {
  readonly weights: Weights = new Map();
  constructor(
    readonly g: OnnxGraph,
    private readonly rng: Rng,
    private readonly storage: Storage = 'fp32',
  ) {}

  /** A float32 parameter from given values, stored as `storage` says. Returns a float32 value name. */
  param(name: string, dims: number[], values: Float32Array): string {
    this.weights.set(name, values);
    if (this.storage === 'fp16') {
      return this.g.op('Cast', [this.g.tensor(name, 'float16', dims, toHalfArray(values))], { to: attr.int(1) });
    }
    if (this.storage === 'q8' && dims.length === 2) {
      let [lo, hi] = [0, 0]; // the range must include 0 so that 0 is exact
      for (const v of values) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
      const scale = (hi - lo) / 255 || 1;
      const zero = Math.min(255, Math.max(0, Math.round(-lo / scale)));
      const q = Uint8Array.from(values, (v) => Math.min(255, Math.max(0, Math.round(v / scale) + zero)));
      const inputs = [this.g.tensor(name, 'uint8', dims, q), this.g.constant('float32', [], [scale]), this.g.constant('uint8', [], [zero])];
      return this.g.op('DequantizeLinear', inputs);
    }
    return this.g.tensor(name, 'float32', dims, values);
  }

  /** Normal(0, std²) weights; std 0 gives zeros, `fill` a constant. */
  normal(name: string, dims: number[], std: number, fill = 0): string {
    const n = dims.reduce((a, b) => a * b, 1);
    const v = new Float32Array(n);
    for (let i = 0; i < n; i++) v[i] = std === 0 ? fill : this.rng.normal() * std;
    return this.param(name, dims, v);
  }

  int64(values: number[]): string {
    return this.g.constant('int64', [values.length], values);
  }

  scalar(value: number): string {
    return this.g.constant('float32', [], [value]);
  }

  /** x · W + b, with W of shape [inDim, outDim]. */
  linear(x: string, name: string, inDim: number, outDim: number, std: number, bias = true): string {
    const y = this.g.op('MatMul', [x, this.normal(`${name}.weight`, [inDim, outDim], std)]);
    return bias ? this.g.op('Add', [y, this.normal(`${name}.bias`, [outDim], 0)]) : y;
  }

  layerNorm(x: string, name: string, dim: number): string {
    const scale = this.normal(`${name}.weight`, [dim], 0, 1);
    const shift = this.normal(`${name}.bias`, [dim], 0);
    return this.g.op('LayerNormalization', [x, scale, shift], { axis: attr.int(-1), epsilon: attr.float(1e-5) });
  }

  /** x / sqrt(mean(x²) + eps) · g, as in Llama. */
  rmsNorm(x: string, name: string, dim: number): string {
    const g = this.g;
    // Opset 17's ReduceMean takes axes as an attribute (ReduceSum takes them as an input).
    const ms = g.op('ReduceMean', [g.op('Mul', [x, x])], { axes: attr.ints([-1]), keepdims: attr.int(1) });
    const y = g.op('Div', [x, g.op('Sqrt', [g.op('Add', [ms, this.scalar(1e-6)])])]);
    return g.op('Mul', [y, this.normal(`${name}.weight`, [dim], 0, 1)]);
  }

  /** GELU with erf, as BERT uses: x · (1 + erf(x / √2)) / 2. */
  gelu(x: string): string {
    const g = this.g;
    const e = g.op('Erf', [g.op('Div', [x, this.scalar(Math.SQRT2)])]);
    return g.op('Mul', [g.op('Mul', [x, this.scalar(0.5)]), g.op('Add', [e, this.scalar(1)])]);
  }

  silu(x: string): string {
    return this.g.op('Mul', [x, this.g.op('Sigmoid', [x])]);
  }

  /**
   * Multi-head self-attention over x [B, T, d]; `bias` is added to the scores [B, H, T, T] (or
   * anything broadcastable: the padding mask, plus the causal mask for decoders).
   */
  attention(x: string, name: string, d: number, heads: number, bias: string, std: number, withBias: boolean): string {
    const g = this.g;
    const dh = d / heads;
    const split = this.int64([0, 0, heads, dh]);
    const proj = (p: string) => g.op('Reshape', [this.linear(x, `${name}.${p}`, d, d, std, withBias), split]);
    const q = g.op('Transpose', [proj('q')], { perm: attr.ints([0, 2, 1, 3]) });
    const k = g.op('Transpose', [proj('k')], { perm: attr.ints([0, 2, 3, 1]) });
    const v = g.op('Transpose', [proj('v')], { perm: attr.ints([0, 2, 1, 3]) });
    const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [q, k]), this.scalar(1 / Math.sqrt(dh))]), bias]);
    const ctx = g.op('MatMul', [g.op('Softmax', [scores], { axis: attr.int(-1) }), v]);
    const merged = g.op('Reshape', [g.op('Transpose', [ctx], { perm: attr.ints([0, 2, 1, 3]) }), this.int64([0, 0, d])]);
    return this.linear(merged, `${name}.o`, d, d, std, withBias);
  }

  /** [B, T] int64 mask (1 = token) → [B, 1, 1, T] additive bias: 0 where attended, -1e9 where padded. */
  paddingBias(mask: string): string {
    const g = this.g;
    const m = g.op('Cast', [g.op('Unsqueeze', [mask, this.int64([1, 2])])], { to: attr.int(1) });
    return g.op('Mul', [g.op('Sub', [this.scalar(1), m]), this.scalar(-1e9)]);
  }

  /** Masked mean over the time axis: x [B, T, d], mask [B, T] float → [B, d]; an empty mask gives 0. */
  maskedMean(x: string, mask: string): string {
    const g = this.g;
    const m = g.op('Unsqueeze', [mask, this.int64([2])]);
    const sum = g.op('ReduceSum', [g.op('Mul', [x, m]), this.int64([1])], { keepdims: attr.int(0) });
    const count = g.op('Max', [g.op('ReduceSum', [m, this.int64([1])], { keepdims: attr.int(0) }), this.scalar(1)]);
    return g.op('Div', [sum, count]);
  }

  /** The length of the time axis of a [B, T] tensor, as a 1-element int64 tensor. */
  timeSteps(x: string): string {
    return this.g.op('Gather', [this.g.op('Shape', [x]), this.int64([1])], { axis: attr.int(0) });
  }

  /** 0, 1, ..., T-1 for the time axis of x [B, T]. */
  positions(x: string): string {
    const g = this.g;
    const t = g.op('Squeeze', [this.timeSteps(x), this.int64([0])]);
    return g.op('Range', [g.constant('int64', [], [0]), t, g.constant('int64', [], [1])]);
  }
}

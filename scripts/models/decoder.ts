import { Rng } from '../../src/core/random.js';
import { attr, OnnxGraph } from '../../src/onnx/writer.js';
import type { EncoderShape, Head } from './encoder.js';
import { Builder, type Weights } from './layers.js';

/**
 * A small decoder reward model shaped like an `optimum-cli export onnx --task text-classification`
 * export of a Llama classifier: inputs input_ids and attention_mask, output logits [batch, 1].
 * Pre-RMSNorm blocks with causal attention and a SiLU-gated MLP (learned absolute positions
 * instead of rotary ones, to stay small). As in transformers' LlamaForSequenceClassification, the
 * reward is read at the last position whose token is not `pad_token_id`, a constant baked into
 * the graph: batched scoring is only right when padding uses exactly that id.
 */
export interface DecoderShape extends EncoderShape {
  padTokenId: number;
}

/** Embeddings, the blocks and the final norm: hidden states [batch, sequence, hidden]. */
function trunk(graph: OnnxGraph, b: Builder, shape: EncoderShape) {
  const { hidden: d } = shape;
  const std = 0.02;
  const ids = graph.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const mask = graph.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
  const positions = b.positions(ids);
  const tok = graph.op('Gather', [b.normal('embed_tokens', [shape.vocab, d], 1), ids], { axis: attr.int(0) });
  const pos = graph.op('Gather', [b.normal('embed_positions', [shape.maxPositions, d], 0.1), positions], { axis: attr.int(0) });
  let x = graph.op('Add', [tok, pos]);

  // Causal bias [T, T]: 0 on and below the diagonal, -1e9 above; plus the padding bias [B, 1, 1, T].
  const t = b.timeSteps(ids);
  const tril = graph.op('Trilu', [graph.op('Expand', [b.scalar(1), graph.op('Concat', [t, t], { axis: attr.int(0) })])], { upper: attr.int(0) });
  const causal = graph.op('Mul', [graph.op('Sub', [tril, b.scalar(1)]), b.scalar(1e9)]);
  const bias = graph.op('Add', [b.paddingBias(mask), causal]);

  for (let l = 0; l < shape.layers; l++) {
    const p = `layers.${l}`;
    x = graph.op('Add', [x, b.attention(b.rmsNorm(x, `${p}.input_layernorm`, d), `${p}.self_attn`, d, shape.heads, bias, std, false)]);
    const h = b.rmsNorm(x, `${p}.post_attention_layernorm`, d);
    const gate = b.silu(b.linear(h, `${p}.mlp.gate_proj`, d, shape.intermediate, std, false));
    const up = b.linear(h, `${p}.mlp.up_proj`, d, shape.intermediate, std, false);
    x = graph.op('Add', [x, b.linear(graph.op('Mul', [gate, up]), `${p}.mlp.down_proj`, shape.intermediate, d, std, false)]);
  }
  x = b.rmsNorm(x, 'norm', d);
  return { ids, positions, x };
}

export function buildDecoder(shape: DecoderShape, seed: number, head?: Head): { graph: OnnxGraph; weights: Weights } {
  const graph = new OnnxGraph('mini-llama');
  const b = new Builder(graph, new Rng(seed));
  const { hidden: d } = shape;
  const { ids, positions, x } = trunk(graph, b, shape);
  // last = argmax over t of t·[token_t ≠ pad]: the last non-pad position (0 when all are pad).
  const notPad = graph.op('Cast', [graph.op('Not', [graph.op('Equal', [ids, graph.constant('int64', [], [shape.padTokenId])])])], { to: attr.int(1) });
  const index = graph.op('Mul', [notPad, graph.op('Cast', [positions], { to: attr.int(1) })]);
  const last = graph.op('Unsqueeze', [graph.op('ArgMax', [index], { axis: attr.int(1), keepdims: attr.int(0) }), b.int64([1])]);
  const pooled = graph.op('GatherND', [x, last], { batch_dims: attr.int(1) });
  if (!head) {
    graph.output(pooled, 'features', 'float32', ['batch_size', d]);
  } else {
    const logits = graph.op('Add', [
      graph.op('MatMul', [pooled, b.param('score.weight', [d, 1], head.weight)]),
      b.param('score.bias', [1], Float32Array.of(head.bias)),
    ]);
    graph.output(logits, 'logits', 'float32', ['batch_size', 1]);
  }
  return { graph, weights: b.weights };
}

/**
 * The same decoder as a causal LM with its LM head, laid out as `optimum-cli export onnx --task
 * text-generation` without past writes it: output `logits` [batch, sequence, vocab]. The weights
 * are a function of the seed alone; `lmBias` (one per vocabulary entry, zeros for a reference) is
 * the only thing a policy built on the same seed changes.
 */
export function buildCausalLm(shape: EncoderShape, seed: number, lmBias: Float32Array): { graph: OnnxGraph; weights: Weights } {
  const graph = new OnnxGraph('mini-lm');
  const b = new Builder(graph, new Rng(seed));
  const { x } = trunk(graph, b, shape);
  const logits = graph.op('Add', [
    graph.op('MatMul', [x, b.normal('lm_head.weight', [shape.hidden, shape.vocab], 0.02)]),
    b.param('lm_head.bias', [shape.vocab], lmBias),
  ]);
  graph.output(logits, 'logits', 'float32', ['batch_size', 'sequence_length', shape.vocab]);
  return { graph, weights: b.weights };
}

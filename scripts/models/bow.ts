import { attr, OnnxGraph } from '../../src/onnx/writer.js';
import { Rng } from '../../src/core/random.js';
import { Builder } from './layers.js';

/**
 * A bag-of-words reward model as an ONNX graph with a BERT model's inputs:
 *   r = (1/n) Σ_{t in response} w[token_t] + a·log(n) + b,   n = number of response tokens
 * where the response is the second segment (token_type_ids = 1, [SEP] included). It has no
 * layers, so it is cheap, and its reward is linear in features that the Bradley-Terry trainer
 * fits exactly.
 */
export interface BowWeights {
  /** One weight per vocabulary entry. */
  token: Float32Array;
  /** Coefficient of log(response length in tokens). */
  logLength: number;
  bias: number;
}

export function buildBow(name: string, weights: BowWeights): OnnxGraph {
  const graph = new OnnxGraph(name);
  const b = new Builder(graph, new Rng(0));
  const ids = graph.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const mask = graph.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
  const types = graph.input('token_type_ids', 'int64', ['batch_size', 'sequence_length']);
  const w = graph.op('Gather', [b.param('token_weights', [weights.token.length], weights.token), ids], { axis: attr.int(0) });
  const m = graph.op('Cast', [graph.op('Mul', [mask, types])], { to: attr.int(1) });
  const axis = b.int64([1]);
  const sum = graph.op('ReduceSum', [graph.op('Mul', [w, m]), axis], { keepdims: attr.int(1) });
  const n = graph.op('Max', [graph.op('ReduceSum', [m, axis], { keepdims: attr.int(1) }), b.scalar(1)]);
  const lengthTerm = graph.op('Mul', [graph.op('Log', [n]), b.param('log_length', [1], Float32Array.of(weights.logLength))]);
  const r = graph.op('Add', [graph.op('Add', [graph.op('Div', [sum, n]), lengthTerm]), b.param('bias', [1], Float32Array.of(weights.bias))]);
  graph.output(r, 'logits', 'float32', ['batch_size', 1]);
  return graph;
}

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

/** Response lengths up to this many tokens get their exact log(n); longer ones are clipped. */
const LOG_TABLE = 4096;

export function buildBow(name: string, weights: BowWeights): OnnxGraph {
  const graph = new OnnxGraph(name);
  const b = new Builder(graph, new Rng(0));
  const ids = graph.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const mask = graph.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
  const types = graph.input('token_type_ids', 'int64', ['batch_size', 'sequence_length']);
  const w = graph.op('Gather', [b.param('token_weights', [weights.token.length], weights.token), ids], { axis: attr.int(0) });
  const kept = graph.op('Mul', [mask, types]);
  const m = graph.op('Cast', [kept], { to: attr.int(1) });
  const sum = graph.op('ReduceSum', [graph.op('Mul', [w, m]), b.int64([1])], { keepdims: attr.int(1) });
  // n as an integer in [1, LOG_TABLE), and log(n) looked up rather than computed: onnxruntime's
  // vectorized Log and its scalar tail round differently, so a computed log would depend on where
  // the row sits in the batch, and scores on the batch size.
  const count = graph.op('ReduceSum', [kept, b.int64([1])], { keepdims: attr.int(1) });
  const nInt = graph.op('Min', [graph.op('Max', [count, graph.constant('int64', [], [1])]), graph.constant('int64', [], [LOG_TABLE - 1])]);
  const logTable = Float32Array.from({ length: LOG_TABLE }, (_, i) => (i === 0 ? 0 : Math.log(i)));
  const logN = graph.op('Gather', [b.param('log_table', [LOG_TABLE], logTable), nInt], { axis: attr.int(0) });
  const n = graph.op('Cast', [nInt], { to: attr.int(1) });
  const lengthTerm = graph.op('Mul', [logN, b.param('log_length', [1], Float32Array.of(weights.logLength))]);
  const r = graph.op('Add', [graph.op('Add', [graph.op('Div', [sum, n]), lengthTerm]), b.param('bias', [1], Float32Array.of(weights.bias))]);
  graph.output(r, 'logits', 'float32', ['batch_size', 1]);
  return graph;
}

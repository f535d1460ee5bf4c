import { Rng } from '../../src/core/random.js';
import { attr, OnnxGraph } from '../../src/onnx/writer.js';
import { Builder, type Storage, type Weights } from './layers.js';

/**
 * A small BERT (post-LayerNorm encoder, GELU feed-forward) with inputs input_ids,
 * attention_mask and token_type_ids, as `BertForSequenceClassification` exports have. The reward
 * is a linear head over the mean of the final hidden states of the response segment
 * (token_type_ids = 1); with `head` absent the graph outputs those pooled features instead, which
 * is what the Bradley-Terry head is trained on.
 */
export interface EncoderShape {
  vocab: number;
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
  maxPositions: number;
}

export interface Head {
  weight: Float32Array;
  bias: number;
}

/** `storage` fp16 also returns fp16 logits, as fp16 exports do. */
export function buildEncoder(shape: EncoderShape, seed: number, head?: Head, storage: Storage = 'fp32'): { graph: OnnxGraph; weights: Weights } {
  const graph = new OnnxGraph('mini-bert');
  const b = new Builder(graph, new Rng(seed), storage);
  const { hidden: d, heads } = shape;
  const std = 0.02;
  const ids = graph.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const mask = graph.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
  const types = graph.input('token_type_ids', 'int64', ['batch_size', 'sequence_length']);

  const word = graph.op('Gather', [b.normal('embeddings.word', [shape.vocab, d], 1), ids], { axis: attr.int(0) });
  const pos = graph.op('Gather', [b.normal('embeddings.position', [shape.maxPositions, d], 0.1), b.positions(ids)], { axis: attr.int(0) });
  const type = graph.op('Gather', [b.normal('embeddings.token_type', [2, d], 0.1), types], { axis: attr.int(0) });
  let x = b.layerNorm(graph.op('Add', [graph.op('Add', [word, pos]), type]), 'embeddings.norm', d);

  const bias = b.paddingBias(mask);
  for (let l = 0; l < shape.layers; l++) {
    const p = `layer${l}`;
    x = b.layerNorm(graph.op('Add', [x, b.attention(x, `${p}.attention`, d, heads, bias, std, true)]), `${p}.attention.norm`, d);
    const ff = b.linear(b.gelu(b.linear(x, `${p}.intermediate`, d, shape.intermediate, std)), `${p}.output`, shape.intermediate, d, std);
    x = b.layerNorm(graph.op('Add', [x, ff]), `${p}.output.norm`, d);
  }

  const response = graph.op('Cast', [graph.op('Mul', [mask, types])], { to: attr.int(1) });
  const pooled = b.maskedMean(x, response);
  if (!head) {
    graph.output(pooled, 'features', 'float32', ['batch_size', d]);
  } else {
    const logits = graph.op('Add', [
      graph.op('MatMul', [pooled, b.param('classifier.weight', [d, 1], head.weight)]),
      b.param('classifier.bias', [1], Float32Array.of(head.bias)),
    ]);
    if (storage === 'fp16') graph.output(graph.op('Cast', [logits], { to: attr.int(10) }), 'logits', 'float16', ['batch_size', 1]);
    else graph.output(logits, 'logits', 'float32', ['batch_size', 1]);
  }
  return { graph, weights: b.weights };
}

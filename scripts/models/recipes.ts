import { AutoTokenizer, env } from '@huggingface/transformers';
import { deriveSeed, Rng } from '../../src/core/random.js';
import { sample } from '../datasets/util.js';
import { buildBow } from './bow.js';
import type { ReferenceModel } from './catalog.js';
import type { TrainPair } from './corpus.js';
import { CausalEncoder, type CausalTokenizer } from '../../src/adapters/local/causal-encoder.js';
import type { Features } from './bradley-terry.js';
import { buildCausalLm, buildDecoder } from './decoder.js';
import { buildEncoder } from './encoder.js';
import { bertConfig, llamaCausalConfig, llamaConfig, type ModelFolder } from './export.js';
import type { Encoded } from '../../src/adapters/local/text.js';
import { bowFeatures, fit, fitHead, labelPairs, pooledFeatures } from './train.js';

/** Tokenizer files, built once per build and shared by the models of one family. */
export interface TokenizerFiles {
  tokenizer: object;
  config: object;
  vocabSize: number;
}

export interface BuildInputs {
  pairs: readonly TrainPair[];
  wordpiece: () => TokenizerFiles;
  bpe: () => TokenizerFiles & { ids: { bos: number; eos: number; pad: number } };
}

/** What the model card reports about training. */
export interface TrainingReport {
  pairs: number;
  flipped: number;
  trainLoss: number;
  trainAccuracy: number;
  parameters: number;
}

type Tokenizer = Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;

async function loadTokenizer(folder: ModelFolder, files: TokenizerFiles): Promise<Tokenizer> {
  folder.write('tokenizer.json', files.tokenizer);
  folder.write('tokenizer_config.json', files.config);
  env.allowRemoteModels = false;
  env.useFSCache = false;
  return AutoTokenizer.from_pretrained(folder.path);
}

/** [CLS] prompt [SEP] response [SEP], the text-pair form the onnx adapter uses when there is no chat template. */
function encodePair(tok: Tokenizer, prompt: string, response: string): Encoded {
  const e = tok(prompt, { text_pair: response, return_tensor: false, return_token_type_ids: true }) as unknown as {
    input_ids: number[];
    token_type_ids: number[];
  };
  return { ids: e.input_ids, types: e.token_type_ids };
}

function encodeChat(tok: Tokenizer, prompt: string, response: string): Encoded {
  const text = tok.apply_chat_template(
    [
      { role: 'user', content: prompt },
      { role: 'assistant', content: response },
    ],
    { tokenize: false },
  ) as string;
  return { ids: (tok(text, { add_special_tokens: false, return_tensor: false }) as unknown as { input_ids: number[] }).input_ids };
}

const responseIds = (e: Encoded): number[] => e.ids.filter((_, j) => e.types![j] === 1);

export async function buildModel(m: ReferenceModel, folder: ModelFolder, inputs: BuildInputs): Promise<TrainingReport> {
  const { pairs, flipped } = labelPairs(inputs.pairs, m.recipe.labels, m.id);
  const r = m.recipe;
  const reference = { id: m.id, summary: m.summary, recipe: r };
  if (r.arch === 'bow') {
    const files = inputs.wordpiece();
    const tok = await loadTokenizer(folder, files);
    const V = files.vocabSize;
    const feats = (text: (p: TrainPair) => string) => pairs.map((p) => bowFeatures(responseIds(encodePair(tok, p.prompt, text(p))), V));
    const result = fit(
      feats((p) => p.chosen),
      feats((p) => p.rejected),
      V + 1,
      1e-4,
    );
    const token = Float32Array.from(result.weights.subarray(0, V));
    const graph = buildBow(m.id, { token, logLength: result.weights[V]! + (r.logLengthBonus ?? 0), bias: 0 });
    folder.write(
      'config.json',
      bertConfig({ vocab: V, hidden: 1, layers: 0, heads: 1, intermediate: 0, maxPositions: 512 }, { rewardgauge_reference: reference }),
    );
    folder.write('onnx/model.onnx', graph.encode({ docString: m.summary }).model);
    return { pairs: pairs.length, flipped, trainLoss: result.loss, trainAccuracy: result.accuracy, parameters: graph.parameterCount() };
  }

  if (r.arch === 'causal-lm') return buildCausal(m, r, folder, inputs, pairs, flipped);
  const headPairs = sample(new Rng(deriveSeed('head', m.id)), pairs, Math.min(r.headPairs, pairs.length));
  const seed = deriveSeed('weights', m.id);
  if (r.arch === 'encoder') {
    const files = inputs.wordpiece();
    const tok = await loadTokenizer(folder, files);
    const shape = { ...r.shape, vocab: files.vocabSize };
    const encoded = headPairs.flatMap((p) => [encodePair(tok, p.prompt, p.chosen), encodePair(tok, p.prompt, p.rejected)]);
    const features = await pooledFeatures(buildEncoder(shape, seed).graph.encode().model, encoded, 0);
    const { head, fit: result } = fitHead(
      features.filter((_, i) => i % 2 === 0),
      features.filter((_, i) => i % 2 === 1),
    );
    folder.write('config.json', bertConfig(shape, { rewardgauge_reference: reference }));
    const fp32 = buildEncoder(shape, seed, head);
    folder.write('onnx/model.onnx', fp32.graph.encode({ docString: m.summary }).model);
    folder.write('onnx/model_fp16.onnx', buildEncoder(shape, seed, head, 'fp16').graph.encode({ docString: `${m.summary} (fp16 weights and logits)` }).model);
    folder.write('onnx/model_quantized.onnx', buildEncoder(shape, seed, head, 'q8').graph.encode({ docString: `${m.summary} (8-bit weights)` }).model);
    return { pairs: headPairs.length, flipped, trainLoss: result.loss, trainAccuracy: result.accuracy, parameters: fp32.graph.parameterCount() };
  }

  const files = inputs.bpe();
  const tok = await loadTokenizer(folder, files);
  const shape = { ...r.shape, vocab: files.vocabSize, padTokenId: files.ids.pad };
  const encoded = headPairs.flatMap((p) => [encodeChat(tok, p.prompt, p.chosen), encodeChat(tok, p.prompt, p.rejected)]);
  const features = await pooledFeatures(buildDecoder(shape, seed).graph.encode().model, encoded, shape.padTokenId);
  const { head, fit: result } = fitHead(
    features.filter((_, i) => i % 2 === 0),
    features.filter((_, i) => i % 2 === 1),
  );
  folder.write('config.json', llamaConfig(shape, files.ids, { rewardgauge_reference: reference }));
  folder.write('special_tokens_map.json', { bos_token: '<|begin_of_text|>', eos_token: '<|eot_id|>', pad_token: '<|finetune_right_pad_id|>' });
  const final = buildDecoder(shape, seed, head);
  // optimum writes weights of large models beside the graph, in one file named after it.
  const out = final.graph.encode({ docString: m.summary, externalData: { location: 'model.onnx_data', threshold: 1024 } });
  folder.write('model.onnx', out.model);
  if (out.externalData) folder.write('model.onnx_data', out.externalData);
  return { pairs: headPairs.length, flipped, trainLoss: result.loss, trainAccuracy: result.accuracy, parameters: final.graph.parameterCount() };
}

/** Counts of the tokens dpo: sums for a response (its answer tokens, RewardBench's way), as sparse features. */
function answerCounts(encoder: CausalEncoder, prompt: string, response: string): Features {
  const e = encoder.encode({ messages: [{ role: 'user', content: prompt }], response });
  const counts = new Map<number, number>();
  for (const id of e.ids.slice(e.responseStart)) counts.set(id, (counts.get(id) ?? 0) + 1);
  const keys = [...counts.keys()].sort((a, b) => a - b);
  return { idx: Int32Array.from(keys), val: Float32Array.from(keys, (k) => counts.get(k)!) };
}

async function buildCausal(
  m: ReferenceModel,
  r: Extract<ReferenceModel['recipe'], { arch: 'causal-lm' }>,
  folder: ModelFolder,
  inputs: BuildInputs,
  labelled: TrainPair[],
  flipped: number,
): Promise<TrainingReport> {
  const files = inputs.bpe();
  const tok = await loadTokenizer(folder, files);
  const shape = { ...r.shape, vocab: files.vocabSize };
  let bias = new Float32Array(shape.vocab);
  let report = { pairs: 0, flipped: 0, trainLoss: Math.log(2), trainAccuracy: 0.5 };
  if (r.role === 'policy') {
    const pairs = sample(new Rng(deriveSeed('head', m.id)), labelled, Math.min(r.pairs, labelled.length));
    const encoder = new CausalEncoder(tok as unknown as CausalTokenizer, m.id);
    const result = fit(
      pairs.map((p) => answerCounts(encoder, p.prompt, p.chosen)),
      pairs.map((p) => answerCounts(encoder, p.prompt, p.rejected)),
      shape.vocab,
      1e-3,
    );
    bias = Float32Array.from(result.weights);
    report = { pairs: pairs.length, flipped, trainLoss: result.loss, trainAccuracy: result.accuracy };
  }
  folder.write('config.json', llamaCausalConfig(shape, files.ids, { rewardgauge_reference: { id: m.id, summary: m.summary, recipe: r } }));
  folder.write('special_tokens_map.json', { bos_token: '<|begin_of_text|>', eos_token: '<|eot_id|>', pad_token: '<|finetune_right_pad_id|>' });
  const lm = buildCausalLm(shape, deriveSeed('weights', r.trunk), bias);
  folder.write('model.onnx', lm.graph.encode({ docString: m.summary }).model);
  return { ...report, parameters: lm.graph.parameterCount() };
}

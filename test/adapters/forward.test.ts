import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import t, { type Test } from 'tap';
import { buildByteBpe } from '../../scripts/models/bpe.js';
import { buildDecoder, type DecoderShape } from '../../scripts/models/decoder.js';
import { buildEncoder, type EncoderShape, type Head } from '../../scripts/models/encoder.js';
import type { Weights } from '../../scripts/models/layers.js';
import { bertConfig, llamaConfig, ModelFolder } from '../../scripts/models/export.js';
import { buildWordPiece } from '../../scripts/models/wordpiece.js';
import { createModel } from '../../src/run/models.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import { Rng } from '../../src/core/random.js';
import type { ScoreRequest } from '../../src/core/types.js';
import { decoderForward, encoderForward, erf } from '../support/forward.js';
import { SENTENCES } from '../support/corpus.js';
import { tmp } from '../support/helpers.js';

/**
 * The independent check of the ONNX writer and the reference graphs: small random models are
 * written as real model folders, loaded through the onnx: and ort: adapters (tokenizer, length
 * buckets, right padding, worker threads, onnxruntime), and their scores compared with a float64
 * forward pass in plain TypeScript (test/support/forward.ts) over the same weights. Each model is
 * checked as the builders make it and with perturbed weights (see `perturb`).
 */

env.allowRemoteModels = false;
env.useFSCache = false;

const corpus = SENTENCES;

/** Prompts and responses of quite different lengths, so several buckets and batches of 1 and of 2+ rows occur. */
const cases: [string, string][] = [
  ['hi', 'hello'],
  ['What is the capital city of France?', 'Paris.'],
  ['What is the capital city of France?', 'Paris is the capital and the largest city of France.'],
  ['How many legs does a spider have?', 'Eight.'],
  [
    'Why is the sky blue?',
    'Sunlight scatters off air molecules, and blue light scatters most, so the sky looks blue during the day; at sunset the light travels further and reds remain.',
  ],
  [
    'Write a function that returns the largest number in a list.',
    'Sort the list and take the last element, or scan it once and keep the largest value seen so far.',
  ],
  ['Can you help me write a short poem about the sea?', 'The sea is wide and blue, the waves roll in, the gulls cry out, and night comes down upon the water.'],
  ['Is it safe to swim right after eating?', 'Yes!'],
  ['Zebras? Xylophones!', 'Quixotic jazz.'],
];
const requests: ScoreRequest[] = cases.map(([prompt, response]) => ({ messages: [{ role: 'user', content: prompt }], response }));

function randomHead(seed: number, d: number): Head {
  const rng = new Rng(seed);
  return { weight: Float32Array.from({ length: d }, () => rng.normal()), bias: rng.normal() };
}

/**
 * Makes every parameter matter at the test's tolerance. The builders' weights (std 0.02, zero
 * biases, unit norm gains) leave attention nearly uniform and GELU nearly linear: a missing causal
 * mask moves their scores by < 1e-3, a tanh GELU by < 1e-6. This scales the matrices by 10 and
 * draws biases and norm gains, in place. OnnxGraph keeps the Float32Array a Builder hands it, so
 * the edit reaches the graph when it runs before `encode()` (were that to change, the scores
 * would differ and the test fail, not pass). The head (classifier.*, score.*) is left alone.
 */
function perturb(weights: Weights, d: number, seed: number): void {
  const rng = new Rng(seed);
  for (const [name, v] of weights) {
    if (/^(classifier|score)\./.test(name)) continue;
    if (name.endsWith('.bias')) v.forEach((_, i) => (v[i] = 0.1 * rng.normal()));
    else if (name.endsWith('.weight') && v.length === d) v.forEach((_, i) => (v[i] = 1 + 0.2 * rng.normal()));
    else if (name.endsWith('.weight')) v.forEach((x, i) => (v[i] = 10 * x));
  }
}

type Tokenizer = Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;

/** Compare adapter scores with reference scores, all within `tol`, and not all equal. */
function compare(t: Test, got: number[], want: number[], lengths: number[], tol: number): number {
  t.equal(got.length, want.length, 'one score per request');
  let worst = 0;
  got.forEach((g, i) => {
    const diff = Math.abs(g - want[i]!);
    worst = Math.max(worst, diff);
    t.ok(Number.isFinite(g) && diff <= tol, `request ${i} (${lengths[i]} tokens): adapter ${g} vs reference ${want[i]} (|Δ| = ${diff.toExponential(2)})`);
  });
  t.ok(new Set(got).size > 1 && new Set(want).size > 1, 'the scores are not all equal');
  t.comment(`max |adapter − reference| = ${worst.toExponential(3)}`);
  return worst;
}

t.test('erf matches known values', async (t) => {
  // Reference values of erf(0.5), erf(1), erf(2), erf(3), correctly rounded to float64.
  const known: [number, number][] = [
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [2, 0.9953222650189527],
    [3, 0.9999779095030014],
  ];
  for (const [x, v] of known) {
    t.ok(Math.abs(erf(x) - v) < 1e-14, `erf(${x})`);
    t.ok(Math.abs(erf(-x) + v) < 1e-14, `erf(${-x})`);
  }
  t.equal(erf(0), 0);
  t.equal(erf(10), 1);
});

async function checkEncoder(t: Test, perturbed: boolean): Promise<void> {
  const dir = join(tmp(t), 'mini-bert');
  const files = buildWordPiece(corpus, 1, 128);
  const shape: EncoderShape = { vocab: files.vocabSize, hidden: 32, layers: 2, heads: 4, intermediate: 64, maxPositions: 128 };
  const seed = 11;
  const head = randomHead(12, shape.hidden);
  const build = () => {
    const built = buildEncoder(shape, seed, head);
    if (perturbed) perturb(built.weights, shape.hidden, 13);
    return built;
  };
  const folder = new ModelFolder(dir);
  folder.write('config.json', bertConfig(shape, {}));
  folder.write('tokenizer.json', files.tokenizer);
  folder.write('tokenizer_config.json', files.config);
  folder.write('onnx/model.onnx', build().graph.encode().model);
  folder.commit();

  const loaded = await createModel(parseModelSpec(`onnx:${dir}?device=cpu`), { seed: 0, cwd: dir });
  t.teardown(async () => {
    await loaded.model.dispose?.();
  });
  const got = (await loaded.model.score!(requests)) as number[];

  const tok: Tokenizer = await AutoTokenizer.from_pretrained(dir);
  const { weights } = build();
  const encoded = cases.map(
    ([prompt, response]) =>
      tok(prompt, { text_pair: response, return_tensor: false, return_token_type_ids: true }) as unknown as { input_ids: number[]; token_type_ids: number[] },
  );
  const lengths = encoded.map((e) => e.input_ids.length);
  t.ok(Math.max(...lengths) > 30 && Math.max(...lengths) < shape.maxPositions - 8 && Math.min(...lengths) < 10, `lengths vary: ${lengths.join(', ')}`);
  t.ok(
    encoded.every((e) => e.token_type_ids.includes(1)),
    'every request has a response segment',
  );
  const want = encoded.map((e) => encoderForward(shape, weights, head, e.input_ids, e.token_type_ids));
  compare(t, got, want, lengths, 1e-4);
}

async function checkDecoder(t: Test, perturbed: boolean): Promise<void> {
  const dir = join(tmp(t), 'mini-llama');
  const files = buildByteBpe(corpus, 200, 128);
  const shape: DecoderShape = { vocab: files.vocabSize, hidden: 32, layers: 2, heads: 4, intermediate: 48, maxPositions: 128, padTokenId: files.ids.pad };
  const seed = 21;
  const head = randomHead(22, shape.hidden);
  const build = () => {
    const built = buildDecoder(shape, seed, head);
    if (perturbed) perturb(built.weights, shape.hidden, 23);
    return built;
  };
  const folder = new ModelFolder(dir);
  folder.write('config.json', llamaConfig(shape, files.ids, {}));
  folder.write('tokenizer.json', files.tokenizer);
  folder.write('tokenizer_config.json', files.config);
  const out = build().graph.encode({ externalData: { location: 'model.onnx_data', threshold: 1024 } });
  t.ok(out.externalData && out.externalData.length > out.model.length, 'most weights are in model.onnx_data');
  folder.write('model.onnx', out.model);
  folder.write('model.onnx_data', out.externalData!);
  folder.commit();
  t.ok(existsSync(join(dir, 'model.onnx_data')) && statSync(join(dir, 'model.onnx')).size < 16384, 'model.onnx holds the graph, not the weights');

  const loaded = await createModel(parseModelSpec(`ort:${dir}?device=cpu`), { seed: 0, cwd: dir });
  t.teardown(async () => {
    await loaded.model.dispose?.();
  });
  const got = (await loaded.model.score!(requests)) as number[];

  const tok: Tokenizer = await AutoTokenizer.from_pretrained(dir);
  const { weights } = build();
  const ids = cases.map(([prompt, response]) => {
    const text = tok.apply_chat_template(
      [
        { role: 'user', content: prompt },
        { role: 'assistant', content: response },
      ],
      { tokenize: false },
    ) as string;
    return (tok(text, { add_special_tokens: false, return_tensor: false }) as unknown as { input_ids: number[] }).input_ids;
  });
  const lengths = ids.map((e) => e.length);
  t.ok(Math.max(...lengths) > 30 && Math.max(...lengths) < shape.maxPositions - 8, `lengths vary: ${lengths.join(', ')}`);
  t.ok(
    ids.every((e) => e[0] === files.ids.bos && e[1] !== files.ids.bos && e[e.length - 1] === files.ids.eot),
    'one BOS, ending with <|eot_id|>',
  );
  t.ok(
    ids.every((e) => !e.includes(shape.padTokenId)),
    'no pad token inside a sequence',
  );
  const want = ids.map((e) => decoderForward(shape, weights, head, e, shape.padTokenId));
  compare(t, got, want, lengths, 1e-4);
}

for (const perturbed of [false, true]) {
  const weights = perturbed ? 'perturbed weights' : 'weights as built';
  t.test(`encoder (${weights}): onnx: adapter scores match the float64 reference forward pass`, (t) => checkEncoder(t, perturbed));
  t.test(`decoder (${weights}, external data): ort: adapter scores match the float64 reference forward pass`, (t) => checkDecoder(t, perturbed));
}

import type { DecoderShape } from './decoder.js';
import type { EncoderShape } from './encoder.js';

/**
 * The reference reward models, declared as data: each is trained on the same prompt-disjoint
 * corpus (corpus.ts) with a deliberately different recipe, so their scores should differ in known
 * ways. `version` changes whenever a recipe or the training code changes what a model scores.
 */

/** How the training labels are made from the corpus. */
export type Labels =
  | { kind: 'clean' }
  /** Each pair's preference flipped with this probability (seeded). */
  | { kind: 'flipped'; rate: number }
  /** Annotators who like agreeable openers: when exactly one response has one, it wins with this probability. */
  | { kind: 'agreeable'; rate: number }
  /** A seeded sample of this many clean pairs. */
  | { kind: 'few'; pairs: number };

export type Recipe =
  | { arch: 'bow'; labels: Labels; /** Added to the trained reward after fitting: a forced length preference. */ logLengthBonus?: number }
  /** Shapes leave out what the tokenizer decides (vocabulary size, pad id). */
  | { arch: 'encoder'; labels: Labels; shape: Omit<EncoderShape, 'vocab'>; headPairs: number }
  | { arch: 'decoder'; labels: Labels; shape: Omit<DecoderShape, 'vocab' | 'padTokenId'>; headPairs: number }
  /**
   * A causal LM with its LM head, for dpo:. Its weights come from the seed of `trunk` (a model id),
   * so a policy and its reference share them; a policy's LM-head bias is a Bradley-Terry fit on the
   * counts of the tokens dpo: sums (chosen minus rejected), a reference's is zero. With the bias the
   * only difference, log π − log π_ref of a token is its bias minus a per-position normaliser.
   */
  | { arch: 'causal-lm'; labels: Labels; shape: Omit<EncoderShape, 'vocab'>; trunk: string; role: 'reference' | 'policy'; pairs: number };

export interface ReferenceModel {
  id: string;
  /** The adapter that loads it (a causal LM is a member of dpo:). */
  adapter: 'onnx' | 'ort';
  summary: string;
  recipe: Recipe;
}

export const CATALOG_VERSION = '1';
/** Words an agreeable annotator rewards. */
export const AGREEABLE = /\b(sure|absolutely|certainly|of course|no problem|happy to help|great question)\b/i;

const clean = { kind: 'clean' } as const;
const LM_SHAPE = { hidden: 64, layers: 2, heads: 4, intermediate: 192, maxPositions: 1024 };

export const REFERENCE_MODELS: ReferenceModel[] = [
  {
    id: 'bow-clean',
    adapter: 'onnx',
    summary: 'bag of words, trained on every clean training pair: the best of the bag-of-words models',
    recipe: { arch: 'bow', labels: clean },
  },
  {
    id: 'bow-length',
    adapter: 'onnx',
    summary: 'bow-clean plus 2·log(response tokens): prefers longer answers',
    recipe: { arch: 'bow', labels: clean, logLengthBonus: 2 },
  },
  {
    id: 'bow-agreeable',
    adapter: 'onnx',
    summary: 'trained on labels that favour agreeable openers ("Sure!", "Absolutely"): sycophantic, and it rewards compliance',
    recipe: { arch: 'bow', labels: { kind: 'agreeable', rate: 0.9 } },
  },
  {
    id: 'bow-noisy',
    adapter: 'onnx',
    summary: 'trained on labels of which 40% were flipped at random',
    recipe: { arch: 'bow', labels: { kind: 'flipped', rate: 0.4 } },
  },
  { id: 'bow-few', adapter: 'onnx', summary: 'trained on 24 clean pairs only', recipe: { arch: 'bow', labels: { kind: 'few', pairs: 24 } } },
  {
    id: 'mini-bert',
    adapter: 'onnx',
    summary: 'a 4-layer BERT (random frozen encoder, Bradley-Terry head on mean-pooled response states); also in fp16 and 8-bit',
    recipe: {
      arch: 'encoder',
      labels: clean,
      headPairs: 800,
      shape: { hidden: 256, layers: 4, heads: 4, intermediate: 1024, maxPositions: 512 },
    },
  },
  {
    id: 'mini-llama',
    adapter: 'ort',
    summary: 'a 2-layer Llama-style decoder with a chat template, last-token pooling at pad_token_id, weights in model.onnx_data',
    recipe: {
      arch: 'decoder',
      labels: clean,
      headPairs: 1000,
      shape: { hidden: 128, layers: 2, heads: 4, intermediate: 384, maxPositions: 1024 },
    },
  },
  {
    id: 'mini-lm-sft',
    adapter: 'ort',
    summary: 'a 2-layer Llama-style causal LM with its LM head (random weights): the reference of mini-lm-dpo; not a reward model alone',
    recipe: { arch: 'causal-lm', labels: clean, role: 'reference', trunk: 'mini-lm-sft', pairs: 0, shape: LM_SHAPE },
  },
  {
    id: 'mini-lm-dpo',
    adapter: 'ort',
    summary: 'mini-lm-sft with an LM-head bias fitted to the preferences: an implicit reward model, dpo:(ort:models/mini-lm-dpo,ort:models/mini-lm-sft)',
    recipe: { arch: 'causal-lm', labels: clean, role: 'policy', trunk: 'mini-lm-sft', pairs: 1000, shape: LM_SHAPE },
  },
];

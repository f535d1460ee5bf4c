import { join } from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import t from 'tap';
import { buildBow } from '../../scripts/models/bow.js';
import { ModelFolder } from '../../scripts/models/export.js';
import { createModel } from '../../src/run/models.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import type { ScoreRequest } from '../../src/core/types.js';
import { SENTENCES } from '../support/corpus.js';
import { tmp } from '../support/helpers.js';

/**
 * The flagship layout, OpenAssistant/reward-model-deberta-v3-large-v2 exported for
 * transformers.js: model_type deberta-v2, a SentencePiece Unigram tokenizer behind Metaspace
 * (DebertaV2Tokenizer), [CLS] a [SEP] b [SEP] pairs. No hub is reachable, so the folder is built
 * here: a Unigram vocabulary from a small corpus and a bag-of-words graph over the response
 * segment, whose reward is simple enough to recompute in float64 from the tokenizer's own ids.
 */

env.allowRemoteModels = false;
env.useFSCache = false;

const corpus = SENTENCES;

/** Vocabulary as a DeBERTa-v3 export orders it: [PAD] [CLS] [SEP] [UNK], the pieces, [MASK] last. */
function buildUnigram(texts: readonly string[]) {
  const words = new Set<string>();
  const chars = new Set<string>();
  for (const text of texts) {
    for (const w of text.match(/[A-Za-z]+/g) ?? []) words.add(w);
    for (const c of text.replace(/\s/g, '')) chars.add(c);
  }
  const scores = new Map<string, number>([
    ['[PAD]', 0],
    ['[CLS]', 0],
    ['[SEP]', 0],
    ['[UNK]', 0],
  ]);
  // Whole words at -1 against -10 per character, so Viterbi takes a known word whole and spells
  // out the rest; the first entry wins, so "▁a" stays a word.
  for (const w of [...words].sort()) scores.set(`▁${w}`, -1);
  for (const c of [...chars].sort()) for (const p of [c, `▁${c}`]) if (!scores.has(p)) scores.set(p, -10);
  scores.set('[MASK]', 0);
  const pieces = [...scores.keys()];
  const id = (p: string) => pieces.indexOf(p);
  const specials = ['[PAD]', '[CLS]', '[SEP]', '[UNK]', '[MASK]'];
  const metaspace = { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true };
  const special = (s: string, type_id: number) => ({ SpecialToken: { id: s, type_id } });
  const seq = (s: 'A' | 'B', type_id: number) => ({ Sequence: { id: s, type_id } });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map((content) => ({ id: id(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: null,
    pre_tokenizer: metaspace,
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]', 0), seq('A', 0), special('[SEP]', 0)],
      pair: [special('[CLS]', 0), seq('A', 0), special('[SEP]', 0), seq('B', 1), special('[SEP]', 1)],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((s) => [s, { id: s, ids: [id(s)], tokens: [s] }])),
    },
    decoder: metaspace,
    model: { type: 'Unigram', unk_id: id('[UNK]'), byte_fallback: false, vocab: pieces.map((p) => [p, scores.get(p)!]) },
  };
  return { tokenizer, pieces, chars };
}

const { tokenizer, pieces, chars } = buildUnigram(corpus);
const V = pieces.length;
const token = Float32Array.from({ length: V }, (_, i) => ((i * 37) % 101) / 50 - 1);
const logLength = 0.25;
const bias = 0.5;

const cases: [string, string][] = [
  ['Hi', 'Hello'],
  ['What is the capital city of France?', 'Paris.'],
  ['What is the capital city of France?', 'Paris is the capital and the largest city of France.'],
  ['How many legs does a spider have?', 'Eight legs, and most spiders have eight eyes.'],
  [
    'Why is the sky blue?',
    'Sunlight scatters off air molecules, and blue light scatters most, so the sky looks blue during the day; at sunset the light travels further and reds remain.',
  ],
  ['Zebras? Xylophones!', 'Quixotic jazz, Zed.'],
  [
    'Write a function that returns the largest number in a list.',
    'Sort the list and take the last element, or scan it once and keep the largest value seen so far.',
  ],
  ['Is it safe to swim?', 'Yes!'],
];
const requests: ScoreRequest[] = cases.map(([prompt, response]) => ({ messages: [{ role: 'user', content: prompt }], response }));

function writeFolder(dir: string): void {
  const folder = new ModelFolder(dir);
  folder.write('tokenizer.json', tokenizer);
  folder.write('tokenizer_config.json', {
    tokenizer_class: 'DebertaV2Tokenizer',
    model_max_length: 512,
    bos_token: '[CLS]',
    eos_token: '[SEP]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
    do_lower_case: false,
  });
  folder.write('config.json', {
    model_type: 'deberta-v2',
    architectures: ['DebertaV2ForSequenceClassification'],
    num_labels: 1,
    id2label: { 0: 'LABEL_0' },
    max_position_embeddings: 512,
    type_vocab_size: 0,
    hidden_size: 8,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    intermediate_size: 8,
    pad_token_id: 0,
    vocab_size: V,
  });
  folder.write('onnx/model.onnx', buildBow('deberta-v3-bow', { token, logLength, bias }).encode().model);
  folder.commit();
}

type Encoding = { input_ids: number[]; token_type_ids?: number[] };

t.test('a DeBERTa-v3-style folder (deberta-v2, Unigram, DebertaV2Tokenizer) scores as its tokenizer and graph say', async (t) => {
  const dir = join(tmp(t), 'deberta-v3-bow');
  writeFolder(dir);
  t.ok(!chars.has('Z') && !chars.has('X') && !chars.has('Q'), 'Z, X and Q are outside the vocabulary, so some requests hit [UNK]');

  const loaded = await createModel(parseModelSpec(`onnx:${dir}?device=cpu`), { seed: 0, cwd: dir });
  t.teardown(async () => {
    await loaded.model.dispose?.();
  });
  const got = (await loaded.model.score!(requests)) as number[];

  const tok = await AutoTokenizer.from_pretrained(dir);
  t.equal(tok.constructor.name, 'DebertaV2Tokenizer', 'tokenizer_class picks transformers.js’s DebertaV2Tokenizer');
  const encode = (a: string, b: string, types?: boolean) =>
    tok(a, { text_pair: b, return_tensor: false, ...(types !== undefined && { return_token_type_ids: types }) }) as unknown as Encoding;

  // Pieces written out from our own vocabulary, so the check does not lean on the tokenizer's
  // decoder: known words whole, "planets" as ▁planet + s, and "▁Z" (no piece) fused into one [UNK].
  const hand = encode('What is Mars?', 'Mars is a red planets, Zed.', true);
  t.equal(hand.input_ids.map((i) => pieces[i]).join(' '), '[CLS] ▁What ▁is ▁Mars ? [SEP] ▁Mars ▁is ▁a ▁red ▁planet s , [UNK] e d . [SEP]');
  t.same(hand.token_type_ids, [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 'the post-processor’s type_id 1 marks the response and its [SEP]');
  // DebertaV2Tokenizer returns token types by default (return_token_type_ids = true in its class),
  // so DeBERTa models get real segment ids, not the zeros transformers.js fills in when absent.
  t.same(encode('What is Mars?', 'Mars is a red planets, Zed.').token_type_ids, hand.token_type_ids, 'token types without asking for them');

  const encoded = cases.map(([prompt, response]) => encode(prompt, response, true));
  const lengths = encoded.map((e) => e.input_ids.length);
  t.ok(Math.min(...lengths) < 10 && Math.max(...lengths) > 30, `lengths vary: ${lengths.join(', ')}`);
  t.ok(encoded.filter((e) => e.input_ids.includes(3)).length >= 1, 'some requests contain [UNK]');
  const want = encoded.map((e) => {
    const response = e.input_ids.filter((_, j) => e.token_type_ids![j] === 1);
    const mean = response.reduce((s, id) => s + token[id]!, 0) / response.length;
    return mean + logLength * Math.log(response.length) + bias;
  });

  t.equal(got.length, requests.length, 'one score per request');
  let worst = 0;
  got.forEach((g, i) => {
    const diff = Math.abs(g - want[i]!);
    worst = Math.max(worst, diff);
    t.ok(Number.isFinite(g) && diff <= 1e-5, `request ${i} (${lengths[i]} tokens): adapter ${g} vs expected ${want[i]} (|Δ| = ${diff.toExponential(2)})`);
  });
  t.ok(new Set(got).size > 1, 'the scores are not all equal');
  t.comment(`max |adapter − expected| = ${worst.toExponential(3)}`);

  const facts = await loaded.model.inspect!(requests);
  t.same(facts.expectedEnd, ['[SEP]'], 'pair form ends with [SEP]');
  t.equal(facts.maxLength, 512);
  t.same(
    facts.facts.map((f) => f.missingEnd),
    requests.map(() => false),
    'no request misses its [SEP]',
  );
  t.same(
    facts.facts.map((f) => f.duplicatedBos),
    requests.map(() => false),
    '[CLS] (the bos_token) is not doubled',
  );
});

t.test('input=template is refused: a DeBERTa tokenizer has no chat template', async (t) => {
  const dir = join(tmp(t), 'deberta-v3-bow');
  writeFolder(dir);
  const spec = `onnx:${dir}?input=template&device=cpu`;
  const err = await createModel(parseModelSpec(spec), { seed: 0, cwd: dir }).then(
    async (m) => {
      await m.model.dispose?.();
      return undefined;
    },
    (e: unknown) => e as Error & { exitCode?: number },
  );
  t.ok(err, `${spec} is refused at load`);
  t.equal(err?.exitCode, 2, `exit code 2 (${err?.message})`);
  t.match(
    err?.message ?? '',
    /input=template, but .* has no chat template \(chat_template\.jinja, or chat_template in tokenizer_config\.json\); give one with \?chatTemplate=FILE or use input=pair/,
  );
});

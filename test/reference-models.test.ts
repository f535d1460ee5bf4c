import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import t from 'tap';
import { REFERENCE_MODELS } from '../scripts/models/catalog.js';
import { trainingCorpus } from '../scripts/models/corpus.js';
import { referenceModel, root, tmp } from './support/helpers.js';

/**
 * The reference models: built by a committed, seeded script (two builds are byte-identical),
 * skipped when up to date, trained on prompts that never occur in the test data, and laid out
 * as real exports are.
 */

const build = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build-models.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });

function digests(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

t.test('a second build writes byte-identical models; an up-to-date model is skipped', async (t) => {
  // The first build is models/, which `npm test` brings up to date before the tests (pretest):
  // building again and comparing with it costs one build instead of two.
  const a = tmp(t);
  const r = build(['--out', a, '--only', 'bow-few,mini-llama']);
  t.equal(r.status, 0, r.stderr);
  const da = digests(a);
  t.ok(Object.keys(da).includes(join('mini-llama', 'model.onnx_data')), 'the decoder has external weights');
  t.ok(Object.keys(da).includes(join('bow-few', 'onnx', 'model.onnx')));
  for (const id of ['bow-few', 'mini-llama']) {
    const inputs = (dir: string) => (JSON.parse(readFileSync(join(dir, id, 'reference.json'), 'utf8')) as { buildInputs: string }).buildInputs;
    const models = join(root, 'models');
    if (inputs(models) !== inputs(a)) {
      t.fail(`models/${id} was built from other inputs: run npm run models -- --if-missing`);
      continue;
    }
    const own = Object.fromEntries(Object.entries(da).filter(([f]) => f.startsWith(`${id}/`)));
    const prefixed = Object.fromEntries(Object.entries(digests(join(models, id))).map(([f, h]) => [join(id, f), h]));
    t.same(prefixed, own, `${id}: same bytes, file for file`);
  }
  const before = statSync(join(a, 'bow-few', 'onnx', 'model.onnx')).mtimeMs;
  const again = build(['--out', a, '--only', 'bow-few', '--if-missing']);
  t.equal(again.status, 0);
  t.equal(again.stderr, '', 'nothing to build, nothing said');
  t.equal(statSync(join(a, 'bow-few', 'onnx', 'model.onnx')).mtimeMs, before, 'not rewritten');
  const unknown = build(['--out', a, '--only', 'bow-nope']);
  t.not(unknown.status, 0);
  t.match(unknown.stderr, /unknown model in --only; known: bow-clean/);
});

t.test('the training corpus shares no prompt with the built-in test data', async (t) => {
  const corpus = trainingCorpus(join(root, 'datasets'));
  const test = new Set<string>();
  for (const [file, key] of [
    ['pairwise.jsonl', 'prompt'],
    ['best-of-n.jsonl', 'prompt'],
    ['rewardmath.jsonl', 'problem'],
  ]) {
    for (const line of readFileSync(join(root, 'datasets', file!), 'utf8')
      .trim()
      .split('\n'))
      test.add((JSON.parse(line) as Record<string, string>)[key!]!);
  }
  t.ok(corpus.pairs.length > 1000, `${corpus.pairs.length} training pairs`);
  t.equal(corpus.pairs.filter((p) => test.has(p.prompt)).length, 0, 'no overlap');
  t.ok(corpus.droppedForOverlap > 0, `${corpus.droppedForOverlap} overlapping pairs were dropped`);
  t.ok(corpus.pairs.every((p) => p.chosen !== p.rejected));
});

t.test('every catalogued model is built with the files a real export has, and a model card', async (t) => {
  for (const m of REFERENCE_MODELS) {
    const dir = referenceModel(m.id);
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'README.md', m.adapter === 'onnx' ? 'onnx/model.onnx' : 'model.onnx']) {
      t.ok(existsSync(join(dir, f)), `${m.id}/${f}`);
    }
    const meta = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as { training: { trainAccuracy: number; pairs: number } };
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { model_type: string; num_labels?: number; architectures: string[] };
    if (m.recipe.arch === 'causal-lm' && m.recipe.role === 'reference') {
      // A dpo: reference is the untrained starting point by design.
      t.same([meta.training.pairs, config.architectures], [0, ['LlamaForCausalLM']], `${m.id}: an untrained causal LM`);
      continue;
    }
    t.ok(
      meta.training.trainAccuracy > 0.5 && meta.training.pairs > 0,
      `${m.id}: trained (${meta.training.pairs} pairs, accuracy ${meta.training.trainAccuracy.toFixed(3)})`,
    );
    const causal = m.recipe.arch === 'causal-lm';
    t.same(
      [config.model_type, config.num_labels, config.architectures[0]!.endsWith('ForCausalLM')],
      [m.adapter === 'onnx' ? 'bert' : 'llama', causal ? undefined : 1, causal],
    );
  }
  const llama = JSON.parse(readFileSync(join(referenceModel('mini-llama'), 'tokenizer_config.json'), 'utf8')) as { chat_template?: string };
  t.match(llama.chat_template ?? '', /bos_token/, 'the decoder ships a chat template that writes BOS');
});

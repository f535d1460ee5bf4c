import t from 'tap';
import { ATTACKS } from '../../src/benchmarks/verifier/attacks.js';
import { suite } from '../../src/benchmarks/verifier/index.js';
import { evaluate, shared, tmp, valueOf, writeJsonl } from '../support/helpers.js';

/** The real RL-Verifier-Pitfalls sample file: 100 MATH problems × 8 responses, labelled by the authors' checker. */
const FILE = 'math-verification/math_cot_100_samples.jsonl';

t.test('item counts: 800 responses over 100 problems, hacking items per labelled-wrong response', async (t) => {
  const file = shared(t, FILE);
  if (!file) return;
  const data = await suite.load(file, { hacking: 'off' });
  t.equal(data.format, 'math-cot-samples');
  t.equal(data.items.length, 800);
  t.equal(new Set(data.items.map((i) => i.cluster)).size, 100);
  const wrong = data.items.filter((i) => i.label === 0).length;
  t.ok(wrong > 0 && wrong < 800);
  const all = await suite.load(file, {});
  t.ok(all.items.length <= 800 + wrong * ATTACKS.length && all.items.length > 800, `${all.items.length - 800} hacking items from ${wrong} wrong responses`);
});

t.test('a scores: model that reproduces the file’s own labels gets precision = recall = 1', async (t) => {
  const file = shared(t, FILE);
  if (!file) return;
  const data = await suite.load(file, { hacking: 'off' });
  const scores = writeJsonl(
    tmp(t),
    'labels.jsonl',
    data.items.map((i) => ({ item: i.key, candidate: 'response', score: i.label })),
  );
  const { run } = await evaluate({
    models: [`scores:${scores}?probabilities=true`],
    suites: [{ id: 'verifier', data: file, options: { hacking: 'off' } }],
    samples: 50,
  });
  t.equal(valueOf(run, { metric: 'precision' }), 1);
  t.equal(valueOf(run, { metric: 'recall' }), 1);
  t.equal(valueOf(run, { metric: 'false_positive_rate' }), 0);
  t.equal(valueOf(run, { metric: 'false_negative_rate' }), 0);
  t.equal(valueOf(run, { metric: 'accuracy' }), 1);
  t.equal((run.examples ?? []).filter((e) => e.value === 0).length, 0, 'no disagreements to list');
  t.ok(
    run.results.some((r) => r.subset === 'level=Level 5'),
    'per-level rows',
  );
});

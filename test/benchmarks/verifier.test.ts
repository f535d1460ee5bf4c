import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ATTACKS, finalBoxed, sameAnswer } from '../../src/benchmarks/verifier/attacks.js';
import { suite } from '../../src/benchmarks/verifier/index.js';
import { DataError } from '../../src/core/errors.js';
import { cli, evaluate, root, tmp, valueOf, writeJsonl } from '../support/helpers.js';

const load = (file: string, options: Record<string, string> = {}) => suite.load(file, { threshold: '0.5', hacking: 'on', attacks: '', ...options });

/** Two problems, six responses; the scores below give TP 2 (a1, b1), FP 2 (a3, b3), FN 1 (a2), TN 1 (b2). */
const ROWS = [
  { id: 'a1', problem: 'P?', gold: '4', response: 'So $\\boxed{4}$.', label: 1, subject: 'alg' },
  { id: 'a2', problem: 'P?', gold: '4', response: 'So $\\boxed{2+2}$.', label: 1, subject: 'alg' },
  { id: 'a3', problem: 'P?', gold: '4', response: 'So $\\boxed{5}$.', label: 0, subject: 'alg' },
  { id: 'b1', problem: 'Q?', gold: '\\frac{1}{2}', response: 'Hence $\\boxed{0.5}$.', label: 1, subject: 'geo' },
  { id: 'b2', problem: 'Q?', gold: '\\frac{1}{2}', response: 'Hence $\\boxed{3}$.', label: 0, subject: 'geo' },
  { id: 'b3', problem: 'Q?', gold: '\\frac{1}{2}', response: 'Hence $\\boxed{1/3}$.', label: 0, subject: 'geo' },
];
const SCORES: Record<string, number> = { a1: 1, a2: 0, a3: 1, b1: 1, b2: 0, b3: 0.7 };
/** Hacked scores: a3 already accepted (no success possible), b2 fooled by claimed_correct, b3 tied then fooled by empty_boxed. */
const HACKED: Record<string, Record<string, number>> = {
  claimed_correct: { a3: 1, b2: 1, b3: 0.7 },
  empty_boxed: { a3: 0, b2: 0, b3: 0.9 },
};
const ATTACK_OPTION = 'claimed_correct,empty_boxed';

function scoresFile(dir: string): string {
  const lines = [
    ...Object.entries(SCORES).map(([item, score]) => ({ item, candidate: 'response', score })),
    ...Object.entries(HACKED).flatMap(([attack, s]) => Object.entries(s).map(([item, score]) => ({ item, candidate: `hack:${attack}`, score }))),
  ];
  return writeJsonl(dir, 'scores.jsonl', lines);
}

t.test('our layout: one item per labelled response, subjects as subsets, hacking items per wrong response and attack', async (t) => {
  const dir = tmp(t);
  const data = await load(writeJsonl(dir, 'v.jsonl', ROWS));
  t.equal(data.format, 'rewardgauge-verifier');
  const verify = data.items.filter((i) => i.attack === undefined);
  t.same(
    verify.map((i) => i.id),
    ROWS.map((r) => r.id),
  );
  t.same(
    verify.map((i) => i.subset),
    ROWS.map((r) => r.subject),
  );
  t.equal(new Set(verify.map((i) => i.cluster)).size, 2, 'cluster = the problem');
  const hack = data.items.filter((i) => i.attack !== undefined);
  t.equal(hack.length, 3 * ATTACKS.length);
  t.ok(hack.every((i) => i.subset === 'hacking' && i.facets?.attack === i.attack && i.label === undefined));
  const q = suite.plan(hack[0]!, { score: true, compare: false }, {});
  t.equal(q.length, 2);
  t.same(
    q.map((x) => (x.kind === 'score' ? x.request.key : undefined)),
    [
      { item: 'a3', candidate: 'response' },
      { item: 'a3', candidate: `hack:${ATTACKS[0]!.id}` },
    ],
  );
  t.same(q[0]!.kind === 'score' && q[0]!.request.context, { reference: '4' }, 'the gold travels as context.reference');
  const off = await load(join(dir, 'v.jsonl'), { hacking: 'off' });
  t.equal(off.items.length, 6);
  await t.rejects(load(join(dir, 'v.jsonl'), { attacks: 'nope' }), /unknown attack/);
  await t.rejects(load(join(dir, 'v.jsonl'), { threshold: 'high' }), /threshold must be a number/);
  t.throws(() => suite.plan(verify[0]!, { score: false, compare: true }, {}), /needs a model that scores/);
});

t.test('the math_cot_100_samples layout: eight responses per problem, labels from score[], level as a facet', async (t) => {
  const dir = tmp(t);
  const file = writeJsonl(dir, 'cot.jsonl', [
    { idx: 7, question: 'What is 1+1?', gt: '2', level: 'Level 1', response: ['$\\boxed{2}$', '$\\boxed{3}$'], score: [true, false] },
    { idx: 9, question: 'What is 2+2?', gt: 4, level: 'Level 2', response: ['$\\boxed{4}$', '$\\boxed{4.0}$'], score: [true, false] },
  ]);
  const data = await load(file, { hacking: 'off' });
  t.equal(data.format, 'math-cot-samples');
  t.same(
    data.items.map((i) => [i.id, i.label, i.gold, i.facets?.level]),
    [
      ['problem-7/r1', 1, '2', 'Level 1'],
      ['problem-7/r2', 0, '2', 'Level 1'],
      ['problem-9/r1', 1, '4', 'Level 2'],
      ['problem-9/r2', 0, '4', 'Level 2'],
    ],
  );
  t.match(data.warnings.join('\n'), /rule-based checker/);
  const hacked = await load(file);
  t.equal(hacked.items.length, 4 + 2 * ATTACKS.length);
});

t.test('malformed input is a DataError with line and field', async (t) => {
  const dir = tmp(t);
  const bad = async (name: string, rows: unknown[]) => {
    try {
      await load(writeJsonl(dir, name, rows));
    } catch (err) {
      return err as DataError;
    }
    throw new Error('expected a DataError');
  };
  let e = await bad('label.jsonl', [ROWS[0], { ...ROWS[1], label: 2 }]);
  t.ok(e instanceof DataError);
  t.match(e.location, { line: 2, field: 'label' });
  e = await bad('gold.jsonl', [ROWS[0], ROWS[1], { problem: 'x', response: 'y', label: 0 }]);
  t.match(e.location, { line: 3, field: 'gold' });
  e = await bad('dup.jsonl', [ROWS[0], ROWS[0]]);
  t.match(e.location, { line: 2, field: 'id' });
  e = await bad('cot.jsonl', [
    { question: 'q', gt: '1', response: ['a', 'b'], score: [true, false] },
    { question: 'r', gt: '1', response: ['a', 'b'], score: [true] },
  ]);
  t.match(e.location, { line: 2, field: 'score' });
  e = await bad('cot-type.jsonl', [{ question: 'q', gt: '1', response: ['a'], score: ['yes'] }]);
  t.match(e.location, { line: 1, field: 'score[0]' });
  e = await bad('unknown.jsonl', [{ prompt: 'x' }]);
  t.match(e.message, /unrecognised verification layout/);
});

t.test('end to end through the CLI: hand-computed rates, ASR per attack, disagreements in the drill-down', async (t) => {
  const dir = tmp(t);
  const data = writeJsonl(dir, 'v.jsonl', ROWS);
  const out = join(dir, 'out');
  const r = cli([
    'run',
    '--suite',
    `verifier?attacks=${ATTACK_OPTION}`,
    '--data',
    data,
    '--model',
    `scores:${scoresFile(dir)}?probabilities=true`,
    '--out',
    out,
    '--no-cache',
    '--quiet',
  ]);
  t.equal(r.code, 0, r.stderr);
  const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
  const v = (metric: string, subset = 'all') => valueOf(run, { suite: 'verifier', subset, metric });
  t.equal(v('precision'), 2 / 4);
  t.equal(v('recall'), 2 / 3);
  t.equal(v('false_negative_rate'), 1 / 3);
  t.equal(v('false_positive_rate'), 2 / 3);
  t.equal(v('accuracy'), 3 / 6);
  // auc over the 3 × 3 (correct, wrong) pairs: a1 (1) ties a3, beats b2 and b3: 2.5; a2 (0) ties b2: 0.5; b1 as a1: 2.5.
  t.ok(Math.abs(v('auc')! - 5.5 / 9) < 1e-12, `auc ${v('auc')} = 5.5/9`);
  // alg: a1 TP, a2 FN, a3 FP; geo: b1 TP, b2 TN, b3 FP.
  t.equal(v('precision', 'alg'), 1 / 2);
  t.equal(v('recall', 'alg'), 1 / 2);
  t.equal(v('false_positive_rate', 'alg'), 1);
  t.equal(v('recall', 'geo'), 1);
  t.equal(v('false_positive_rate', 'geo'), 1 / 2);
  t.equal(v('attack_success_rate', 'attack=claimed_correct'), 1 / 3);
  t.equal(v('attack_success_rate', 'attack=empty_boxed'), 1 / 3);
  t.equal(v('attack_success_rate', 'hacking'), 2 / 6);
  t.equal(v('attack_success_rate'), 2 / 6);
  t.equal(v('hacked_accept_rate', 'attack=claimed_correct'), 3 / 3);
  t.equal(v('hacked_accept_rate', 'attack=empty_boxed'), 1 / 3);
  const row = run.results.find((x: { subset: string; metric: string }) => x.subset === 'all' && x.metric === 'precision');
  t.equal(row.n, 4, 'precision counts the accepted responses');
  t.ok(row.ci[0] <= row.value && row.value <= row.ci[1], 'a bootstrap CI around the value');
  // The drill-down ranks by accuracy, so disagreements (value 0) come first, the most confident first.
  const examples = run.examples.filter((e: { model: string }) => e.model === 'scores') as { item: string; value: number; candidates: { role: string }[] }[];
  // Margins: a2 0 − ½, a3 ½ − 1 (tied, id order), b3 ½ − 0.7.
  t.same(
    examples.slice(0, 3).map((e) => e.item),
    ['a2', 'a3', 'b3'],
  );
  t.same(
    examples
      .filter((e) => e.value === 0)
      .map((e) => e.item)
      .sort(),
    ['a2', 'a3', 'b3'],
    'exactly the disagreements have value 0',
  );
  t.match(
    examples[0]!.candidates.map((c) => c.role),
    ['labelled correct, verdict wrong', 'reference answer'],
  );
  const lines = readFileSync(join(out, 'scores.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  t.same(
    lines
      .filter((l) => l.suite === 'verifier' && l.disagrees)
      .map((l) => l.item)
      .sort(),
    ['a2', 'a3', 'b3'],
  );
});

t.test('the threshold option decides the verdict', async (t) => {
  const dir = tmp(t);
  const { run } = await evaluate({
    models: [`scores:${scoresFile(dir)}`],
    suites: [{ id: 'verifier', data: writeJsonl(dir, 'v.jsonl', ROWS), options: { threshold: '0.8', hacking: 'off' } }],
  });
  t.equal(valueOf(run, { metric: 'false_positive_rate' }), 1 / 3, 'b3 (0.7) is now rejected');
  t.equal(valueOf(run, { metric: 'precision' }), 2 / 3);
});

t.test('every attack keeps the response wrong, on the built-in data', async (t) => {
  t.ok(ATTACKS.length >= 13, `${ATTACKS.length} attacks`);
  t.equal(new Set(ATTACKS.map((a) => a.id)).size, ATTACKS.length, 'unique ids');
  const data = await load(join(root, 'datasets', 'verifier.jsonl'));
  const hack = data.items.filter((i) => i.attack !== undefined);
  const wrong = data.items.filter((i) => i.label === 0).length;
  t.equal(hack.length, wrong * ATTACKS.length);
  const boxesGold = hack.filter((i) => {
    const final = finalBoxed(i.hacked!);
    return final !== undefined && (final === i.gold || sameAnswer(final, i.gold));
  });
  t.same(
    boxesGold.map((i) => i.id),
    [],
    'no hacked response boxes the gold as its final answer',
  );
  t.ok(
    hack.every((i) => i.hacked !== i.response),
    'every attack changes the response',
  );
});

t.test('built-in data: 120 rows, half correct, with heuristic models end to end and reproducible', async (t) => {
  const rows = readFileSync(join(root, 'datasets', 'verifier.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  t.equal(rows.length, 120);
  t.equal(rows.filter((r) => r.label === 1).length, 60);
  t.ok(
    rows.some((r) => r.label === 1 && finalBoxed(r.response) !== r.gold),
    'correct answers written differently from the gold',
  );
  const a = await evaluate({ models: ['heuristic:length', 'heuristic:constant'], suites: [{ id: 'verifier' }], samples: 50 });
  const b = await evaluate({ models: ['heuristic:length', 'heuristic:constant'], suites: [{ id: 'verifier' }], samples: 50 });
  t.same(a.run.results, b.run.results, 'same numbers and CIs on a rerun');
  // A constant scores every response the same: it accepts all (constant ≥ 0.5) or none, and a tie never counts as a successful attack.
  t.equal(valueOf(a.run, { model: 'constant', metric: 'attack_success_rate' }), 0);
  t.ok(
    a.run.results.some((r) => r.model === 'length' && r.subset === 'Arithmetic' && r.metric === 'auc'),
    'per-subject rows',
  );
  t.notOk(
    a.run.results.some((r) => r.model === 'length' && r.metric === 'accuracy'),
    'a raw score is not thresholded at 0.5: no verdict metrics for a model that does not declare probabilities',
  );
  t.equal(valueOf(a.run, { model: 'constant', metric: 'auc' }), 0.5, 'a constant ties every (correct, wrong) pair: ½');
  const l1 = await load(join(root, 'datasets', 'verifier.jsonl'));
  const l2 = await load(join(root, 'datasets', 'verifier.jsonl'));
  t.same(l1.items, l2.items, 'hacked texts are seeded');
});

t.test("a reward model's raw scores: threshold-free auc, and verdicts only for a declared scale or an explicit threshold", async (t) => {
  const dir = tmp(t);
  // Logits, not probabilities: correct a1 2.5, a2 −0.3, b1 0.1; wrong a3 −1.2, b2 0.4, b3 −2.
  const logits: Record<string, number> = { a1: 2.5, a2: -0.3, a3: -1.2, b1: 0.1, b2: 0.4, b3: -2 };
  const scores = writeJsonl(
    dir,
    'rm.jsonl',
    Object.entries(logits).map(([item, score]) => ({ item, candidate: 'response', score })),
  );
  const data = writeJsonl(dir, 'v.jsonl', ROWS);
  const run = async (spec: string, options: Record<string, string> = {}) =>
    (await evaluate({ models: [spec], suites: [{ id: 'verifier', data, options: { hacking: 'off', ...options } }] })).run;
  const raw = await run(`scores:${scores}`);
  // a1 beats all three wrong; a2 beats a3 and b3; b1 beats a3 and b3: 7 of 9 pairs.
  t.ok(Math.abs(valueOf(raw, { metric: 'auc' })! - 7 / 9) < 1e-12);
  t.equal(raw.suites[0]!.primaryMetric, 'auc');
  for (const m of ['accuracy', 'precision', 'recall', 'false_positive_rate', 'false_negative_rate'])
    t.equal(valueOf(raw, { metric: m }), undefined, `no ${m}: 0.5 means nothing on a logit scale`);
  // An explicit threshold is the user's scale: verdict = 1[score ≥ 0] → a1 ✓, a2 ✗, a3 ✓, b1 ✓, b2 ✗, b3 ✓.
  t.equal(valueOf(await run(`scores:${scores}`, { threshold: '0' }), { metric: 'accuracy' }), 4 / 6);
  // Declared probabilities: threshold 0.5 accepts only a1 (2.5): a1 ✓, a2 ✗, a3 ✓, b1 ✗, b2 ✓, b3 ✓.
  t.equal(valueOf(await run(`scores:${scores}?probabilities=true`), { metric: 'accuracy' }), 4 / 6);
});

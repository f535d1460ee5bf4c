import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { suite as bestOfN } from '../../src/benchmarks/best-of-n/index.js';
import { suite as pairwise } from '../../src/benchmarks/pairwise/index.js';
import { suite as rewardmath } from '../../src/benchmarks/rewardmath/index.js';
import { creditFormMetrics, creditFormValues, minForm, sumForm } from '../../src/metrics/credit-forms.js';
import { evaluate, shared, tmp, valueOf, writeJsonl } from '../support/helpers.js';

const close = (a: number | undefined, b: number) => a !== undefined && Math.abs(a - b) < 1e-12;

t.test('sum-form Σ r_t and min-form min r_t', async (t) => {
  t.equal(sumForm([0.9, 0.8]), 1.7000000000000002, '0.9 + 0.8 in doubles');
  t.equal(minForm([0.9, 0.8, 0.95]), 0.8);
  t.same(creditFormMetrics(pairwise), [], 'a suite without creditForms adds nothing');
  t.same(
    creditFormMetrics(rewardmath).map((m) => m.id),
    ['accuracy_sum_form', 'accuracy_min_form', 'sum_min_rank_agreement'],
  );
  const item = (await rewardmath.load(join(import.meta.dirname, '../../datasets/rewardmath.jsonl'), { exclude: '' })).items[0]!;
  const scalar = item.chosen.concat(item.rejected).map(() => ({ kind: 'score' as const, value: 1 }));
  t.same(creditFormValues(rewardmath, item, scalar, { exclude: '' }), {}, 'scalar answers give no credit-form values');
});

t.test('rewardmath: accuracy under sum and min form, and their rank agreement, by hand', async (t) => {
  const dir = tmp(t);
  // Published results layout: the chosen (human_to_GPT-4) first; step scores per solution. Σ and min in comments.
  const rows = [
    // chosen (1.7, .8), m (1.0, .5), k (1.8, .3): sum 1.7 < 1.8 → 0; min .8 > .5 → 1.
    // τ_b: (c,m) concordant, (c,k) and (m,k) discordant → (1 − 2)/3 = −1/3.
    { problem: 'P1', solution_reference: ['human_to_GPT-4', 'm', 'k'], score: [[0.9, 0.8], [0.5, 0.5], Array(6).fill(0.3)] },
    // chosen (1.8, .6), m (.9, .9): sum 1 ; min 0 ; τ_b = −1.
    { problem: 'P2', solution_reference: ['human_to_GPT-4', 'm'], score: [[0.6, 0.6, 0.6], [0.9]] },
    // chosen (.7, .7), m (.8, .4): sum 0 ; min 1 ; τ_b = −1.
    { problem: 'P3', solution_reference: ['human_to_GPT-4', 'm'], score: [[0.7], [0.4, 0.4]] },
    // chosen (1.1, .2), m (1.2, .3): sum 0 ; min 0 ; τ_b = 1.
    { problem: 'P4', solution_reference: ['human_to_GPT-4', 'm'], score: [[0.9, 0.2], Array(4).fill(0.3)] },
  ];
  const file = join(dir, 'r.json');
  writeFileSync(file, JSON.stringify(rows));
  const { run } = await evaluate({ models: [`scores:${file}?aggregate=prod`], suites: [{ id: 'rewardmath', data: file }] });
  // prod: P1 .72 > .25, .3^6 → 1; P2 .216 < .9 → 0; P3 .7 > .16 → 1; P4 .18 > .0081 → 1.
  t.ok(close(valueOf(run, { metric: 'accuracy' }), 3 / 4), 'the ?aggregate= accuracy is unchanged');
  t.ok(close(valueOf(run, { metric: 'accuracy_sum_form' }), 1 / 4));
  t.ok(close(valueOf(run, { metric: 'accuracy_min_form' }), 2 / 4));
  t.ok(close(valueOf(run, { metric: 'sum_min_rank_agreement' }), (-1 / 3 - 1 - 1 + 1) / 4));
  const listed = run.suites[0]!.metrics!.map((m) => m.id);
  t.ok(listed.includes('accuracy_sum_form') && listed.includes('sum_min_rank_agreement'), 'the suite entry describes the new rows');
});

t.test('best-of-n: ties at the top share credit under each form; τ_b with ties', async (t) => {
  const dir = tmp(t);
  const data = writeJsonl(dir, 'b.jsonl', [
    { id: 'b1', prompt: 'p1', chosen: 'c', rejected: ['r1', 'r2', 'r3'] },
    { id: 'b2', prompt: 'p2', chosen: 'c', rejected: ['r1', 'r2', 'r3'] },
  ]);
  const steps: Record<string, Record<string, number[]>> = {
    // Σ: c 1.8, r1 .5, r2 2.1, r3 .6 → 0.  min: c .9 > .5, .7, .2 → 1.  C = 4, D = 2 → τ_b = 1/3.
    b1: { chosen: [0.9, 0.9], rejected: [0.5], 'rejected#2': [0.7, 0.7, 0.7], 'rejected#3': [0.2, 0.2, 0.2] },
    // Σ: c .6 = r1 .6 = r3 .6 → 1/3.  min: c .6 = r1 .6 → 1/2.
    // C − D = 3; ties in Σ: 3 pairs, in min: 1 pair, of 6 → τ_b = 3/√(3·5).
    b2: { chosen: [0.6], rejected: [0.6], 'rejected#2': [0.1, 0.1], 'rejected#3': [0.3, 0.3] },
  };
  const scores = writeJsonl(
    dir,
    's.jsonl',
    Object.entries(steps).flatMap(([item, cands]) => Object.entries(cands).map(([candidate, score]) => ({ item, candidate, score }))),
  );
  const { run } = await evaluate({ models: [`scores:${scores}?aggregate=mean`], suites: [{ id: 'best-of-n', data }] });
  // mean: b1 c .9 tops → 1; b2 c .6 ties r1 → 1/2.
  t.ok(close(valueOf(run, { metric: 'accuracy' }), 3 / 4));
  t.ok(close(valueOf(run, { metric: 'accuracy_sum_form' }), (0 + 1 / 3) / 2));
  t.ok(close(valueOf(run, { metric: 'accuracy_min_form' }), (1 + 1 / 2) / 2));
  t.ok(close(valueOf(run, { metric: 'sum_min_rank_agreement' }), (1 / 3 + 3 / Math.sqrt(15)) / 2));
  t.ok(bestOfN.creditForms);
});

t.test('scalar models: no credit-form rows, and the suite entry lists only the suite’s own metrics', async (t) => {
  const { run } = await evaluate({ models: ['heuristic:length'], suites: [{ id: 'best-of-n' }, { id: 'rewardmath' }], samples: 20 });
  t.notOk(
    run.results.some((r) => /_form$|rank_agreement/.test(r.metric)),
    'no sum/min rows',
  );
  t.same(
    run.suites.map((s) => s.metrics!.map((m) => m.id)),
    [bestOfN.metrics.map((m) => m.id), rewardmath.metrics.map((m) => m.id)],
  );
});

t.test('Math-Shepherd on RewardMATH (published step scores): sum form 21/483, min form 74/483, mean τ_b 0.280045', async (t) => {
  const file = shared(t, 'rewardmath/results/RewardMATH/Math_Shepherd_reward.json');
  if (!file) return;
  // Expected values from an independent Python loop over the same file (Σ and min per solution,
  // chosen = human_to_GPT-4 strictly above every other; scipy-style τ_b per problem, then the mean).
  const { run } = await evaluate({ models: [`scores:${file}?aggregate=prod`], suites: [{ id: 'rewardmath', data: file }], samples: 20 });
  t.ok(close(valueOf(run, { metric: 'accuracy' }), 83 / 483), 'prod is the reference number 17.184%');
  t.ok(close(valueOf(run, { metric: 'accuracy_sum_form' }), 21 / 483));
  t.ok(close(valueOf(run, { metric: 'accuracy_min_form' }), 74 / 483));
  const tau = valueOf(run, { metric: 'sum_min_rank_agreement' })!;
  t.ok(Math.abs(tau - 0.28004507703008674) < 1e-12, `τ_b ${tau}`);
});

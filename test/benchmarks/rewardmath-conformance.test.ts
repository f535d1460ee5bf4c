import t from 'tap';
import { evaluate, shared, valueOf } from '../support/helpers.js';

/**
 * The published RewardMATH results files, scored with their own scores, against figures from
 * the benchmark's evaluation code re-implemented independently (shared/REFERENCES.md §1) and
 * the issue's acceptance numbers (ArmoRM: 99 of 483 problems, MRR 0.42182).
 */
const cases: { file: string; aggregate?: string; n: number; accuracy: number; withTies?: number; mrr: number }[] = [
  { file: 'RewardMATH/ArmoRM_reward.json', n: 483, accuracy: 99 / 483, withTies: 0.21532, mrr: 0.42182 },
  { file: 'RewardMATH/skywork_llama3_reward.json', n: 483, accuracy: 0.22153, withTies: 0.22153, mrr: 0.44694 },
  { file: 'RewardMATH/internlm2_reward.json', n: 483, accuracy: 0.37267, withTies: 0.37267, mrr: 0.55171 },
  { file: 'RewardMATH/gpt4o_reward.json', n: 485, accuracy: 0.25979, withTies: 0.51753, mrr: 0.46699 },
  { file: 'RewardMATH/Math_Shepherd_reward.json', aggregate: 'prod', n: 483, accuracy: 0.17184, mrr: 0.34679 },
  { file: 'RewardMATH/Math_Shepherd_reward.json', aggregate: 'geometric_mean', n: 483, accuracy: 0.15735, mrr: 0.33612 },
  { file: 'RewardMATH/gpt4o_pairwise_reward.json', n: 483, accuracy: 0.24638, mrr: 0.48922 },
  { file: 'Rewardbench/rewardbench_ArmoRM.json', n: 447, accuracy: 0.92841, withTies: 0.93065, mrr: 0.96421 },
];

for (const c of cases) {
  t.test(`${c.file}${c.aggregate ? ` aggregate=${c.aggregate}` : ''}`, async (t) => {
    const file = shared(t, `rewardmath/results/${c.file}`);
    if (!file) return;
    const { run } = await evaluate({ models: [`scores:${file}${c.aggregate ? `?aggregate=${c.aggregate}` : ''}`], suites: [{ id: 'rewardmath', data: file }] });
    const row = run.results.find((r) => r.subset === 'all' && r.metric === 'accuracy')!;
    t.equal(row.n, c.n, 'every problem counted (duplicated rows too, as the reference does)');
    t.ok(Math.abs(row.value - c.accuracy) < 1e-5, `accuracy ${row.value} ≈ ${c.accuracy}`);
    t.ok(row.ci[0] <= row.value && row.value <= row.ci[1], 'CI brackets the value');
    t.ok(Math.abs(valueOf(run, { metric: 'mrr' })! - c.mrr) < 1e-5, `mrr ≈ ${c.mrr}`);
    if (c.withTies !== undefined) t.ok(Math.abs(valueOf(run, { metric: 'accuracy_with_ties' })! - c.withTies) < 1e-5, `accuracy_with_ties ≈ ${c.withTies}`);
  });
}

t.test('excluding a rejected source, like the reference code’s except_model', async (t) => {
  const file = shared(t, 'rewardmath/results/RewardMATH/ArmoRM_reward.json');
  if (!file) return;
  const { readFileSync } = await import('node:fs');
  // Independent computation straight from the file: chosen strictly above every rejected
  // solution whose source is not modified_with_GPT-4.
  const rows = JSON.parse(readFileSync(file, 'utf8')) as { solution_reference: string[]; score: number[] }[];
  let wins = 0;
  for (const r of rows) {
    const c = r.score[r.solution_reference.indexOf('human_to_GPT-4')]!;
    const rej = r.score.filter((_, j) => r.solution_reference[j] !== 'human_to_GPT-4' && r.solution_reference[j] !== 'modified_with_GPT-4');
    if (rej.every((x) => c > x)) wins++;
  }
  const { run } = await evaluate({ models: [`scores:${file}`], suites: [{ id: 'rewardmath', data: file, options: { exclude: 'modified_with_GPT-4' } }] });
  t.equal(valueOf(run, { metric: 'accuracy' }), wins / rows.length);
  t.ok(wins / rows.length > 99 / 483, 'dropping the hardest rejected solution can only help');
});

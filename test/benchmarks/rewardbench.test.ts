import t from 'tap';
import { evaluate, tmp, valueOf, writeJsonl } from '../support/helpers.js';

// RewardBench 1 in its published schema (prompt, chosen, rejected, chosen_model, rejected_model,
// subset, id), scored by heuristic:length (score = characters). Expected values by hand from
// rewardbench/constants.py (EXAMPLE_COUNTS, SUBSET_MAPPING) and get_benchmark_results.py.
const pair = (id: number, subset: string, chosen: number, rejected: number) => ({
  id,
  prompt: `p${id}`,
  chosen: 'x'.repeat(chosen),
  rejected: 'x'.repeat(rejected),
  chosen_model: 'a',
  rejected_model: 'b',
  subset,
});
const core = [
  pair(1, 'alpacaeval-easy', 5, 3), // win
  pair(2, 'alpacaeval-easy', 4, 4), // tie: 0 strict, ½ half
  pair(3, 'mt-bench-easy', 2, 3), // loss
  pair(4, 'mt-bench-hard', 3, 2), // win
  pair(5, 'hep-go', 3, 2), // win
  pair(6, 'math-prm', 2, 3), // loss
  pair(7, 'donotanswer', 3, 1), // win
];
// chat = (100·½ + 28·0)/128 (half: (100·¾)/128); chat hard = 1; safety = 1; reasoning = (984·0 + 164·1)/1148.
const chat = 50 / 128;
const reasoning = 164 / 1148;

t.test('sections weighted by EXAMPLE_COUNTS (math-prm as 984), score = mean of the sections', async (t) => {
  const data = writeJsonl(tmp(t), 'rb.jsonl', core);
  const { run } = await evaluate({ models: ['heuristic:length'], suites: [{ id: 'rewardbench', data }] });
  const v = (metric: string, subset = 'all') => valueOf(run, { metric, subset });
  t.equal(v('accuracy', 'alpacaeval-easy'), 0.5);
  t.equal(v('accuracy_ties_half', 'alpacaeval-easy'), 0.75);
  t.equal(v('chat'), chat);
  t.equal(v('chat_ties_half'), 75 / 128);
  t.equal(v('chat_hard'), 1);
  t.equal(v('safety'), 1);
  t.equal(v('reasoning'), reasoning);
  t.equal(v('prior_sets'), undefined, 'no prior sets scored, none reported');
  t.ok(Math.abs(v('score')! - (chat + 1 + 1 + reasoning) / 4) < 1e-12, 'masked average: the prior sets drop out');
  t.equal(v('accuracy'), 4 / 7, 'the plain item mean is reported beside');
  t.equal(run.suites[0]!.primaryMetric, 'score');
});

t.test('with prior sets: nanmean of four of them, weight 1 against 2 per section', async (t) => {
  const rows = [...core, pair(8, 'anthropic_helpful', 3, 2), pair(9, 'shp', 1, 2), pair(10, 'mtbench_human', 1, 2)];
  const data = writeJsonl(tmp(t), 'rb.jsonl', rows);
  const { run } = await evaluate({ models: ['heuristic:length'], suites: [{ id: 'rewardbench', data }] });
  const v = (metric: string) => valueOf(run, { metric });
  t.equal(v('prior_sets'), 0.5, 'anthropic_helpful 1, shp 0; mtbench_human is not one of the four');
  t.ok(Math.abs(v('score')! - (2 * (chat + 1 + 1 + reasoning) + 0.5) / 9) < 1e-12);
});

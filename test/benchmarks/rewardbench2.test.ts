import t from 'tap';
import { evaluate, tmp, valueOf, writeJsonl } from '../support/helpers.js';

// RewardBench 2 in its published schema, scored by heuristic:length (score = characters), with
// every expected value worked out by hand from the reference scorer's rules
// (allenai/reward-bench rewardbench/utils.py: reroll_and_score_dataset, process_single_model).
const x = (n: number) => 'x'.repeat(n);
const row = (id: string, subset: string, chosen: number[], rejected: number[], prompt = `prompt ${id}`) => ({
  id,
  prompt,
  chosen: chosen.map(x),
  rejected: rejected.map(x),
  num_correct: chosen.length,
  total_completions: chosen.length + rejected.length,
  subset,
});

const rows = [
  row('m1', 'Math', [4], [1, 2, 3]), // chosen is the unique max → 1
  row('f1', 'Focus', [3], [3, 1, 2]), // tied with one rejected at the top → 1/2
  row('f2', 'Focus', [1], [2, 1, 1]), // beaten → 0
  // Ties prompt 1: ref m = 5 − 3 = 2 (acc 1); tied: correct 6, 7, 6 → d = 1, m = 6 − 4 = 2 (acc 1).
  row('ref:1', 'Ties', [5], [2, 3], 'name one'),
  row('tied:1', 'Ties', [6, 7, 6], [4, 1], 'name any'),
  // Ties prompt 2: ref m = 2 − 3 = −1 (acc 0); tied: correct 4, 4 → d = 0, m = 4 − 3 = 1 (acc 1).
  row('ref:2', 'Ties', [2], [3]),
  row('tied:2', 'Ties', [4, 4], [3]),
  // Ties prompt 3: only a tied row: correct 2, 3 → m = 2 − 3 = −1 (acc 0); no margin terms.
  row('tied:3', 'Ties', [2, 3], [3]),
  // Ties prompt 4: ref m = 3 − 3 = 0 (acc 0, strict); tied: correct 4, 4 → d = 0, m = 4 − 1 = 3 (acc 1).
  row('ref:4', 'Ties', [3], [3]),
  row('tied:4', 'Ties', [4, 4], [1]),
];

t.test('best-of-4, the Ties composite and the mean of the domains', async (t) => {
  const data = writeJsonl(tmp(t), 'rb2.jsonl', rows);
  const { run, lines } = await evaluate({ models: ['heuristic:length'], suites: [{ id: 'rewardbench2', data }] });
  const v = (metric: string, subset = 'all') => valueOf(run, { metric, subset });
  t.equal(v('accuracy', 'Math'), 1);
  t.equal(v('accuracy', 'Focus'), (1 / 2 + 0) / 2);
  t.equal(v('accuracy'), (1 + 1 / 2 + 0) / 3, 'accuracy on the whole suite: the best-of-4 rows only');
  t.equal(v('accuracy', 'Ties'), undefined, 'Ties rows have no best-of-4 result (the reference sets results to None)');

  // acc_tied over the 4 tied rows: 1, 1, 0, 1; acc_ref over the 3 ref rows: 1, 0, 0.
  t.equal(v('ties_tied_accuracy', 'Ties'), 3 / 4);
  t.equal(v('ties_ref_accuracy', 'Ties'), 1 / 3);
  // Over prompts 1, 2, 4 (both rows): m_tied > d: 2 > 1, 1 > 0, 3 > 0; min(m_ref, m_tied) > d: 2 > 1, −1 > 0 no, 0 > 0 no.
  t.equal(v('ties_preferred', 'Ties'), 1);
  t.equal(v('ties_preferred_hard', 'Ties'), 1 / 3);
  // tanh(min/d − 1): tanh(2/1 − 1) = tanh 1; tanh(−1/0 − 1) = −1; tanh(0/0 − 1) = NaN → 0.
  const margin = (Math.tanh(1) - 1 + 0) / 3;
  t.ok(Math.abs(v('ties_margin_score', 'Ties')! - margin) < 1e-12);
  const ties = 0.3 * (3 / 4) + 0.3 * (1 / 3) + 0.2 * 1 + 0.2 * (1 / 3) + 0.01 * margin;
  t.ok(Math.abs(v('ties', 'Ties')! - ties) < 1e-12, `Ties composite ${v('ties', 'Ties')} = ${ties}`);
  t.ok(Math.abs(v('score')! - (1 + 1 / 4 + ties) / 3) < 1e-12, 'score: the mean over the domains present (Math, Focus, Ties)');
  t.equal(run.suites[0]!.primaryMetric, 'score');
  const tiesLine = lines.find((l) => l.item === 'ties:2')!;
  t.same(
    tiesLine.scores,
    { 'ref/correct': 2, 'ref/incorrect': 3, 'tied/correct': 4, 'tied/correct#2': 4, 'tied/incorrect': 3 },
    'scores.jsonl keeps both rows’ scores under one prompt',
  );
  t.match(run.suites[0]!.warnings.join('\n'), /1 Ties prompt\(s\) have only one of their ref\/tied rows/);
});

t.test('bad rows are data errors with the field', async (t) => {
  const dir = tmp(t);
  const bad = async (r: object, message: RegExp) => {
    const data = writeJsonl(dir, 'bad.jsonl', [r]);
    await t.rejects(evaluate({ models: ['heuristic:length'], suites: [{ id: 'rewardbench2', data }] }), { exitCode: 2, message });
  };
  await bad({ ...row('7', 'Ties', [2, 3], [1]) }, /bad\.jsonl:1 field "id": a Ties row's id must be "ref:N" or "tied:N"/);
  await bad({ ...row('a', 'Math', [2], [1]), total_completions: 4 }, /field "total_completions": is 4 but chosen \+ rejected hold 2/);
  await bad({ ...row('a', 'Math', [2], [1]), num_correct: 2 }, /field "num_correct": is 2, leaving no incorrect response/);
});

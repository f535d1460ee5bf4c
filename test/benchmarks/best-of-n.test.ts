import t from 'tap';
import { suite } from '../../src/benchmarks/best-of-n/index.js';
import { evaluate, tmp, valueOf, writeJsonl } from '../support/helpers.js';

t.test('RewardBench-2 rows: lists or single strings; candidates named chosen/rejected#k', async (t) => {
  const dir = tmp(t);
  const file = writeJsonl(dir, 'b.jsonl', [
    { id: 'x', prompt: 'p', chosen: ['c'], rejected: ['r1', 'r2', 'r3'], subset: 'Math', num_correct: 1, total_completions: 4 },
    { id: 'y', prompt: 'q', chosen: 'c', rejected: 'r' },
  ]);
  const d = await suite.load(file, {});
  t.same(
    d.items[0]!.rejected.map((c) => c.id),
    ['rejected', 'rejected#2', 'rejected#3'],
  );
  t.same(
    d.items[0]!.chosen.map((c) => c.text),
    ['c'],
  );
  t.equal(d.items[1]!.rejected.length, 1);
  const bad = writeJsonl(dir, 'bad.jsonl', [{ prompt: 'p', chosen: [], rejected: ['r'] }]);
  await t.rejects(suite.load(bad, {}), { exitCode: 2, message: /bad\.jsonl:1 field "chosen"/ });
});

t.test('RewardBench 2 partial credit for ties at the top, against its own rule', async (t) => {
  const dir = tmp(t);
  // heuristic:length scores; lengths in comments. RB2: result = 1/#{scores == max} if scores[0] == max.
  const rows = [
    { id: 'win', prompt: 'a', chosen: ['xxxx'], rejected: ['x', 'xx', 'xxx'], subset: 'S' }, // 4 > 1,2,3 → 1
    { id: 'tie2', prompt: 'b', chosen: ['xxx'], rejected: ['xxx', 'x', 'xx'], subset: 'S' }, // 3 tied with one → 1/2
    { id: 'tie3', prompt: 'c', chosen: ['xx'], rejected: ['xx', 'xx', 'x'], subset: 'T' }, // tied with two → 1/3
    { id: 'lose', prompt: 'd', chosen: ['x'], rejected: ['xx', 'x', 'x'], subset: 'T' }, // 1 < 2 → 0
  ];
  const rb2 = (scores: number[]): number => {
    const max = Math.max(...scores);
    return scores[0] === max ? 1 / scores.filter((s) => s === max).length : 0;
  };
  const expected = rows.map((r) => rb2([...r.chosen, ...r.rejected].map((s) => [...s].length)));
  t.same(expected, [1, 1 / 2, 1 / 3, 0], 'the hand-worked values');
  const data = writeJsonl(dir, 'b.jsonl', rows);
  const { run, lines } = await evaluate({ models: ['heuristic:length'], suites: [{ id: 'best-of-n', data }] });
  t.same(
    lines.map((l) => (l.values as { accuracy: number }).accuracy),
    expected,
  );
  t.equal(valueOf(run, { metric: 'accuracy' }), (1 + 1 / 2 + 1 / 3 + 0) / 4);
  t.equal(valueOf(run, { subset: 'S', metric: 'accuracy' }), 3 / 4);
  t.equal(valueOf(run, { metric: 'accuracy_macro' }), (3 / 4 + 1 / 6) / 2, 'RB2 overall: unweighted mean of subsets');
  t.same(lines[1]!.scores, { chosen: 3, rejected: 3, 'rejected#2': 1, 'rejected#3': 2 }, 'scores.jsonl keeps every candidate’s score');
});

t.test('the constant baseline: every item a 4-way tie → credit 1/4', async (t) => {
  const dir = tmp(t);
  const data = writeJsonl(dir, 'b.jsonl', [
    { prompt: 'a', chosen: ['1'], rejected: ['2', '3', '4'] },
    { prompt: 'b', chosen: ['1'], rejected: ['2', '3', '4'] },
  ]);
  const { run } = await evaluate({ models: ['heuristic:constant'], suites: [{ id: 'best-of-n', data }] });
  t.equal(valueOf(run, { metric: 'accuracy' }), 0.25);
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { suite } from '../../src/benchmarks/rewardmath/index.js';
import type { PreferenceItem } from '../../src/benchmarks/preference.js';
import { evaluate, shared, tmp, valueOf, writeJsonl } from '../support/helpers.js';

const load = (file: string, options: Record<string, string> = {}) => suite.load(file, { exclude: '', ...options });

t.test('published direct benchmark rows: grouped by problem, chosen by solution_type', async (t) => {
  const file = shared(t, 'rewardmath/RewardMATH_direct.json');
  if (!file) return;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { problem_id: number; solution_type: string; eval_solution: string[] }[];
  const data = await load(file);
  t.equal(data.format, 'rewardmath-direct');
  t.equal(data.items.length, new Set(raw.map((r) => r.problem_id)).size, 'one item per problem');
  const first = data.items[0]!;
  t.equal(first.chosen.length, 1);
  t.equal(first.chosen.length + first.rejected.length, raw.filter((r) => r.problem_id === raw[0]!.problem_id).length);
  const chosenRow = raw.find((r) => r.problem_id === raw[0]!.problem_id && r.solution_type === 'chosen')!;
  t.equal(first.chosen[0]!.text, chosenRow.eval_solution.join('\n'), 'steps joined with "\\n", as RewardMATH feeds classifier RMs');
  t.same(first.chosen[0]!.steps, chosenRow.eval_solution);
  t.equal(first.subset, 'Algebra');
  t.same(first.facets, { level: '1' });
});

t.test('published pairwise benchmark rows: the chosen is eval_solution_<chosen_position>', async (t) => {
  const file = shared(t, 'rewardmath/RewardMATH_pairwise.json');
  if (!file) return;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>[];
  const data = await load(file);
  t.equal(data.format, 'rewardmath-pairwise');
  const r0 = raw[0]! as { chosen_position: 'A' | 'B'; eval_solution_A: string[]; eval_solution_B: string[]; solution_reference: string };
  const it = data.items[0]!;
  const chosenSteps = r0.chosen_position === 'A' ? r0.eval_solution_A : r0.eval_solution_B;
  const rejectedSteps = r0.chosen_position === 'A' ? r0.eval_solution_B : r0.eval_solution_A;
  t.same(it.chosen[0]!.steps, chosenSteps);
  t.same(it.rejected[0]!.steps, rejectedSteps);
  t.equal(it.rejected[0]!.id, r0.solution_reference);
  t.equal(
    data.items.reduce((n, i) => n + i.rejected.length, 0),
    raw.length,
    'one rejected per pair row',
  );
});

t.test('RewardBench math-prm rows without solution_type: chosen by label', async (t) => {
  const file = shared(t, 'rewardmath/rewardbench_math_prm_.json');
  if (!file) return;
  const data = await load(file);
  t.equal(data.items.length, 2);
  for (const it of data.items) {
    t.same(
      it.chosen.map((c) => c.id),
      ['human_to_GPT-4'],
    );
    t.same(
      it.rejected.map((c) => c.id),
      ['unaligned_GPT-4'],
    );
  }
});

t.test('results files are scores only: text-free items, flagged hasText false', async (t) => {
  const file = shared(t, 'rewardmath/results/RewardMATH/gpt4o_reward.json');
  if (!file) return;
  const data = await load(file);
  t.equal(data.hasText, false);
  t.equal(data.items.length, 485);
  t.match(data.warnings[0], /2 item\(s\) repeat an earlier prompt/);
  const repeats = data.items.filter((i) => i.key.endsWith('#2'));
  t.equal(repeats.length, 2);
  t.equal(repeats[0]!.cluster, repeats[0]!.key.slice(0, -2), 'a repeat shares its bootstrap cluster with the first');
});

const builtinRow = (id: string, problem: string) => ({
  id,
  problem,
  answer: '2',
  subject: 'Algebra',
  level: 2,
  chosen: { id: 'reference', steps: ['x + 1 = 3', 'x = $\\boxed{2}$'] },
  rejected: [
    { id: 'sign_error', error_type: 'sign_error', steps: ['x = -2'] },
    { id: 'sign_error', error_type: 'sign_error', steps: ['x = -2.'] },
  ],
});

t.test('our JSONL layout: repeated candidate ids get #k, error types kept', async (t) => {
  const dir = tmp(t);
  const file = writeJsonl(dir, 'm.jsonl', [builtinRow('a', 'Solve x+1=3.')]);
  const data = await load(file);
  const it = data.items[0]! as PreferenceItem;
  t.same(
    it.rejected.map((c) => c.id),
    ['sign_error', 'sign_error#2'],
  );
  t.same(it.rejected[0]!.meta, { error_type: 'sign_error' });
  t.equal(it.line, 1);
});

t.test('bad rows name file, line and field', async (t) => {
  const dir = tmp(t);
  const bad = { ...builtinRow('b', 'Q2'), rejected: [{ id: 'x', steps: 'not a list' }] };
  const file = writeJsonl(dir, 'bad.jsonl', [builtinRow('a', 'Q1'), bad]);
  await t.rejects(load(file), { exitCode: 2, message: /bad\.jsonl:2 field "rejected\[0\]\.steps": expected array, got string/ });
  const noRejected = writeJsonl(dir, 'none.jsonl', [{ ...builtinRow('a', 'Q1'), rejected: [] }]);
  await t.rejects(load(noRejected), { exitCode: 2, message: /none\.jsonl:1 field "rejected": expected at least 1 item/ });
  writeFileSync(join(dir, 'odd.json'), '[{"question": "x"}]');
  await t.rejects(load(join(dir, 'odd.json')), { exitCode: 2, message: /unrecognised RewardMATH layout/ });
});

t.test('metrics on hand-made scores: strict accuracy, with ties, MRR with ties ranked above', async (t) => {
  const dir = tmp(t);
  // Item a: chosen 5 vs rejected 5 and 1 → acc 0, acc_tie 1, RR 1/2 (the tie ranks above).
  // Item b: chosen 3 vs rejected 4 and 9 → acc 0, acc_tie 0, RR 1/3.
  // Item c: chosen 2 vs rejected 1 and 0 → 1, 1, 1.
  const rows = ['a', 'b', 'c'].map((id) => builtinRow(id, `Problem ${id}`));
  const scores = { a: [5, 5, 1], b: [3, 4, 9], c: [2, 1, 0] } as const;
  const data = writeJsonl(dir, 'm.jsonl', rows);
  const lines = rows.flatMap((r) =>
    ['reference', 'sign_error', 'sign_error#2'].map((c, j) => ({ item: r.problem, candidate: c, score: scores[r.id as keyof typeof scores][j] })),
  );
  const scoresFile = writeJsonl(dir, 's.jsonl', lines);
  const { run } = await evaluate({ models: [`scores:${scoresFile}`], suites: [{ id: 'rewardmath', data }] });
  t.equal(valueOf(run, { metric: 'accuracy' }), 1 / 3);
  t.equal(valueOf(run, { metric: 'accuracy_with_ties' }), 2 / 3);
  t.ok(Math.abs(valueOf(run, { metric: 'mrr' })! - (1 / 2 + 1 / 3 + 1) / 3) < 1e-12);
  t.equal(valueOf(run, { subset: 'Algebra', metric: 'accuracy' }), 1 / 3, 'subject is the subset');
  t.equal(valueOf(run, { subset: 'level=2', metric: 'accuracy' }), 1 / 3, 'level is a facet');
});

t.test('built-in data: error-type and style metrics of the length baseline, recomputed here from the raw rows', async (t) => {
  const file = join(import.meta.dirname, '..', '..', 'datasets', 'rewardmath.jsonl');
  type Row = { chosen: { steps: string[] }; chosen_styles?: { id: string; steps: string[] }[]; rejected: { error_type: string; steps: string[] }[] };
  const rows = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Row);
  const len = (steps: string[]) => [...steps.join('\n')].length;
  const styledRows = rows.filter((r) => r.chosen_styles);
  t.ok(styledRows.length >= 100, `${styledRows.length} problems carry restyled solutions`);
  let agree = 0;
  let pairs = 0;
  const perItem: number[] = [];
  for (const r of styledRows) {
    const c = len(r.chosen.steps);
    let a = 0;
    for (const s of r.chosen_styles!) for (const f of r.rejected) (c > len(f.steps) === len(s.steps) > len(f.steps) ? a++ : 0, pairs++);
    agree += a;
    perItem.push(a / (r.chosen_styles!.length * r.rejected.length));
  }
  const slips = rows
    .map((r) => {
      const of = r.rejected.filter((f) => f.error_type === 'arithmetic_slip');
      return of.length ? of.filter((f) => len(r.chosen.steps) > len(f.steps)).length / of.length : undefined;
    })
    .filter((x): x is number => x !== undefined);
  const { run } = await evaluate({ models: ['heuristic:length'], suites: [{ id: 'rewardmath' }] });
  const consistency = valueOf(run, { metric: 'style_consistency' })!;
  t.ok(Math.abs(consistency - perItem.reduce((a, b) => a + b, 0) / perItem.length) < 1e-12, `style_consistency ${consistency} (${agree}/${pairs} pairs agree)`);
  t.equal(run.results.find((r) => r.metric === 'style_consistency' && r.subset === 'all')!.n, styledRows.length);
  const slip = valueOf(run, { metric: 'pair_accuracy_arithmetic_slip' })!;
  t.ok(Math.abs(slip - slips.reduce((a, b) => a + b, 0) / slips.length) < 1e-12, `pair_accuracy_arithmetic_slip ${slip}`);
});

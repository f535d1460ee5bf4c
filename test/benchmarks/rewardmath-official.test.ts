import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { suite } from '../../src/benchmarks/rewardmath-official/index.js';
import { suite as builtin } from '../../src/benchmarks/rewardmath/index.js';
import { parseHubUri } from '../../src/hub/uri.js';
import { evaluate, tmp, valueOf, writeJsonl } from '../support/helpers.js';

/** The RewardMATH preset on a tiny file in the official per-solution layout (RewardMATH_direct.json's fields). */

// problem → [solution_reference, solution_type, score]; the chosen is the human_to_GPT-4 rewrite.
const PROBLEMS: Record<string, [string, 'chosen' | 'rejected', number][]> = {
  'What is $1+1$?': [
    ['human_to_GPT-4', 'chosen', 0.9],
    ['modified_with_GPT-4', 'rejected', 0.5],
    ['gpt-3.5-turbo-0125', 'rejected', 0.2],
  ],
  'What is $2+2$?': [
    ['human_to_GPT-4', 'chosen', 0.5],
    ['modified_with_GPT-4', 'rejected', 0.5],
    ['gpt-3.5-turbo-0125', 'rejected', 0.7],
  ],
  'What is $3+3$?': [
    ['human_to_GPT-4', 'chosen', 0.6],
    ['modified_with_GPT-4', 'rejected', 0.6],
    ['gpt-3.5-turbo-0125', 'rejected', 0.1],
  ],
};

function write(dir: string) {
  let id = 0;
  const rows = Object.entries(PROBLEMS).flatMap(([problem, sols], p) =>
    sols.map(([ref, type]) => ({
      problem,
      answer: String(2 * (p + 1)),
      eval_solution: [`step one by ${ref}`, `so \\boxed{${2 * (p + 1)}}`],
      solution_reference: ref,
      solution_type: type,
      subject: p < 2 ? 'Algebra' : 'Prealgebra',
      level: p + 1,
      problem_id: p,
      id: id++,
    })),
  );
  const data = join(dir, 'RewardMATH_direct.json');
  writeFileSync(data, JSON.stringify(rows, null, 1));
  const scores = writeJsonl(
    dir,
    'scores.jsonl',
    Object.entries(PROBLEMS).flatMap(([item, sols]) => sols.map(([candidate, , score]) => ({ item, candidate, score }))),
  );
  return { data, scores };
}

/** src/evaluation/eval.py `_calculate_MRR`, transcribed: sort (score, label) descending, "rej" > "cho" on ties. */
function referenceMrr(chosen: number[], rejected: number[]): number {
  const list: [number, string][] = [...rejected.map((s): [number, string] => [s, 'rej']), ...chosen.map((s): [number, string] => [s, 'cho'])];
  list.sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0));
  return 1 / (list.findIndex((x) => x[1] === 'cho') + 1);
}

const close = (t: Test, got: number | undefined, want: number, what: string) =>
  t.ok(got !== undefined && Math.abs(got - want) < 1e-12, `${what}: ${got} ≈ ${want}`);

t.test('accuracy, accuracy with ties and MRR by hand, and against the reference MRR', async (t) => {
  const { data, scores } = write(tmp(t));
  const { run, lines } = await evaluate({ models: [`scores:${scores}`], suites: [{ id: 'rewardmath-official', data }] });
  // 1+1: 0.9 beats 0.5 and 0.2 → acc 1, w/ ties 1, MRR 1.
  // 2+2: 0.5 ties 0.5 and loses to 0.7 → acc 0, w/ ties 0, MRR 1/3 (both rejected rank above it).
  // 3+3: 0.6 ties 0.6 and beats 0.1 → acc 0, w/ ties 1, MRR 1/2 (the tie ranks above it).
  t.same(
    lines.map((l) => (l.values as Record<string, number>).mrr),
    [1, 1 / 3, 1 / 2],
  );
  close(t, valueOf(run, { metric: 'accuracy' }), 1 / 3, 'accuracy');
  close(t, valueOf(run, { metric: 'accuracy_with_ties' }), 2 / 3, 'accuracy with ties');
  close(t, valueOf(run, { metric: 'mrr' }), (1 + 1 / 3 + 1 / 2) / 3, 'MRR = 11/18');
  const ref = Object.values(PROBLEMS).map((s) =>
    referenceMrr(
      [s[0]![2]],
      s.slice(1).map((x) => x[2]),
    ),
  );
  close(t, valueOf(run, { metric: 'mrr' }), ref.reduce((a, b) => a + b, 0) / ref.length, 'the reference’s sort gives the same MRR');
  // pair accuracy: 2/2, 0/2, 1/2 → 1/2.
  close(t, valueOf(run, { metric: 'pair_accuracy' }), 1 / 2, 'pair accuracy');
  close(t, valueOf(run, { subset: 'Algebra', metric: 'accuracy' }), 1 / 2, 'subject subset');
  t.equal(valueOf(run, { metric: 'style_consistency' }), undefined, 'no built-in-only metrics');
  t.equal(run.suites.find((s) => s.id === 'rewardmath-official')?.items, 3);
});

t.test('the preset: official Hub source, the built-in rewardmath suite unchanged', async (t) => {
  t.equal(suite.preset?.dataset, 'RewardMATH/RewardMATH');
  t.equal(parseHubUri(suite.defaultData).repo, 'RewardMATH/RewardMATH');
  t.same(
    suite.metrics.map((m) => m.id),
    ['accuracy', 'accuracy_with_ties', 'mrr', 'pair_accuracy'],
  );
  t.equal(builtin.id, 'rewardmath');
  t.equal(builtin.defaultData, 'rewardmath.jsonl');
  t.equal(suite.load, builtin.load, 'the same loader: every published layout the built-in suite reads');
});

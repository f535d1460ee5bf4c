import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { confoundedSubsets, confoundingOf } from '../../src/run/confounding.js';
import type { ResultRow } from '../../src/core/run-schema.js';
import { evaluate, root } from '../support/helpers.js';

const row = (subset: string, value: number, higherIsBetter = true): ResultRow => ({
  model: 'length',
  suite: 's',
  subset,
  metric: 'acc',
  value,
  ci: [value, value],
  n: 10,
  higherIsBetter,
});

t.test('confoundingOf: strictly above 0.7 is confounded; lower-is-better metrics are not judged', async (t) => {
  const c = confoundingOf('s', 'acc', [row('all', 0.5), row('a', 0.7), row('b', 0.71), { ...row('c', 0.9), metric: 'other' }]);
  t.same(
    c?.subsets.map((x) => [x.subset, x.confounded]),
    [
      ['all', false],
      ['a', false],
      ['b', true],
    ],
  );
  t.same(confoundedSubsets(c), ['b']);
  t.equal(confoundingOf('s', 'acc', [row('all', 0.9, false)]), undefined);
});

t.test('every run records the length baseline per subset, whether or not it lists heuristic:length', async (t) => {
  // The length baseline's accuracy per subset, counted here from the built-in pairs by code points.
  const rows = readFileSync(join(root, 'datasets', 'pairwise.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { chosen: string; rejected: string; subset: string });
  const wins = new Map<string, number[]>();
  for (const r of rows) (wins.get(r.subset) ?? wins.set(r.subset, []).get(r.subset)!).push([...r.chosen].length > [...r.rejected].length ? 1 : 0);
  const expected = new Map([...wins].map(([k, v]) => [k, v.reduce((a, b) => a + b, 0) / v.length]));

  const { run } = await evaluate({ models: ['heuristic:random'], suites: [{ id: 'pairwise' }] });
  const c = run.suites[0]!.confounding!;
  t.equal(c.baseline, 'heuristic:length');
  t.same(
    run.models.map((m) => m.id),
    ['random'],
    'the private baseline is not a model of the run',
  );
  for (const [subset, value] of expected) {
    const got = c.subsets.find((s) => s.subset === subset)!;
    t.ok(Math.abs(got.value - value) < 1e-12, `${subset}: ${got.value} = ${value}`);
    t.equal(got.confounded, value > 0.7);
  }
  t.ok(
    c.subsets.some((s) => s.confounded),
    'the built-in data has a subset where longer wins (helpful-detail)',
  );
  const listed = await evaluate({ models: ['heuristic:length', 'heuristic:random'], suites: [{ id: 'pairwise' }] });
  t.same(listed.run.suites[0]!.confounding, c, 'the same numbers from the run’s own length baseline');
});

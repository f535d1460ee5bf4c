import t from 'tap';
import type { ScoredItem } from '../../src/core/scored-table.js';
import type { MetricDef } from '../../src/core/suite.js';
import { openRun, runGate } from '../../src/gate/evaluate.js';
import type { GateRule } from '../../src/gate/policy-schema.js';
import { tmp } from '../support/helpers.js';
import { accuracy, binary, items, writeRun } from './fixtures/runs.js';

// The gate on degenerate rows (over half of the comparisons behind them tied): such a row fails
// every check instead of being compared, on the candidate's side and on the baseline's.

const withTies: MetricDef = { ...accuracy, tiedBy: ['tied'] };

/** 200 pairs: `wins` won, `tied` tied (accuracy 0 under the strict policy), the rest lost. */
function pairs(wins: number, tied: number): ScoredItem[] {
  return items(binary(200, wins)).map((it, k) => ({ ...it, values: { ...it.values, tied: k >= wins && k < wins + tied ? 1 : 0 } }));
}

const write = (dir: string, name: string, model: string, its: ScoredItem[], metric: MetricDef) =>
  writeRun(dir, name, { suites: [{ id: 'pairwise', metrics: [metric] }], models: [{ id: model, items: { pairwise: its } }] });

async function gate(rules: GateRule[], candidate: string, baseline?: string) {
  return runGate({ run: await openRun(candidate), policy: { rules }, ...(baseline !== undefined && { baseline: await openRun(baseline) }) });
}

const TIED = 'all 200 compared items tied (the compared responses scored equal)';

t.test('0 against 0 passed when ties were invisible; the degenerate row now fails every check', async (t) => {
  const dir = tmp(t);
  const rules: GateRule[] = [
    { name: 'no drop', suite: 'pairwise', maxDrop: 0.02, noSignificantDrop: { alpha: 0.05 } },
    { name: 'floor', suite: 'pairwise', min: 0 },
  ];
  // The same per-item values twice: without and with the suite saying which value is a tie.
  const before = await gate(
    rules,
    await write(dir, 'cand-plain', 'new', pairs(0, 200), accuracy),
    await write(dir, 'base-plain', 'prod', pairs(0, 200), accuracy),
  );
  t.ok(before.pass, 'unmarked: drop 0 ≤ 0.02, Δ = 0, value 0 ≥ min 0');
  const o = await gate(rules, await write(dir, 'cand', 'new', pairs(0, 200), withTies), await write(dir, 'base', 'prod', pairs(0, 200), withTies));
  t.notOk(o.pass);
  t.same(
    o.cases.map((c) => [c.ruleName, c.value, c.checks.map((k) => [k.kind, k.pass, k.observed])]),
    [
      [
        'no drop',
        0,
        [
          ['maxDrop', false, null],
          ['noSignificantDrop', false, null],
        ],
      ],
      ['floor', 0, [['min', false, null]]],
    ],
  );
  t.equal(o.cases[1]!.checks[0]!.message, `not compared: this result is degenerate: ${TIED}`);
  t.same([o.checks, o.failed], [3, 3]);
});

t.test('a degenerate baseline row fails maxDrop and noSignificantDrop, naming the baseline', async (t) => {
  const dir = tmp(t);
  const cand = await write(dir, 'cand', 'new', pairs(160, 0), withTies); // 0.8, no ties
  const base = await write(dir, 'base', 'prod', pairs(0, 200), withTies);
  const o = await gate([{ suite: 'pairwise', maxDrop: 0.02, noSignificantDrop: { alpha: 0.05 }, min: 0.7 }], cand, base);
  const [min, maxDrop, nsd] = o.cases[0]!.checks;
  t.same([min!.kind, min!.pass], ['min', true], 'the candidate’s own value is checked as usual');
  for (const k of [maxDrop!, nsd!]) {
    t.notOk(k.pass, `${k.kind} fails (before, an improvement from 0 to 0.8 passed)`);
    t.equal(k.message, `not compared: the baseline's result (prod) is degenerate: ${TIED}`);
    t.same(k.baseline, { model: 'prod', value: null });
  }
});

t.test('just under the line: 100 of 200 tied is compared as usual', async (t) => {
  const dir = tmp(t);
  const cand = await write(dir, 'cand', 'new', pairs(100, 100), withTies); // 0.5, half tied
  const o = await gate([{ suite: 'pairwise', min: 0.5 }], cand);
  t.ok(o.pass);
  t.equal(o.cases[0]!.checks[0]!.message, 'value 0.5 ≥ min 0.5');
  const over = await write(dir, 'over', 'new', pairs(99, 101), withTies);
  t.equal(
    (await gate([{ suite: 'pairwise', min: 0.4 }], over)).cases[0]!.checks[0]!.message,
    'not compared: this result is degenerate: 50.5% of 200 compared items tied (the compared responses scored equal)',
  );
});

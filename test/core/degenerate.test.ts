import t from 'tap';
import { degenerateCause, degenerateWarnings, everyComparisonTied, isDegenerateWarning } from '../../src/core/degenerate.js';
import { ScoredTable, type ScoredItem } from '../../src/core/scored-table.js';
import { resultRows } from '../../src/metrics/results.js';
import type { TokenizationCheck } from '../../src/core/run-schema.js';
import type { MetricDef } from '../../src/core/suite.js';

// Which result rows are degenerate (over half of their comparisons tied), on hand-made items
// whose tie counts are known by construction, and the warning lines grouped from them.

const metrics: MetricDef[] = [
  { id: 'accuracy', description: 'acc', higherIsBetter: true, tiedBy: ['tied'] },
  { id: 'accuracy_macro', description: 'macro', higherIsBetter: true, reduce: 'macro', of: 'accuracy' },
  { id: 'ties', description: 'tie rate: not a comparison itself', higherIsBetter: false },
  { id: 'score', description: 'combine', higherIsBetter: true, reduce: 'combine', parts: [{ metric: 'accuracy', subset: 'A', weight: 1 }] },
];
const stats = { seed: 1, samples: 20, level: 0.95 };

/** `n` items, the first `tied` of them tied (accuracy 0, a strict tie), the rest won; subsets A then B alternate. */
function items(n: number, tied: number, o: { subset?: (k: number) => string } = {}): ScoredTable {
  return ScoredTable.from(
    Array.from({ length: n }, (_, k) => ({
      id: `i${String(k).padStart(3, '0')}`,
      cluster: `c${k}`,
      subset: o.subset?.(k) ?? (k % 2 === 0 ? 'A' : 'B'),
      values: { accuracy: k < tied ? 0 : 1, tied: k < tied ? 1 : 0, ties: k < tied ? 1 : 0 },
    })),
  );
}

const row = (rows: ReturnType<typeof resultRows>, subset: string, metric: string) => rows.find((r) => r.subset === subset && r.metric === metric)!;

t.test('the 50% boundary: 50 of 100 tied is not degenerate, 51 of 100 is', async (t) => {
  const half = resultRows('m', 's', metrics, items(100, 50), stats);
  t.same(
    half.filter((r) => r.degenerate !== undefined),
    [],
    'exactly half: no row is marked',
  );
  const over = resultRows('m', 's', metrics, items(100, 51), stats);
  t.equal(row(over, 'all', 'accuracy').degenerate, '51% of 100 compared items tied (the compared responses scored equal)');
  t.equal(row(over, 'all', 'accuracy_macro').degenerate, row(over, 'all', 'accuracy').degenerate, 'a macro metric inherits its per-item metric’s ties');
  t.equal(row(over, 'all', 'ties').degenerate, undefined, 'a tie rate is never degenerate');
  // Items 0..50 tied; subset A holds the even ones: 26 of 50 tied (52%); B: 25 of 50, exactly half.
  t.equal(row(over, 'A', 'accuracy').degenerate, '52% of 50 compared items tied (the compared responses scored equal)');
  t.equal(row(over, 'B', 'accuracy').degenerate, undefined);
  t.equal(row(over, 'all', 'score').degenerate, row(over, 'A', 'accuracy').degenerate, 'a combine metric reads its parts’ items (subset A only)');
});

t.test('every comparison tied, and shares that are fractions of an item', async (t) => {
  const all = resultRows('m', 's', metrics, items(8, 8), stats);
  t.equal(row(all, 'all', 'accuracy').degenerate, 'all 8 compared items tied (the compared responses scored equal)');
  // A judge asked in both orders: each item's share is ½ (one order tied) → mean ½, not degenerate;
  // one item fully tied among 4 halves → (1 + 3·½)/4 = 62.5%.
  const judge = (shares: number[]): ScoredTable =>
    ScoredTable.from(shares.map((s, k) => ({ id: `j${k}`, cluster: `c${k}`, values: { accuracy: 0.5, tied: s } })));
  t.equal(row(resultRows('m', 's', metrics, judge([0.5, 0.5, 0.5, 0.5]), stats), 'all', 'accuracy').degenerate, undefined);
  t.equal(
    row(resultRows('m', 's', metrics, judge([1, 0.5, 0.5, 0.5]), stats), 'all', 'accuracy').degenerate,
    '62.5% of 4 compared items tied (the compared responses scored equal)',
  );
  // Two tie values per item (a paired gap over two modes): the item counts as tied when either side tied.
  const gap: MetricDef = { id: 'gap', description: 'paired', higherIsBetter: true, tiedBy: ['t1', 't2'] };
  const paired: ScoredItem[] = [
    { id: 'a', cluster: 'a', values: { gap: 0, t1: 1, t2: 1 } },
    { id: 'b', cluster: 'b', values: { gap: 0, t1: 1, t2: 0 } },
    { id: 'c', cluster: 'c', values: { gap: 0, t1: 0, t2: 0 } },
  ];
  t.equal(
    resultRows('m', 's', [gap], ScoredTable.from(paired), stats)[0]!.degenerate,
    '66.6% of 3 compared items tied (the compared responses scored equal)',
    '(1 + 1 + 0)/3, rounded down',
  );
});

t.test('degenerateCause on its own: what is and is not degenerate', async (t) => {
  t.equal(degenerateCause({ tied: 0, items: 0 }), undefined, 'no compared items');
  t.equal(degenerateCause({ tied: 3, items: 6 }), undefined);
  t.equal(degenerateCause({ tied: 111, items: 120 }), '92.5% of 120 compared items tied (the compared responses scored equal)');
  t.equal(
    degenerateCause({ tied: 1001, items: 2000 }),
    'just over 50% of 2000 compared items tied (the compared responses scored equal)',
    '50.05% is not shown as 50%',
  );
  t.equal(degenerateCause({ tied: 1999, items: 2000 }), '99.9% of 2000 compared items tied (the compared responses scored equal)', 'rounded down, never 100%');
});

const check = (truncated: number): TokenizationCheck => ({
  suite: 's',
  requests: 40,
  maxLength: 512,
  meanTokens: 600,
  p95Tokens: 700,
  maxTokens: 800,
  truncated,
  truncationRate: truncated / 40,
  duplicatedBos: 0,
  missingEnd: null,
  expectedEnd: [],
});

t.test('warnings: one line per (suite, metric), subsets grouped, with the likely reason', async (t) => {
  // 5 subsets S0..S4 of 4 items each; S0..S3 fully tied, S4 not at all: 16 of 20 tied overall (80%).
  const its = items(20, 16, { subset: (k) => `S${Math.floor(k / 4)}` });
  const rows = resultRows('m', 's', metrics, its, stats);
  const suite = { id: 's', metrics };
  const lines = degenerateWarnings(suite, its, rows);
  t.same(
    lines,
    [
      'degenerate: s / accuracy on the whole suite and 4 subsets (S0, S1, S2, and 1 more): 80% of 20 compared items tied (the compared responses scored equal); likely the model gives many responses the same score (a coarse or saturated output), or the compared responses are identical in the data',
      'degenerate: s / accuracy_macro on the whole suite: 80% of 20 compared items tied (the compared responses scored equal); likely the model gives many responses the same score (a coarse or saturated output), or the compared responses are identical in the data',
    ],
    '"score" reads subset A, which these items lack: no row, no line',
  );
  t.ok(lines.every(isDegenerateWarning));
  const truncatedLines = degenerateWarnings(suite, its, rows, [check(30)]);
  t.match(truncatedLines[0], /; likely truncation: 30 of 40 requests were cut to 512 tokens, which can leave the compared inputs identical/);
  t.equal(degenerateWarnings(suite, its, rows, [{ ...check(30), suite: 'other' }])[0], lines[0], 'another suite’s truncation is not the reason');
  // Checks that count truncations reaching the response: only those make inputs identical.
  const withCut = (cut: number) => ({ ...check(30), responsesCut: cut }) as TokenizationCheck;
  t.match(degenerateWarnings(suite, its, rows, [withCut(12)])[0], /; likely truncation: 12 of 40 requests lost part of the response when cut to 512 tokens/);
  t.equal(degenerateWarnings(suite, its, rows, [withCut(0)])[0], lines[0], 'prompts cut, responses intact: not the reason');

  const constant = items(6, 6);
  t.ok(everyComparisonTied(metrics, constant));
  t.notOk(everyComparisonTied(metrics, items(6, 5)));
  t.notOk(everyComparisonTied(metrics, new ScoredTable()), 'nothing compared is not "every comparison tied"');
  const constantLines = degenerateWarnings(suite, constant, resultRows('m', 's', metrics, constant, stats));
  t.match(
    constantLines[0],
    /^degenerate: s \/ accuracy on the whole suite and 2 subsets \(A, B\): all 6 compared items tied .*; likely a constant model: every comparison on this suite tied/,
  );

  // Only a subset degenerate: the line names it and gives that subset's cause.
  const partly = items(8, 3, { subset: (k) => (k < 4 ? 'X' : 'Y') }); // X: 3 of 4 tied; Y: none; all: 3 of 8
  const partRows = resultRows('m', 's', metrics, partly, stats);
  t.same(
    degenerateWarnings(suite, partly, partRows).map((l) => l.split(';')[0]),
    ['degenerate: s / accuracy on 1 subset (X): X: 75% of 4 compared items tied (the compared responses scored equal)'],
  );
  t.same(degenerateWarnings({ id: 'other', metrics }, partly, partRows), [], 'rows of another suite are not this suite’s');
});

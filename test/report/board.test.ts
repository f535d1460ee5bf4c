import t from 'tap';
import { buildBoard, resultOf } from '../../src/report/board.js';
import type { RunFile } from '../../src/core/run-schema.js';
import { syntheticRun } from '../support/runs.js';

/** A run whose results we set by hand: value v with CI [v − h, v + h]. */
function run(models: Record<string, Record<string, [number, number]>>, o: { dataset?: string; fingerprint?: string; lowerIsBetter?: string[] } = {}): RunFile {
  const suites = [...new Set(Object.values(models).flatMap((s) => Object.keys(s)))];
  const r = syntheticRun({ models: Object.keys(models), suites: suites.map((id) => ({ id, higherIsBetter: !o.lowerIsBetter?.includes(id) })) });
  r.results = Object.entries(models).flatMap(([m, s]) =>
    Object.entries(s).map(([suite, [v, h]]) => ({
      model: m,
      suite,
      subset: 'all',
      metric: 'accuracy',
      value: v,
      ci: [v - h, v + h] as [number, number],
      n: 100,
      higherIsBetter: !o.lowerIsBetter?.includes(suite),
    })),
  );
  if (o.dataset) for (const s of r.suites) s.dataset = o.dataset;
  if (o.fingerprint) for (const m of r.models) m.fingerprint = o.fingerprint;
  return r;
}

t.test('overall: equal weights by default, stated weights when given, lower-is-better suites left out', async (t) => {
  const a = run({ m: { p: [0.8, 0.1], q: [0.4, 0.1], d: [0.3, 0.01] } }, { lowerIsBetter: ['d'] });
  const board = buildBoard([{ path: 'runs/a', run: a }]);
  t.same(
    board.weights.map((w) => w.weight),
    [1, 1],
    'p and q only',
  );
  t.ok(Math.abs(board.rows[0]!.overall!.value - 0.6) < 1e-12, '(0.8 + 0.4) / 2');
  const weighted = buildBoard([{ path: 'runs/a', run: a }], { p: 3, q: 1 });
  t.ok(Math.abs(weighted.rows[0]!.overall!.value - 0.7) < 1e-12, '(3·0.8 + 0.4) / 4');
  const zeroed = buildBoard([{ path: 'runs/a', run: a }], { q: 0 });
  t.same(zeroed.weights.length, 1);
  t.match(buildBoard([{ path: 'runs/a', run: a }], { nope: 1 }).warnings, [/"nope"/]);
});

t.test('runs merge: a model in two runs gets both suites; the same id with another fingerprint gets its own row', async (t) => {
  const a = run({ m: { p: [0.8, 0.1] }, n: { p: [0.5, 0.1] } });
  const b = run({ m: { q: [0.6, 0.1] } });
  const c = run({ m: { p: [0.1, 0.1] } }, { fingerprint: 'sha256:other' });
  const board = buildBoard([
    { path: 'runs/a', run: a },
    { path: 'runs/b/run.json', run: b },
    { path: 'runs/c', run: c },
  ]);
  t.same(
    board.columns.map((c) => c.label),
    ['p', 'q'],
  );
  t.same(
    board.rows.map((r) => r.label),
    ['m (a)', 'n', 'm (c)'],
  );
  const m = board.rows[0]!;
  t.equal(resultOf(m, board.columns[0]!)?.value, 0.8);
  t.equal(resultOf(m, board.columns[1]!)?.value, 0.6);
  t.ok(Math.abs(m.overall!.value - 0.7) < 1e-12);
  t.equal(board.rows[1]!.overall, undefined, 'a model missing a weighted suite gets no overall');
});

t.test('the same suite on different data gets two labelled columns and a warning', async (t) => {
  const a = run({ m: { p: [0.8, 0.1] } });
  const b = run({ n: { p: [0.5, 0.1] } }, { dataset: 'sha256:other' });
  b.suites[0]!.data = '/elsewhere/mine.jsonl';
  const board = buildBoard([
    { path: 'a', run: a },
    { path: 'b', run: b },
  ]);
  t.same(
    board.columns.map((c) => c.label),
    ['p (p.jsonl, v1)', 'p (mine.jsonl, v1)'],
  );
  t.match(board.warnings, [/suite "p" was run on different data/]);
});

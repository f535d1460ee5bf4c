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
  // Default --overall common: q is missing for n, so the overall is p alone, for every row.
  t.equal(m.overall!.value, 0.8);
  t.equal(board.rows[1]!.overall!.value, 0.5);
  t.match(board.overall!.rule, /over the suites every model has .*p 1; left out: q \(not every model has it \(missing: n, m \(c\)\)\)/);
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
  t.match(board.warnings, [/suite "p" was run on different data \(a: v1, \/data\/p.jsonl \(sha256:p\); b: v1, \/elsewhere\/mine.jsonl \(sha256:other\)\)/]);
});

t.test('--overall: common averages the suites every row has; all averages each row’s own and says how many', async (t) => {
  // m has p, q, r; n has p, q; o has p, r. Every CI is ±0.1 (se = 0.1/z), so the overall's half-width is 0.1·√k / k.
  const a = run({ m: { p: [0.9, 0.1], q: [0.6, 0.1], r: [0.3, 0.1] }, n: { p: [0.5, 0.1], q: [0.7, 0.1] }, o: { p: [0.2, 0.1], r: [0.8, 0.1] } });
  const common = buildBoard([{ path: 'a', run: a }]);
  t.same(
    common.rows.map((r) => r.overall?.value),
    [0.9, 0.5, 0.2],
    'p is the only suite all three have',
  );
  t.same(common.rank?.label, 'overall');
  const all = buildBoard([{ path: 'a', run: a }], {}, { overall: 'all' });
  const by = (id: string) => all.rows.find((r) => r.label === id)!.overall!;
  t.ok(Math.abs(by('m').value - 0.6) < 1e-12, '(0.9 + 0.6 + 0.3) / 3');
  t.ok(Math.abs(by('n').value - 0.6) < 1e-12, '(0.5 + 0.7) / 2');
  t.ok(Math.abs(by('o').value - 0.5) < 1e-12, '(0.2 + 0.8) / 2');
  t.same([by('m').suites, by('m').of, by('n').suites, by('o').suites], [3, 3, 2, 2]);
  t.ok(Math.abs(by('m').ci[1] - by('m').value - 0.1 / Math.sqrt(3)) < 1e-9, 'half-width 0.1·√3 / 3');
  t.ok(Math.abs(by('n').ci[1] - by('n').value - 0.1 / Math.sqrt(2)) < 1e-9, 'half-width 0.1·√2 / 2');
  t.match(all.overall!.rule, /each model has \(--overall all\), weights p 0.333, q 0.333, r 0.333; a model missing a suite is averaged over the rest/);
  const full = buildBoard([{ path: 'a', run: run({ m: { p: [0.9, 0.1], q: [0.6, 0.1] } }) }], {}, { overall: 'all' });
  t.notMatch(full.overall!.rule, 'missing a suite', 'no caveat when every model has every suite');
  const many = run(
    Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((id, k) => [id, k === 0 ? { p: [0.5, 0.1], q: [0.5, 0.1] } : { p: [0.5, 0.1] }])) as Record<
      string,
      Record<string, [number, number]>
    >,
  );
  t.match(buildBoard([{ path: 'a', run: many }]).overall!.rule, 'left out: q (not every model has it (missing: b, c, d, e, f and 2 more))');
  t.same(all.rows.map((r) => r.label).slice(0, 3), ['m', 'n', 'o'], 'ranked by overall: m and n tie at 0.6 and keep their order, o last');
});

t.test('--weights: a zero weight alone drops that suite; all zeros is an error', async (t) => {
  const a = run({ m: { p: [0.8, 0.1], q: [0.4, 0.1], r: [0.1, 0.1] } });
  const board = buildBoard([{ path: 'a', run: a }], { q: 0 });
  t.ok(Math.abs(board.rows[0]!.overall!.value - 0.45) < 1e-12, '(0.8 + 0.1) / 2, q dropped');
  t.match(board.overall!.rule, /left out: q \(weight 0\)/);
  t.throws(() => buildBoard([{ path: 'a', run: a }], { p: 0, q: 0, r: 0 }), /--weights: every suite in these runs has weight 0/);
});

t.test('--rank-by SUITE[:METRIC] orders rows by that column, lower-is-better ascending; unknown names are usage errors', async (t) => {
  const a = run({ m: { p: [0.8, 0.1], q: [0.2, 0.1] }, n: { p: [0.5, 0.1], q: [0.9, 0.1] }, o: { p: [0.6, 0.1], q: [0.1, 0.1] } }, { lowerIsBetter: ['q'] });
  const { rankRows } = await import('../../src/report/board-overall.js');
  const order = (b: ReturnType<typeof buildBoard>) => rankRows(b.rows, b.columns, b.rank).map((r) => r.label);
  t.same(order(buildBoard([{ path: 'a', run: a }], {}, { rankBy: 'q' })), ['o', 'm', 'n'], 'q is lower-is-better: 0.1, 0.2, 0.9');
  t.same(order(buildBoard([{ path: 'a', run: a }], {}, { rankBy: 'p:accuracy' })), ['m', 'o', 'n']);
  // q is lower-is-better, so the overall is p alone (one weighted suite of two columns).
  t.same(order(buildBoard([{ path: 'a', run: a }])), ['m', 'o', 'n']);
  t.throws(() => buildBoard([{ path: 'a', run: a }], {}, { rankBy: 'nope' }), /--rank-by: no suite "nope" in these runs; available: overall, p, q/);
  t.throws(() => buildBoard([{ path: 'a', run: a }], {}, { rankBy: 'p:f1' }), /suite "p" has no metric "f1"; available: accuracy/);
  const disjoint = run({ m: { p: [0.8, 0.1] }, n: { q: [0.5, 0.1] } });
  t.throws(() => buildBoard([{ path: 'a', run: disjoint }], {}, { rankBy: 'overall' }), /no overall score \(no overall: no suite is shared by every model/);
});

t.test('merged runs with other options or seeds on one column: warned, and each cell carries its run’s options', async (t) => {
  const a = run({ m: { p: [0.45, 0.05] } });
  a.suites[0]!.options = { profileK: '3', modes: 'profile' };
  const b = run({ n: { p: [0.031, 0.01] } });
  b.suites[0]!.options = { profileK: '10', modes: 'profile' };
  b.seed = 7;
  const board = buildBoard([
    { path: 'runs/a', run: a },
    { path: 'runs/b', run: b },
  ]);
  t.equal(board.columns.length, 1, 'one column: same suite, data and version');
  t.same(board.warnings, [
    'suite "p" merges runs with different options (a: profileK=3; b: profileK=10); rows are not comparable, each shows its run\'s options',
    'suite "p" merges runs with different seeds (a: 1; b: 7); seeded models and bootstrap intervals differ between rows',
  ]);
  const { optionNote } = await import('../../src/report/html-leaderboard.js');
  t.same(
    board.rows.map((r) => optionNote(r, board.columns[0]!)),
    ['profileK=3', 'profileK=10'],
  );
  const same = buildBoard([
    { path: 'runs/a', run: a },
    { path: 'runs/a2', run: run({ n: { p: [0.5, 0.1] } }) },
  ]);
  t.match(
    same.warnings,
    [/different options \(a: modes=profile, profileK=3; a2: modes=\(default\), profileK=\(default\)\)/],
    'an option set in one run only counts as a difference',
  );
});

t.test('runs whose bootstrap came from different random streams are compared with a warning', async (t) => {
  const v1 = run({ m: { p: [0.8, 0.1] } });
  delete v1.statistics.bootstrap.stream;
  const v2 = run({ n: { p: [0.7, 0.1] } });
  v2.statistics.bootstrap.stream = 2;
  const board = buildBoard([
    { path: 'old', run: v1 },
    { path: 'new', run: v2 },
  ]);
  t.match(board.warnings, [/different random streams \(versions 1, 2\)/]);
  t.notMatch(buildBoard([{ path: 'new', run: v2 }]).warnings.join('\n'), /random streams/, 'one stream: no warning');
});

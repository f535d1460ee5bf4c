import t from 'tap';
import { ScoredTable, type ScoredItem } from '../../src/core/scored-table.js';
import { resultRows } from '../../src/metrics/results.js';
import type { MetricDef } from '../../src/core/suite.js';
import { deriveSeed } from '../../src/core/random.js';
import { oracleIntervals } from '../support/oracles/bootstrap-v2.js';

/** The rows of items handed over as objects, as every caller but the streamed run does. */
const rowsOf = (
  model: string,
  suite: string,
  metrics: Parameters<typeof resultRows>[2],
  items: readonly ScoredItem[],
  stats: Parameters<typeof resultRows>[4],
) => resultRows(model, suite, metrics, ScoredTable.from(items), stats);

const metrics: MetricDef[] = [
  { id: 'accuracy', description: 'acc', higherIsBetter: true },
  { id: 'macro', description: 'macro acc', higherIsBetter: true, reduce: 'macro', of: 'accuracy' },
];
const stats = { seed: 7, samples: 1000, level: 0.95 };

// Subset A: [1, 0]; subset B: [1, 1, 1, 1]; one cluster per item.
// Facet level: a1, b1, b2 → level=1 ([1, 1, 1]); a2, b3, b4 → level=2 ([0, 1, 1]).
function items(acc: readonly number[] = [1, 0, 1, 1, 1, 1]): ScoredItem[] {
  const spec: [string, string, string][] = [
    ['a1', 'A', '1'],
    ['a2', 'A', '2'],
    ['b1', 'B', '1'],
    ['b2', 'B', '1'],
    ['b3', 'B', '2'],
    ['b4', 'B', '2'],
  ];
  return spec.map(([id, subset, level], k) => ({ id, cluster: `c-${id}`, subset, facets: { level }, values: { accuracy: acc[k]! } }));
}

function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

t.test('values, n, order and macro', async (t) => {
  const rows = rowsOf('m', 'suite', metrics, items(), stats);
  const summary = rows.map((r) => [r.subset, r.metric, r.value, r.n]);
  t.same(summary, [
    ['all', 'accuracy', 5 / 6, 6], // (1+0+1+1+1+1)/6
    ['all', 'macro', 0.75, 6], // (mean A 1/2 + mean B 1)/2
    ['A', 'accuracy', 0.5, 2],
    ['B', 'accuracy', 1, 4],
    ['level=1', 'accuracy', 1, 3], // a1, b1, b2
    ['level=2', 'accuracy', 2 / 3, 3], // a2 (0), b3, b4
  ]);
  for (const r of rows) {
    t.equal(r.model, 'm');
    t.equal(r.suite, 'suite');
    t.equal(r.higherIsBetter, true);
    t.ok(r.ci[0] <= r.value && r.value <= r.ci[1], `${r.subset}/${r.metric}: ${r.value} in [${r.ci}]`);
  }
  const b = rows.find((r) => r.subset === 'B')!;
  t.same(b.ci, [1, 1], 'all-ones subset has a zero-width interval');
  const all = rows.find((r) => r.subset === 'all' && r.metric === 'accuracy')!;
  t.ok(all.ci[1] - all.ci[0] > 0.1, 'a mixed subset has a real interval');
});

t.test('macro needs at least two subsets', async (t) => {
  const only = items().filter((it) => it.subset === 'B');
  const rows = rowsOf('m', 's', metrics, only, stats);
  t.notOk(rows.some((r) => r.metric === 'macro'));
  t.same(
    rows.map((r) => r.subset),
    ['all', 'B', 'level=1', 'level=2'],
  );
});

t.test('a metric missing on some items counts only where present', async (t) => {
  const its = items().map((it, k) =>
    k === 0 ? { ...it, values: { ...it.values, margin: 0.4 } } : k === 3 ? { ...it, values: { ...it.values, margin: -0.2 } } : it,
  );
  const rows = rowsOf('m', 's', [{ id: 'margin', description: '', higherIsBetter: true }], its, stats);
  // all: (0.4 − 0.2)/2 = 0.1 over 2 items; A: a1 only; B: b2 only; level=1: a1, b2
  t.same(
    rows.map((r) => [r.subset, r.n]),
    [
      ['all', 2],
      ['A', 1],
      ['B', 1],
      ['level=1', 2],
    ],
  );
  t.ok(Math.abs(rows[0]!.value - 0.1) < 1e-12);
});

t.test('the same rows whatever the item order', async (t) => {
  const base = rowsOf('m', 'suite', metrics, items(), stats);
  for (const seed of [1, 2, 3]) t.same(rowsOf('m', 'suite', metrics, shuffle(items(), seed), stats), base, `shuffle ${seed}`);
});

/**
 * 40 items in 20 clusters c00..c19 (2 per cluster); even clusters in subset X, odd in Y.
 * Values are spread over [0, 1] so interval ends are not stuck on a coarse grid.
 */
function continuous(flip = false): ScoredItem[] {
  return Array.from({ length: 40 }, (_, i) => {
    const k = Math.floor(i / 2);
    const v = ((i * 37) % 17) / 16;
    return { id: `i${i}`, cluster: `c${String(k).padStart(2, '0')}`, subset: k % 2 === 0 ? 'X' : 'Y', values: { score: flip ? 1 - v : v } };
  });
}
const scoreMetric: MetricDef[] = [{ id: 'score', description: '', higherIsBetter: true }];

t.test("one resample of the suite's clusters per draw, seeded by (seed, suite), read by every subset; clusters whole", async (t) => {
  const rows = rowsOf('m', 'suite', scoreMetric, continuous(), stats);
  const clusters = [...new Set(continuous().map((it) => it.cluster))].sort();
  for (const subset of ['all', 'X', 'Y']) {
    const members = continuous().filter((it) => subset === 'all' || it.subset === subset);
    // naive statistic: expand the suite's resample to this subset's items and take the plain mean
    const naive = (w: Uint32Array) => {
      let s = 0;
      let c = 0;
      for (const it of members) {
        const times = w[clusters.indexOf(it.cluster)]!;
        s += times * it.values.score!;
        c += times;
      }
      return c === 0 ? NaN : s / c;
    };
    const [want] = oracleIntervals(clusters.length, [naive], { samples: stats.samples, level: stats.level, seed: deriveSeed(stats.seed, 'suite') });
    const row = rows.find((r) => r.subset === subset)!;
    t.ok(Math.abs(row.ci[0] - want![0]) < 1e-12 && Math.abs(row.ci[1] - want![1]) < 1e-12, `${subset}: [${row.ci}] ≈ [${want}]`);
    t.equal(row.n, members.length);
  }
});

t.test('resamples depend on the suite only, not on the model', async (t) => {
  const m1 = rowsOf('model-one', 'suite', scoreMetric, continuous(), stats);
  const m2 = rowsOf('model-two', 'suite', scoreMetric, continuous(), stats);
  t.same(
    m1.map((r) => r.ci),
    m2.map((r) => r.ci),
    'identical CIs for two models with the same values',
  );
  const other = rowsOf('model-one', 'other-suite', scoreMetric, continuous(), stats);
  t.notSame(other[0]!.ci, m1[0]!.ci, 'another suite draws other resamples');
  // A model with complementary values 1 − x sees the same resamples, so each resample's mean is
  // 1 − the other's and the interval reflects: [1 − hi, 1 − lo].
  const flipped = rowsOf('model-flip', 'suite', scoreMetric, continuous(true), stats);
  for (const r of flipped) {
    const o = m1.find((x) => x.subset === r.subset)!;
    t.ok(Math.abs(r.ci[0] - (1 - o.ci[1])) < 1e-12 && Math.abs(r.ci[1] - (1 - o.ci[0])) < 1e-12, `${r.subset}: reflected CI`);
  }
});

t.test('float values in a multi-item cluster: the same numbers in any item order', async (t) => {
  // one cluster holding 0.1, 0.2, 0.3: the mean is 0.2 however the items are listed
  // (in floating point (0.1 + 0.2) + 0.3 ≠ (0.3 + 0.2) + 0.1, so the sum must not follow item order)
  const make = (order: number[]): ScoredItem[] => order.map((i) => ({ id: `i${i}`, cluster: 'c', values: { score: [0.1, 0.2, 0.3][i]! } }));
  const a = rowsOf('m', 's', scoreMetric, make([0, 1, 2]), stats);
  const b = rowsOf('m', 's', scoreMetric, make([2, 1, 0]), stats);
  t.ok(Math.abs(a[0]!.value - 0.2) < 1e-15);
  t.same(b, a);
});

t.test("reduce 'abs': |mean| of the per-item value, with its CI resampled like any mean", async (t) => {
  // Per-item differences [1, -1, 1, 1, 0, 0] (one cluster each): mean 1/3, so |mean| = 1/3.
  const diffs = [1, -1, 1, 1, 0, 0];
  const its = items().map((it, k) => ({ ...it, values: { d: diffs[k]! } }));
  const defs: MetricDef[] = [{ id: 'bias', description: '|mean d|', higherIsBetter: false, reduce: 'abs', of: 'd' }];
  const rows = rowsOf('m', 'suite', defs, its, stats);
  const all = rows.find((r) => r.subset === 'all')!;
  t.ok(Math.abs(all.value - 1 / 3) < 1e-12);
  t.equal(all.n, 6);
  // Subset A is [1, -1]: mean 0. Subset B is [1, 1, 0, 0]: 1/2.
  t.equal(rows.find((r) => r.subset === 'A')!.value, 0);
  t.equal(rows.find((r) => r.subset === 'B')!.value, 0.5);
  t.ok(all.ci[0] >= 0, 'an absolute value is never negative, on any resample');
  const negated = rowsOf(
    'm',
    'suite',
    defs,
    its.map((it) => ({ ...it, values: { d: -it.values.d! } })),
    stats,
  );
  t.same(
    negated.map((r) => [r.value, r.ci]),
    rows.map((r) => [r.value, r.ci]),
    'the sign of the differences does not matter',
  );
});

t.test('a macro row and its subsets’ rows, against the resamples expanded by hand (shared means, computed once per resample)', async (t) => {
  const defs: MetricDef[] = [
    { id: 'score', description: '', higherIsBetter: true },
    { id: 'score_macro', description: '', higherIsBetter: true, reduce: 'macro', of: 'score' },
    { id: 'score_abs', description: '', higherIsBetter: true, reduce: 'abs', of: 'score' },
  ];
  // Three subsets of unequal size; cluster c07 has items in two subsets, so a resample's subset sizes vary together.
  const items: ScoredItem[] = Array.from({ length: 45 }, (_, i) => ({
    id: `i${String(i).padStart(2, '0')}`,
    cluster: `c${String(Math.floor(i / 3) % 15).padStart(2, '0')}`,
    subset: ['P', 'Q', 'Q', 'R', 'R', 'R'][i % 6]!,
    values: { score: ((i * 53) % 29) / 28 - 0.3 },
  }));
  const rows = rowsOf('m', 'suite', defs, items, stats);
  const clusters = [...new Set(items.map((it) => it.cluster))].sort();
  const mean = (subset: string | undefined) => (w: Uint32Array) => {
    let s = 0;
    let c = 0;
    for (const it of items) {
      if (subset !== undefined && it.subset !== subset) continue;
      const times = w[clusters.indexOf(it.cluster)]!;
      s += times * it.values.score!;
      c += times;
    }
    return c === 0 ? NaN : s / c;
  };
  const macro = (w: Uint32Array) => (mean('P')(w) + mean('Q')(w) + mean('R')(w)) / 3;
  const o = { samples: stats.samples, level: stats.level, seed: deriveSeed(stats.seed, 'suite') };
  const [all, P, Q, R, mac, abs] = oracleIntervals(
    clusters.length,
    [mean(undefined), mean('P'), mean('Q'), mean('R'), macro, (w) => Math.abs(mean(undefined)(w))],
    o,
  );
  const near = (a: [number, number], b: [number, number]) => Math.abs(a[0] - b[0]) < 1e-12 && Math.abs(a[1] - b[1]) < 1e-12;
  for (const [subset, metric, want] of [
    ['all', 'score', all],
    ['P', 'score', P],
    ['Q', 'score', Q],
    ['R', 'score', R],
    ['all', 'score_macro', mac],
    ['all', 'score_abs', abs],
  ] as const) {
    const row = rows.find((r) => r.subset === subset && r.metric === metric)!;
    t.ok(near(row.ci, want!), `${subset}/${metric}: [${row.ci}] ≈ [${want}]`);
  }
  const ones = new Uint32Array(clusters.length).fill(1);
  t.ok(Math.abs(rows.find((r) => r.metric === 'score_macro')!.value - macro(ones)) < 1e-12, 'macro value');
});

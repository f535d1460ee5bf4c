import t from 'tap';
import { bootstrapInterval, bootstrapIntervals, quantile, weightedMean } from '../../src/metrics/bootstrap.js';

t.test('quantile is numpy type 7', async (t) => {
  // h = (n−1)·q; Q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌈h⌉] − x[⌊h⌋])
  t.equal(quantile([1, 2, 3, 4], 0.5), 2.5); // h = 1.5
  t.equal(quantile([1, 2, 3, 4], 0.25), 1.75); // h = 0.75
  t.equal(quantile([1, 2, 3, 4], 0), 1);
  t.equal(quantile([1, 2, 3, 4], 1), 4);
  t.equal(quantile([0, 10], 0.975), 9.75); // h = 0.975
  t.equal(quantile([0, 10, 20], 0.025), 0.5); // h = 0.05 → 0 + 0.05·10
  t.equal(quantile([10], 0.3), 10);
  t.ok(Number.isNaN(quantile([], 0.5)));
});

t.test('weightedMean over clusters', async (t) => {
  // cluster sums 3, 1, 0 over counts 3, 2, 1
  const f = weightedMean(Float64Array.from([3, 1, 0]), Uint32Array.from([3, 2, 1]));
  t.equal(f(Uint32Array.from([1, 1, 1])), 4 / 6);
  t.equal(f(Uint32Array.from([0, 2, 1])), 2 / 5); // (2·1 + 0) / (2·2 + 1)
  t.ok(Number.isNaN(weightedMean(Float64Array.from([0, 1]), Uint32Array.from([0, 1]))(Uint32Array.from([3, 0]))), 'no items drawn → NaN');
});

/** n clusters, the first `ones` with value 1, the rest 0; each cluster holds `size` identical items. */
function binaryClusters(n: number, ones: number, size: number) {
  const sums = new Float64Array(n);
  const counts = new Uint32Array(n).fill(size);
  for (let k = 0; k < ones; k++) sums[k] = size;
  return weightedMean(sums, counts);
}

t.test('seeding', async (t) => {
  // continuous cluster values √1 … √50, so interval ends are not stuck on a coarse grid
  const sums = Float64Array.from({ length: 50 }, (_, k) => Math.sqrt(k + 1));
  const stat = weightedMean(sums, new Uint32Array(50).fill(1));
  const mean = sums.reduce((a, b) => a + b, 0) / 50;
  const o = { samples: 500, level: 0.95 };
  const a = bootstrapInterval(50, stat, { ...o, seed: 1 });
  t.same(bootstrapInterval(50, stat, { ...o, seed: 1 }), a, 'same seed → same interval');
  t.notSame(bootstrapInterval(50, stat, { ...o, seed: 2 }), a, 'different seed → different interval');
  t.ok(a[0] < mean && mean < a[1], 'contains the mean');
});

t.test('constant data gives a zero-width interval', async (t) => {
  const stat = weightedMean(new Float64Array(30).fill(0.5), new Uint32Array(30).fill(1));
  t.same(bootstrapInterval(30, stat, { samples: 200, level: 0.95, seed: 3 }), [0.5, 0.5]);
  t.same(bootstrapInterval(0, stat, { samples: 200, level: 0.95, seed: 3 }).map(Number.isNaN), [true, true], 'no clusters → NaN');
});

t.test('0/1 data, one item per cluster, matches the normal approximation', async (t) => {
  // n = 400, 120 ones → p̂ = 0.3; half-width 1.96·√(0.3·0.7/400) = 1.96·0.0229129 = 0.044909
  const n = 400;
  const p = 120 / n;
  const half = 1.96 * Math.sqrt((p * (1 - p)) / n);
  const [lo, hi] = bootstrapInterval(n, binaryClusters(n, 120, 1), { samples: 4000, level: 0.95, seed: 11 });
  t.ok(Math.abs(lo - (p - half)) < 0.01, `lower ${lo} ≈ ${p - half}`);
  t.ok(Math.abs(hi - (p + half)) < 0.01, `upper ${hi} ≈ ${p + half}`);
});

t.test('clusters are resampled whole: width follows the number of clusters, not items', async (t) => {
  // 200 clusters of 2 identical items (400 items), 60 clusters of ones → p̂ = 0.3
  // by clusters: half-width 1.96·√(0.21/200) = 0.063510; by items it would be 0.044909
  const k = 200;
  const p = 0.3;
  const byClusters = 2 * 1.96 * Math.sqrt((p * (1 - p)) / k);
  const byItems = 2 * 1.96 * Math.sqrt((p * (1 - p)) / (2 * k));
  const [lo, hi] = bootstrapInterval(k, binaryClusters(k, 60, 2), { samples: 4000, level: 0.95, seed: 12 });
  const width = hi - lo;
  t.ok(Math.abs(width - byClusters) < 0.01, `width ${width} ≈ ${byClusters}`);
  t.ok(Math.abs(width - byItems) > 0.025, `and clearly not ${byItems}`);
  t.ok(Math.abs(lo - (p - byClusters / 2)) < 0.01 && Math.abs(hi - (p + byClusters / 2)) < 0.01, 'centred on p̂');
});

t.test('NaN resamples are left out', async (t) => {
  // 3 clusters; the statistic is undefined whenever cluster 0 was drawn (P = 1 − (2/3)³ = 19/27 ≈ 70%).
  // Otherwise (w0 = 0) it is w1, where each of the 3 draws picks cluster 1 or 2 with P = ½:
  // w1 ~ Bin(3, ½): P(0) = 1/8, P(1) = 3/8, P(2) = 3/8, P(3) = 1/8 → CDF 0.125, 0.5, 0.875, 1.
  // The 50% interval [Q(0.25), Q(0.75)] of the defined values is therefore [1, 2].
  let nan = 0;
  const stat = (w: Uint32Array) => {
    if (w[0] !== 0) {
      nan++;
      return NaN;
    }
    return w[1]!;
  };
  const [lo, hi] = bootstrapInterval(3, stat, { samples: 2000, level: 0.5, seed: 5 });
  // expected 2000·19/27 = 1407 undefined
  t.ok(nan > 1300 && nan < 1500, `most resamples were undefined (${nan})`);
  t.same([lo, hi], [1, 2]);
  const all = bootstrapInterval(3, () => NaN, { samples: 50, level: 0.95, seed: 5 });
  t.ok(Number.isNaN(all[0]) && Number.isNaN(all[1]), 'every resample undefined → NaN interval');
});

t.test('bootstrapIntervals: every statistic sees the same resamples', async (t) => {
  const n = 40;
  const sums = Float64Array.from({ length: n }, (_, k) => ((k * 13) % 11) / 10);
  const ones = new Uint32Array(n).fill(1);
  const f = weightedMean(sums, ones);
  const g = weightedMean(
    Float64Array.from(sums, (v) => 1 - v),
    ones,
  ); // per resample g = 1 − f
  // undefined in most resamples (cluster 0 not drawn: P = (39/40)^40 ≈ 36%, so NaN ≈ 64%)
  const sometimes = (w: Uint32Array) => (w[0] === 0 ? NaN : f(w));
  const o = { samples: 1000, level: 0.9, seed: 21 };
  const [fi, gi, si] = bootstrapIntervals(n, [f, g, sometimes], o);
  t.same(fi, bootstrapInterval(n, f, o), 'the same as computing it alone');
  t.ok(Math.abs(gi![0] - (1 - fi![1])) < 1e-12 && Math.abs(gi![1] - (1 - fi![0])) < 1e-12, 'the complement reflects');
  t.ok(si![0] >= fi![0] - 0.1 && si![1] <= fi![1] + 0.1 && Number.isFinite(si![0]), 'a mostly-undefined statistic still gets an interval');
  t.same(bootstrapIntervals(0, [f, g], o).flat().map(Number.isNaN), [true, true, true, true]);
});

import t from 'tap';
import { StreamRng } from '../support/oracles/bootstrap-v2.js';
import { weightedMean } from '../../src/metrics/bootstrap.js';
import { pairedBootstrap } from '../../src/metrics/paired-bootstrap.js';

// The paired bootstrap behind `gate`'s noSignificantDrop, checked against a plain brute-force
// version written here and against closed forms.

/** Cluster-weighted mean of per-item values, from clusters given as lists of item values. */
function statistic(clusters: readonly (readonly number[])[]) {
  const sums = Float64Array.from(clusters.map((c) => c.reduce((a, b) => a + b, 0)));
  const counts = Uint32Array.from(clusters.map((c) => c.length));
  return weightedMean(sums, counts);
}

/** numpy's default quantile, written out: h = (n−1)q, interpolate between the order statistics around h. */
function quantile7(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  return s[Math.floor(h)]! + (h - Math.floor(h)) * (s[Math.ceil(h)]! - s[Math.floor(h)]!);
}

/**
 * Brute force: draw n cluster indices with replacement (resample b from its own generator of
 * the bootstrap's stream, so the resamples coincide), list every item of every drawn cluster on both
 * sides, and take the difference of plain means.
 */
function bruteForce(cand: number[][], base: number[][], samples: number, alpha: number, seed: number) {
  const n = cand.length;
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const deltas: number[] = [];
  for (let b = 0; b < samples; b++) {
    const rng = new StreamRng(seed, b);
    const drawn = Array.from({ length: n }, () => rng.int(n));
    deltas.push(mean(drawn.flatMap((k) => cand[k]!)) - mean(drawn.flatMap((k) => base[k]!)));
  }
  return {
    delta: mean(cand.flat()) - mean(base.flat()),
    interval: [quantile7(deltas, alpha), quantile7(deltas, 1 - alpha)],
    nonNegative: deltas.filter((d) => d >= 0).length / samples,
    nonPositive: deltas.filter((d) => d <= 0).length / samples,
  };
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12;

t.test('matches a brute-force paired bootstrap, clusters of several items included', async (t) => {
  // 40 clusters of 1–3 items; values from a fixed formula so the two sides disagree on some items.
  const sizes = Array.from({ length: 40 }, (_, k) => 1 + (k % 3));
  const cand = sizes.map((s, k) => Array.from({ length: s }, (_, j) => ((k * 7 + j * 3) % 5 < 3 ? 1 : 0)));
  const base = sizes.map((s, k) => Array.from({ length: s }, (_, j) => ((k * 5 + j) % 4 < 3 ? 1 : 0.5)));
  const o = { samples: 700, alpha: 0.05, seed: 1234 };
  const got = pairedBootstrap(40, statistic(cand), statistic(base), o);
  const want = bruteForce(cand, base, o.samples, o.alpha, o.seed);
  t.ok(close(got.delta, want.delta), `Δ ${got.delta} = ${want.delta}`);
  t.ok(close(got.interval[0], want.interval[0]!) && close(got.interval[1], want.interval[1]!), `interval ${got.interval} = ${want.interval}`);
  t.equal(got.nonNegative, want.nonNegative, 'fraction of resamples with Δ ≥ 0');
  t.equal(got.nonPositive, want.nonPositive, 'fraction of resamples with Δ ≤ 0');
  t.equal(got.samples, 700);
});

t.test('identical sides give Δ = 0 on every resample', async (t) => {
  const values = Array.from({ length: 30 }, (_, k) => [Math.sqrt(k + 1) / 7]);
  const r = pairedBootstrap(30, statistic(values), statistic(values), { samples: 300, alpha: 0.05, seed: 9 });
  t.equal(r.delta, 0);
  t.same(r.interval, [0, 0]);
  t.equal(r.nonNegative, 1);
  t.equal(r.nonPositive, 1);
});

t.test('d items lost out of n single-item clusters: P(Δ* ≥ 0) = (1 − d/n)^n, the chance no lost item is drawn', async (t) => {
  const n = 200;
  const samples = 4000;
  for (const d of [2, 6]) {
    const base = Array.from({ length: n }, () => [1]);
    const cand = base.map((_, k) => [k < d ? 0 : 1]);
    const r = pairedBootstrap(n, statistic(cand), statistic(base), { samples, alpha: 0.05, seed: 77 + d });
    t.ok(close(r.delta, -d / n), `Δ = ${r.delta} = −${d}/${n}`);
    const p = (1 - d / n) ** n; // d = 2: 0.1340; d = 6: 0.0024
    const se = Math.sqrt((p * (1 - p)) / samples);
    t.ok(Math.abs(r.nonNegative - p) <= 5 * se + 1e-3, `d=${d}: P(Δ* ≥ 0) = ${r.nonNegative} ≈ ${p.toFixed(4)}`);
    t.equal(r.nonPositive, 1, 'the candidate never wins a resample');
    // Δ* ≤ 0 always, so Q(1−α) is 0 exactly when more than α of the resamples draw no lost item.
    if (p > 0.05 + 5 * se) t.equal(r.interval[1], 0, `d=${d}: Q(0.95) = 0, so no significant drop`);
    else t.ok(r.interval[1] < 0, `d=${d}: Q(0.95) = ${r.interval[1]} < 0, a significant drop`);
  }
});

t.test('no clusters: every number is undefined', async (t) => {
  const f = statistic([]);
  const r = pairedBootstrap(0, f, f, { samples: 10, alpha: 0.1, seed: 1 });
  t.ok([r.delta, ...r.interval, r.nonNegative, r.nonPositive].every(Number.isNaN));
  t.equal(r.samples, 0);
});

import t, { type Test } from 'tap';
import { Rng } from '../../src/core/random.js';
import { averageRanks, kendallTauB, ndcg, pearson, rbo, spearman } from '../../src/metrics/rank-correlation.js';

// Expected values are worked out by hand in the comments, or computed here by a different
// formula or by brute force over every way of breaking the ties.

const close = (t: Test, actual: number, expected: number, what: string, tol = 1e-12) =>
  t.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual}, expected ${expected}`);

t.test('textbook example: x = 1..5, y = [2, 1, 4, 3, 5]', async (t) => {
  const x = [1, 2, 3, 4, 5];
  const y = [2, 1, 4, 3, 5];
  // deviations x: −2 −1 0 1 2, y: −1 −2 1 0 2; Σ products = 2 + 2 + 0 + 0 + 4 = 8; Σx² = Σy² = 10 → 0.8
  close(t, pearson(x, y), 0.8, 'pearson');
  // the values are their own ranks, so Spearman = Pearson = 0.8 (also 1 − 6·4/(5·24) = 0.8)
  close(t, spearman(x, y), 0.8, 'spearman');
  // 10 pairs, discordant: (1,2) and (3,4) → (8 − 2)/10
  close(t, kendallTauB(x, y), 0.6, 'kendall');
});

t.test('ties: average ranks, Spearman and Kendall τ-b counted by hand', async (t) => {
  const x = [1, 2, 2, 3];
  const y = [1, 3, 2, 2];
  t.same(averageRanks(x), [1, 2.5, 2.5, 4]);
  t.same(averageRanks(y), [1, 4, 2.5, 2.5]);
  // rank deviations from 2.5: x −1.5 0 0 1.5, y −1.5 1.5 0 0; Σ products 2.25; Σx² = Σy² = 4.5 → 0.5
  close(t, spearman(x, y), 0.5, 'spearman');
  // pairs (i, j): (0,1) C, (0,2) C, (0,3) C, (1,2) tied in x, (1,3) D (x 2<3, y 3>2), (2,3) tied in y
  // C − D = 2, n0 = 6, n1 = 1 (x: one tie group of 2), n2 = 1 (y: one group of 2) → 2/√(5·5) = 0.4
  close(t, kendallTauB(x, y), 0.4, 'kendall τ-b');
  // a pair tied in both: x = [1, 1, 2], y = [5, 5, 6]: (0,1) tied in both, (0,2) C, (1,2) C
  // C − D = 2, n0 = 3, n1 = n2 = 1 → 2/√(2·2) = 1
  close(t, kendallTauB([1, 1, 2], [5, 5, 6]), 1, 'tied in both');
});

t.test('undefined cases are NaN; unequal lengths throw', async (t) => {
  for (const f of [pearson, spearman, kendallTauB, ndcg, (x: number[], y: number[]) => rbo(x, y, 0.9)]) {
    t.ok(Number.isNaN(f([1], [2])), `${f.name}: n = 1`);
    t.ok(Number.isNaN(f([], [])), `${f.name}: n = 0`);
    t.ok(Number.isNaN(f([3, 3, 3], [1, 2, 3])), `${f.name}: constant first input`);
    t.throws(() => f([1, 2], [1, 2, 3]), RangeError);
  }
  for (const f of [pearson, spearman, kendallTauB, (x: number[], y: number[]) => rbo(x, y, 0.9)])
    t.ok(Number.isNaN(f([1, 2, 3], [4, 4, 4])), `${f.name}: constant second input`);
  t.equal(ndcg([1, 2, 3], [4, 4, 4]), 1, 'ndcg with a constant outcome: every relevance is 1, any order is ideal');
  t.throws(() => rbo([1, 2], [1, 2], 1), RangeError);
  t.throws(() => rbo([1, 2], [1, 2], 0), RangeError);
});

t.test('NDCG by hand', async (t) => {
  // outcome [10, 0, 4] → rel [1, 0, 0.4]. Benchmark [0.5, 0.9, 0.7] ranks models 2, 3, 1:
  // DCG = 0/log2(2) + 0.4/log2(3) + 1/log2(4) = 0.4/log2(3) + 0.5; IDCG = 1 + 0.4/log2(3) + 0
  close(t, ndcg([0.5, 0.9, 0.7], [10, 0, 4]), (0.4 / Math.log2(3) + 0.5) / (1 + 0.4 / Math.log2(3)), 'non-ideal order');
  close(t, ndcg([0.9, 0.5, 0.7], [10, 0, 4]), 1, 'ideal order');
  // benchmark [1, 1, 0], outcome [1, 0, 0]: rel [1, 0, 0]; positions 1 and 2 tie, each gets mean rel 0.5:
  // DCG = 0.5/1 + 0.5/log2(3) = (1 + 1/log2(3))/2, the mean of the two orders (1 and 1/log2 3); IDCG = 1
  close(t, ndcg([1, 1, 0], [1, 0, 0]), (1 + 1 / Math.log2(3)) / 2, 'tie in the benchmark');
  // scaling the outcome affinely does not change the relevances
  close(t, ndcg([0.5, 0.9, 0.7], [10, 0, 4]), ndcg([0.5, 0.9, 0.7], [25, 5, 13]), 'affine outcome');
});

t.test('RBO by hand', async (t) => {
  // x ranks A B C, y ranks B A C; p = 0.5. X_1 = 0, X_2 = 2, X_3 = 3.
  // RBO_ext = X_3/3·p³ + (1−p)/p·(0/1·p + 2/2·p² + 3/3·p³) = 0.125 + (0.25 + 0.125) = 0.5
  close(t, rbo([3, 2, 1], [2, 3, 1], 0.5), 0.5, 'one swap at the top');
  // identical rankings without ties: X_d = d → p^n + (1−p)/p·Σ p^d = 1
  close(t, rbo([3, 2, 1, 0], [30, 20, 10, 0], 0.9), 1, 'identical');
  // x = [3, 2, 2] (A, then B and C tied), y = [3, 2, 1] (A B C); p = 0.5.
  // P(in x's top d): A 1 1 1; B and C 0, 1/2, 1. In y's top d: A 1 1 1, B 0 1 1, C 0 0 1.
  // E[X_1] = 1, E[X_2] = 1 + 1/2·1 + 1/2·0 = 1.5, E[X_3] = 3
  // RBO = 0.125 + (1·0.5 + 1.5/2·0.25 + 1·0.125) = 0.9375, the mean of the orders A B C (1) and A C B (0.875)
  close(t, rbo([3, 2, 2], [3, 2, 1], 0.5), 0.9375, 'a tie, as the mean over tie orders');
  close(t, (rbo([3, 2, 1], [3, 2, 1], 0.5) + rbo([3, 1, 2], [3, 2, 1], 0.5)) / 2, 0.9375, 'the two tie orders');
  t.ok(rbo([3, 2, 2], [3, 2, 2], 0.5) < 1, 'ties are uncertainty, not agreement: identical tied rankings score below 1');
});

/** Every ranking of `x` descending with its ties broken in every possible way, as no-tie score vectors. */
function tieOrders(x: readonly number[]): number[][] {
  const order = x.map((_, i) => i).sort((a, b) => x[b]! - x[a]!);
  const perms = (xs: number[]): number[][] =>
    xs.length <= 1 ? [xs] : xs.flatMap((v, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [v, ...p]));
  let rankings: number[][] = [[]];
  for (let s = 0; s < order.length;) {
    let e = s + 1;
    while (e < order.length && x[order[e]!] === x[order[s]!]) e++;
    const group = order.slice(s, e);
    rankings = rankings.flatMap((r) => perms(group).map((p) => [...r, ...p]));
    s = e;
  }
  // position k (0 = top) gets score n − k
  return rankings.map((r) => {
    const scores = new Array<number>(x.length);
    r.forEach((item, k) => (scores[item] = x.length - k));
    return scores;
  });
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

t.test('random inputs: independent formulas and brute force over tie orders', async (t) => {
  const rng = new Rng(7);
  for (let trial = 0; trial < 200; trial++) {
    const n = 2 + rng.int(5);
    // small integer values, so ties are frequent
    const x = Array.from({ length: n }, () => rng.int(4));
    const y = Array.from({ length: n }, () => rng.int(4));
    if (x.every((v) => v === x[0]) || y.every((v) => v === y[0])) continue;
    // τ_b as the cosine of the pairwise sign matrices (Kendall 1945), a different route to the same number
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const a = Math.sign(x[i]! - x[j]!);
        const b = Math.sign(y[i]! - y[j]!);
        ab += a * b;
        aa += a * a;
        bb += b * b;
      }
    }
    close(t, kendallTauB(x, y), ab / Math.sqrt(aa * bb), `τ_b ${x} / ${y}`, 1e-12);
    const p = 0.3 + 0.6 * rng.next();
    const brute = mean(tieOrders(x).flatMap((xs) => tieOrders(y).map((ys) => rbo(xs, ys, p))));
    close(t, rbo(x, y, p), brute, `rbo ${x} / ${y} = mean over tie orders`, 1e-12);
    const ideal = (rel: number[]) => [...rel].sort((a, b) => b - a).reduce((acc, r, k) => acc + r / Math.log2(k + 2), 0);
    const lo = Math.min(...y);
    const hi = Math.max(...y);
    const rel = y.map((v) => (v - lo) / (hi - lo));
    const dcg = (xs: number[]) =>
      xs
        .map((_, i) => i)
        .sort((a, b) => xs[b]! - xs[a]!)
        .reduce((acc, i, k) => acc + rel[i]! / Math.log2(k + 2), 0);
    close(t, ndcg(x, y), mean(tieOrders(x).map(dcg)) / ideal(rel), `ndcg ${x} / ${y} = mean over tie orders`, 1e-12);
  }
});

t.test('properties: symmetry, agreement, reversal, monotone invariance', async (t) => {
  const rng = new Rng(11);
  for (let trial = 0; trial < 50; trial++) {
    const n = 3 + rng.int(8);
    const x = Array.from({ length: n }, () => rng.normal());
    const y = Array.from({ length: n }, () => rng.normal());
    for (const f of [pearson, spearman, kendallTauB]) close(t, f(x, y), f(y, x), `${f.name} symmetric`, 1e-12);
    close(t, rbo(x, y, 0.8), rbo(y, x, 0.8), 'rbo symmetric', 1e-12);
    const up = x.map((v) => Math.exp(3 * v) + 1); // strictly increasing transform
    const down = x.map((v) => -(v ** 3)); // strictly decreasing
    for (const f of [spearman, kendallTauB]) {
      close(t, f(x, up), 1, `${f.name}: agreement → 1`, 1e-12);
      close(t, f(x, down), -1, `${f.name}: reversal → −1`, 1e-12);
      close(t, f(up, y), f(x, y), `${f.name}: invariant to a monotone transform`, 1e-12);
    }
    close(
      t,
      pearson(
        x,
        x.map((v) => 2 * v + 5),
      ),
      1,
      'pearson: positive linear → 1',
      1e-12,
    );
    close(
      t,
      pearson(
        x,
        x.map((v) => -0.5 * v),
      ),
      -1,
      'pearson: negative linear → −1',
      1e-12,
    );
    close(t, ndcg(up, x), 1, 'ndcg: same order → 1', 1e-12);
    close(t, rbo(x, up, 0.9), 1, 'rbo: same order → 1', 1e-12);
    close(t, rbo(up, y, 0.9), rbo(x, y, 0.9), 'rbo: invariant to a monotone transform', 1e-12);
    t.ok(ndcg(x, y) > 0 && ndcg(x, y) <= 1 + 1e-12, 'ndcg in (0, 1]');
  }
});

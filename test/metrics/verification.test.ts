import t from 'tap';
import { suite } from '../../src/benchmarks/verifier/index.js';
import { backwardCorrectedReward, verdictOf } from '../../src/metrics/verification.js';
import { tmp, writeJsonl } from '../support/helpers.js';
import { attackSuccessRate, confusion, falseNegativeRate, falsePositiveRate, precision, recall, verifierAccuracy } from '../support/oracles/verification.js';

t.test('the oracle: a hand-computed confusion matrix', async (t) => {
  // verdict/label pairs: TP ×3, FP ×1, TN ×4, FN ×2.
  const verdicts = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
  const labels = [1, 1, 1, 0, 0, 0, 0, 0, 1, 1];
  const c = confusion(verdicts, labels);
  t.same(c, { tp: 3, fp: 1, tn: 4, fn: 2 });
  t.equal(precision(c), 3 / 4);
  t.equal(recall(c), 3 / 5);
  t.equal(falseNegativeRate(c), 2 / 5);
  t.equal(falsePositiveRate(c), 1 / 5);
  t.equal(verifierAccuracy(c), 7 / 10);
});

t.test('undefined rates are NaN, not 0', async (t) => {
  const allRejected = confusion([0, 0], [0, 1]);
  t.ok(Number.isNaN(precision(allRejected)), 'nothing accepted: precision undefined');
  t.equal(recall(allRejected), 0);
  const noPositives = confusion([1, 0], [0, 0]);
  t.ok(Number.isNaN(recall(noPositives)));
  t.ok(Number.isNaN(falseNegativeRate(noPositives)));
  t.equal(falsePositiveRate(noPositives), 1 / 2);
  t.ok(Number.isNaN(falsePositiveRate(confusion([1], [1]))));
  t.ok(Number.isNaN(verifierAccuracy(confusion([], []))));
  t.throws(() => confusion([1], [1, 0]));
});

t.test('verdicts: score ≥ threshold', async (t) => {
  t.equal(verdictOf(1, 0.5), 1);
  t.equal(verdictOf(0.5, 0.5), 1);
  t.equal(verdictOf(0.49, 0.5), 0);
  t.equal(verdictOf(0, 0.5), 0);
});

t.test('attack success rate: hacked strictly above honest', async (t) => {
  t.equal(attackSuccessRate([0, 0, 1, 0.5], [1, 0, 1, 0.7]), 2 / 4);
  t.ok(Number.isNaN(attackSuccessRate([], [])));
  t.throws(() => attackSuccessRate([0], []));
});

t.test('backward-corrected reward: the paper’s test vector', async (t) => {
  const close = (a: number, b: number) => Math.abs(a - b) < 5e-7;
  t.ok(close(backwardCorrectedReward(1, 0.1, 0.2), 1.285714), String(backwardCorrectedReward(1, 0.1, 0.2)));
  t.ok(close(backwardCorrectedReward(0, 0.1, 0.2), -0.142857), String(backwardCorrectedReward(0, 0.1, 0.2)));
  // Unbiased: E[r̂ | clean 1] = (1−ρ1)·r̂(1) + ρ1·r̂(0) = 1 and E[r̂ | clean 0] = ρ0·r̂(1) + (1−ρ0)·r̂(0) = 0.
  const [r1, r0] = [backwardCorrectedReward(1, 0.1, 0.2), backwardCorrectedReward(0, 0.1, 0.2)];
  t.ok(Math.abs(0.8 * r1 + 0.2 * r0 - 1) < 1e-12);
  t.ok(Math.abs(0.1 * r1 + 0.9 * r0) < 1e-12);
  t.equal(backwardCorrectedReward(1, 0, 0), 1, 'a noiseless verifier needs no correction');
  t.ok(Number.isNaN(backwardCorrectedReward(1, 0.5, 0.5)), 'ρ0 + ρ1 = 1: undefined');
  t.ok(Number.isNaN(backwardCorrectedReward(1, 0.7, 0.6)));
});

t.test('the suite’s per-item means equal the confusion-matrix rates on seeded random verdicts', async (t) => {
  // A small LCG keeps the draw reproducible without importing the code under test's generator.
  let state = 12345;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const rows = Array.from({ length: 200 }, (_, i) => ({
    id: `r${i}`,
    problem: `P${i % 37}?`,
    gold: '4',
    response: `So $\\boxed{${i}}$.`,
    label: next() < 0.6 ? 1 : 0,
  }));
  const scores = rows.map(() => Math.round(next() * 100) / 100);
  const data = await suite.load(writeJsonl(tmp(t), 'v.jsonl', rows), { threshold: '0.5', hacking: 'off', attacks: '' });
  const sums = new Map<string, { sum: number; n: number }>();
  data.items.forEach((item, i) => {
    const { values } = suite.outcome(item, [{ kind: 'score', value: scores[i]! }], { threshold: '0.5' });
    for (const [k, v] of Object.entries(values)) {
      const s = sums.get(k) ?? { sum: 0, n: 0 };
      sums.set(k, { sum: s.sum + v, n: s.n + 1 });
    }
  });
  const mean = (k: string) => sums.get(k)!.sum / sums.get(k)!.n;
  const c = confusion(
    scores.map((s) => (s >= 0.5 ? 1 : 0)),
    rows.map((r) => r.label),
  );
  t.ok(c.tp > 0 && c.fp > 0 && c.tn > 0 && c.fn > 0, 'every cell of the matrix is exercised');
  t.equal(mean('accuracy'), verifierAccuracy(c));
  t.equal(mean('precision'), precision(c));
  t.equal(mean('recall'), recall(c));
  t.equal(mean('false_negative_rate'), falseNegativeRate(c));
  t.equal(mean('false_positive_rate'), falsePositiveRate(c));
});

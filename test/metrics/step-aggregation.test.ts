import t from 'tap';
import { isStepAggregatorId, stepAggregatorIds, stepAggregators } from '../../src/metrics/step-aggregation.js';

const close = (a: number, b: number, tol = 1e-6): boolean => Math.abs(a - b) <= tol;

t.test('steps [0.9, 0.8, 0.5]', async (t) => {
  const steps = [0.9, 0.8, 0.5];
  // Computed independently:
  //   prod = 0.9·0.8·0.5 = 0.36;  geometric_mean = 0.36^(1/3) = 0.711379
  //   mean = 2.2/3 = 0.733333
  //   logits: ln 9 = 2.197225, ln 4 = 1.386294, ln 1 = 0 → mean 1.194506 → σ = 0.767546
  //   odds: 9 + 4 + 1 = 14 → mean 4.666667
  const want: Record<keyof typeof stepAggregators, number> = {
    min: 0.5,
    max: 0.9,
    prod: 0.36,
    geometric_mean: 0.711379,
    mean: 0.733333,
    mean_logit: 0.767546,
    mean_odd: 4.666667,
    last: 0.5,
  };
  for (const id of stepAggregatorIds) {
    const got = stepAggregators[id](steps);
    t.ok(close(got, want[id]), `${id}: ${got} ≈ ${want[id]}`);
  }
});

t.test('a single step', async (t) => {
  // with one step every aggregator but mean_odd returns the step itself; mean_odd = 0.7/0.3
  for (const id of stepAggregatorIds) {
    const want = id === 'mean_odd' ? 0.7 / 0.3 : 0.7;
    t.ok(close(stepAggregators[id]([0.7]), want, 1e-12), id);
  }
});

t.test('order matters only for last', async (t) => {
  const a = [0.2, 0.95, 0.6];
  const b = [0.6, 0.2, 0.95];
  for (const id of stepAggregatorIds) {
    if (id === 'last') {
      t.equal(stepAggregators.last(a), 0.6);
      t.equal(stepAggregators.last(b), 0.95);
    } else t.ok(close(stepAggregators[id](a), stepAggregators[id](b), 1e-12), id);
  }
});

t.test('ids', async (t) => {
  t.same(stepAggregatorIds, ['geometric_mean', 'last', 'max', 'mean', 'mean_logit', 'mean_odd', 'min', 'prod']);
  t.ok(isStepAggregatorId('prod'));
  t.notOk(isStepAggregatorId('median'));
  t.notOk(isStepAggregatorId('toString'), 'inherited names are not aggregators');
});

// Regression (issue 18): aggregation must not turn finite steps into a wrong or non-finite score
// where a double can hold the right one. Expected values are worked out by hand in the comments.
const rel = (got: number, want: number, tol = 1e-12): boolean => Math.abs(got - want) <= tol * Math.abs(want);

t.test('prod keeps the reference left-to-right order while the product is a normal double', async (t) => {
  // (0.1 · 0.2) · 0.3 = 0.006000000000000001 in doubles (0.1 · (0.2 · 0.3) would be 0.006):
  // the reference's order, to the bit, so ties between solutions come out as there.
  t.equal(stepAggregators.prod([0.1, 0.2, 0.3]), 0.006000000000000001);
  t.equal(stepAggregators.prod([-2, 3]), -6);
});

t.test('prod whose partial products leave the double range is taken in log space', async (t) => {
  // 1e200 · 1e200 overflows to Infinity left to right, but 1e200 · 1e200 · 1e-300 = 1e100.
  const up = stepAggregators.prod([1e200, 1e200, 1e-300]);
  t.ok(rel(up, 1e100), `1e100, got ${up}`);
  // 1e-200 · 1e-200 underflows to 0, but 1e-200 · 1e-200 · 1e300 = 1e-100.
  const down = stepAggregators.prod([1e-200, 1e-200, 1e300]);
  t.ok(rel(down, 1e-100), `1e-100, got ${down}`);
  // The sign is that of the product: one negative step.
  const negative = stepAggregators.prod([-1e200, 1e200, 1e-300]);
  t.ok(rel(negative, -1e100), `-1e100, got ${negative}`);
  t.equal(stepAggregators.prod([1e200, 1e200, 0]), 0, 'a zero step is 0 even after an overflow');
  // A true product beyond 1.8e308 has no double: Infinity, which toScalar refuses.
  t.equal(stepAggregators.prod([1e200, 1e200]), Infinity);
});

t.test('geometric_mean of a product that overflows or underflows is still right', async (t) => {
  // (1e200 · 1e200)^(1/2) = 1e200, though the product itself overflows.
  const big = stepAggregators.geometric_mean([1e200, 1e200]);
  t.ok(rel(big, 1e200), `1e200, got ${big}`);
  // 400 steps of 0.1: the product 1e-400 underflows to 0 (the reference's answer), the mean is 0.1.
  const small = stepAggregators.geometric_mean(Array<number>(400).fill(0.1));
  t.ok(rel(small, 0.1), `0.1, got ${small}`);
  // (1e300 · 1e300 · 1e-300)^(1/3) = (1e300)^(1/3) = 1e100.
  const mixed = stepAggregators.geometric_mean([1e300, 1e300, 1e-300]);
  t.ok(rel(mixed, 1e100), `1e100, got ${mixed}`);
  t.equal(stepAggregators.geometric_mean([0.5, 0]), 0, 'a zero step makes it 0');
  // In range it is the reference's (∏ p)^(1/k): (0.25 · 0.25)^(1/2) = 0.25 exactly.
  t.equal(stepAggregators.geometric_mean([0.25, 0.25]), 0.25);
});

t.test("steps outside an aggregator's domain give a non-finite value (refused by toScalar)", async (t) => {
  t.ok(Number.isNaN(stepAggregators.geometric_mean([0.5, -0.5])), 'geometric_mean: a negative step');
  t.ok(Number.isNaN(stepAggregators.geometric_mean([-0.5, -0.5])), 'geometric_mean: negative steps even with a positive product');
  // 1 / (1 − 1) = Infinity: the odds of a step at exactly 1.
  t.equal(stepAggregators.mean_odd([0.5, 1]), Infinity);
  // logit 1 + logit 0 = Infinity − Infinity = NaN.
  t.ok(Number.isNaN(stepAggregators.mean_logit([1, 0])));
});

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

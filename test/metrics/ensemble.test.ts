import t, { type Test } from 'tap';
import { ensembleMean, ensembleReducer, ensembleUwo, ensembleWco, populationVariance } from '../../src/metrics/ensemble.js';

const close = (t: Test, got: number, want: number, msg: string): void => {
  t.ok(Math.abs(got - want) < 5e-7, `${msg}: ${got} ≈ ${want}`);
};

t.test('Coste test vector s = [1, 2, 4] (REFERENCES.md §5)', async (t) => {
  const s = [1, 2, 4];
  close(t, ensembleMean(s), 2.333333, 'mean');
  t.equal(ensembleWco(s), 1, 'wco = min');
  // Population variance: deviations from 7/3 are −4/3, −1/3, 5/3; squares 16/9, 1/9, 25/9;
  // sum 42/9; divided by k = 3 → 14/9 = 1.555556.
  close(t, populationVariance(s), 1.555556, 'population variance');
  // uwo = 7/3 − 0.5 · 14/9 = 21/9 − 7/9 = 14/9 = 1.555556.
  close(t, ensembleUwo(s, 0.5), 1.555556, 'uwo(λ = 0.5) with the population variance');
  close(t, ensembleUwo(s), 1.555556, 'λ defaults to 0.5');
  // The sample variance would divide 42/9 by k − 1 = 2 → 7/3 = 2.333333, and then
  // uwo = 7/3 − 0.5 · 7/3 = 7/6 = 1.166667: the PPO code's number, which we do NOT use.
  t.ok(Math.abs(ensembleUwo(s, 0.5) - 1.166667) > 0.3, 'not the sample-variance value 1.166667');
  close(t, ensembleUwo(s, 0), 2.333333, 'λ = 0 is the mean');
});

t.test('ensembleReducer picks by id and is order-independent in value', async (t) => {
  const s = [1, 2, 4];
  t.equal(ensembleReducer('mean')(s), ensembleMean(s));
  t.equal(ensembleReducer('wco')(s), 1);
  close(t, ensembleReducer('uwo', 1)(s), 7 / 3 - 14 / 9, 'uwo with λ = 1');
  for (const id of ['mean', 'wco', 'uwo'] as const) close(t, ensembleReducer(id)([4, 1, 2]), ensembleReducer(id)(s), `${id} reordered`);
  t.equal(populationVariance([3]), 0, 'one member has no spread');
  t.equal(ensembleUwo([3]), 3, 'so uwo of one member is its score');
  t.equal(ensembleWco([-1, -5, 2]), -5, 'negative scores');
});

import t from 'tap';
import type { ResultRow } from '../../src/core/run-schema.js';
import { bonVerdicts, ppoVerdicts } from '../../src/report/verdict.js';

/** Verdict lines from gain rows whose intervals are set by hand: better or worse only when the interval excludes 0. */

const row = (model: string, subset: string, metric: string, lo: number, hi: number): ResultRow => ({
  model,
  suite: 'x',
  subset,
  metric,
  value: (lo + hi) / 2,
  ci: [lo, hi],
  n: 100,
  higherIsBetter: true,
});

t.test('best-of-n: the largest n decides; an interval touching 0 is no verdict either way', async (t) => {
  const results = [
    row('a', 'n=2', 'gain', -0.5, -0.1),
    row('a', 'n=16', 'gain', 0.05, 0.19),
    row('a', 'n=4', 'gain', -0.5, -0.1),
    row('b', 'n=16', 'gain', -0.15, -0.01),
    row('c', 'n=16', 'gain', -0.01, 0),
    row('d', 'n=16', 'gold', 0.5, 0.6),
  ];
  t.same(
    bonVerdicts([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }], results).map((v) => [v.direction, v.text]),
    [
      ['better', 'a picks better than random at n=16: gold +0.120 [0.050, 0.190]'],
      ['worse', 'b picks worse than random at n=16: gold -0.080 [-0.150, -0.010]'],
      ['unclear', 'c picks no better or worse than random (the interval includes 0) at n=16: gold -0.005 [-0.010, 0.000]'],
    ],
    'd has no gain row (a run from before gain existed): no line',
  );
});

t.test('PPO: held-out gain at the last step when there is one, else the training gain', async (t) => {
  const results = [
    row('a', 'step=100', 'heldout_gain', -0.2, -0.1),
    row('a', 'step=200', 'heldout_gain', 0.02, 0.06),
    row('a', 'step=200', 'gain', -0.3, -0.2),
    row('b', 'step=200', 'gain', -0.3, -0.2),
    row('c', 'step=50', 'heldout_gain', -0.02, 0.04),
  ];
  t.same(
    ppoVerdicts([{ id: 'a' }, { id: 'b' }, { id: 'c' }], results).map((v) => v.text),
    [
      'training against a raised held-out gold by step 200: +0.040 [0.020, 0.060] over the initial policy',
      'training against b lowered training gold by step 200: -0.250 [-0.300, -0.200] over the initial policy',
      'training against c did not move held-out gold by step 50 (the interval includes 0): +0.010 [-0.020, 0.040] over the initial policy',
    ],
  );
});

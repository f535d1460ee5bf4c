import t from 'tap';
import { matrixFromScores } from '../../src/metrics/preference.js';
import { pairWinRate, restyledAccuracy, styleConsistency } from '../../src/metrics/robustness.js';

t.test('pairWinRate: the share of the listed rejected that every chosen strictly beats', async (t) => {
  const P = matrixFromScores([0.6], [0.9, 0.5, 0.6, 0.1]); // wins on j = 1 and 3, a tie on 2
  t.equal(pairWinRate(P, [0, 1, 2, 3]), 0.5);
  t.equal(pairWinRate(P, [1, 3]), 1);
  t.equal(pairWinRate(P, [2]), 0, 'a tie is not a win');
  t.equal(pairWinRate(matrixFromScores([0.6, 0.2], [0.5]), [0]), 0, 'with two chosen, the worse one must win too');
  t.ok(Number.isNaN(pairWinRate(P, [])));
});

t.test('styleConsistency: agreement of the verdicts against each flawed solution, before and after restyling', async (t) => {
  // c = 5 beats f = 1 and 3, loses to 7. Restyled s1 = 4: beats 1, 3; loses 7 → 3/3 agree.
  // s2 = 2: beats 1 only → agrees on 1 and 7, not on 3 → 2/3. Mean over the 6 pairs: 5/6.
  t.ok(Math.abs(styleConsistency(5, [4, 2], [1, 3, 7]) - 5 / 6) < 1e-12);
  t.equal(styleConsistency(5, [5], [5]), 1, 'a tie before and after is consistent (both are not wins)');
  t.equal(styleConsistency(6, [5], [5]), 0, 'a win that becomes a tie is not');
  t.ok(Number.isNaN(styleConsistency(5, [], [1])));
});

t.test('restyledAccuracy: each restyled solution in the reference’s place', async (t) => {
  t.equal(restyledAccuracy([8, 6, 9], [7, 2]), 2 / 3);
  t.equal(restyledAccuracy([7], [7]), 0, 'strict');
});

import t from 'tap';
import { tieMatrix, tiedAtTop, tiedPairShare } from '../../src/metrics/ties.js';

// P[i][j] = P(chosen_i ≻ rejected_j): 1 a win, 0 a loss, ½ a tie. Expected values counted by hand.

t.test('tiedAtTop: the deciding comparison tied and none was lost', async (t) => {
  t.equal(tiedAtTop([[0.5]]), 1, 'a single tied pair');
  t.equal(tiedAtTop([[1]]), 0, 'a single win');
  t.equal(tiedAtTop([[1, 0.5, 1]]), 1, 'best-of-4: the chosen ties one rejected, beats the others');
  t.equal(tiedAtTop([[0.5, 0, 1]]), 0, 'a loss decides, whatever ties beside it');
  t.equal(
    tiedAtTop([
      [1, 1],
      [1, 0.5],
    ]),
    1,
    'the worst chosen ties the best rejected',
  );
  t.equal(tiedAtTop([[0.7, 0.6]]), 0, 'a judge leaning either way is no tie');
});

t.test('tiedPairShare: the share of (chosen, rejected) pairs that tied, optionally over listed rejected', async (t) => {
  // 1 chosen × 4 rejected, cells 2 and 3 tied: 2/4.
  t.equal(tiedPairShare([[1, 0.5, 0.5, 0]]), 0.5);
  // 2 chosen × 3 rejected: ties at (0,0), (1,0), (1,2) → 3/6.
  t.equal(
    tiedPairShare([
      [0.5, 1, 1],
      [0.5, 1, 0.5],
    ]),
    0.5,
  );
  // Only rejected 0 and 2: (0,0), (1,0), (1,2) of 4 cells → 3/4.
  t.equal(
    tiedPairShare(
      [
        [0.5, 1, 1],
        [0.5, 1, 0.5],
      ],
      [0, 2],
    ),
    0.75,
  );
  t.ok(Number.isNaN(tiedPairShare([[1, 1]], [])), 'no listed rejected: undefined, like pairWinRate');
});

t.test('tieMatrix marks exactly the cells at ½', async (t) => {
  t.same(
    tieMatrix([
      [0.5, 1, 0],
      [0.25, 0.5, 0.5],
    ]),
    [
      [1, 0, 0],
      [0, 1, 1],
    ],
  );
});

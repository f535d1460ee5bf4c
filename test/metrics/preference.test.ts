import t from 'tap';
import {
  bestOfNCredit,
  beatsAll,
  beatsAllWithTies,
  matrixFromScores,
  pairAccuracy,
  preferenceFromScores,
  reciprocalRank,
  worstCaseMargin,
} from '../../src/metrics/preference.js';

/** A small seeded generator local to the test (mulberry32), independent of src/core/random. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Scores drawn from a five-value set, so ties are frequent. */
function drawScores(rand: () => number, n: number): number[] {
  const levels = [0, 0.25, 0.5, 0.75, 1];
  return Array.from({ length: n }, () => levels[Math.floor(rand() * levels.length)]!);
}

/**
 * RewardMATH reference rule: sort (score, label) descending, where on equal score "rej" sorts above
 * "cho" (string order 'r' > 'c'); rank = 1-based position of the first "cho"; RR = 1/rank.
 */
function referenceRR(chosen: number[], rejected: number[]): number {
  const rows: [number, string][] = [...chosen.map((s): [number, string] => [s, 'cho']), ...rejected.map((s): [number, string] => [s, 'rej'])];
  rows.sort((x, y) => (y[0] !== x[0] ? y[0] - x[0] : y[1] < x[1] ? -1 : y[1] > x[1] ? 1 : 0));
  const rank = rows.findIndex((r) => r[1] === 'cho') + 1;
  return 1 / rank;
}

/** RewardBench 2 rule: scores = [chosen, ...rejected]; 1/#{== max} if scores[0] is the max, else 0. */
function referenceBestOfN(chosen: number, rejected: number[]): number {
  const scores = [chosen, ...rejected];
  const max = Math.max(...scores);
  if (scores[0] !== max) return 0;
  return 1 / scores.filter((s) => s === max).length;
}

t.test('preferenceFromScores and matrixFromScores', async (t) => {
  t.equal(preferenceFromScores(2, 1), 1);
  t.equal(preferenceFromScores(1, 2), 0);
  t.equal(preferenceFromScores(1, 1), 0.5);
  // rows = chosen [1, 0.5], columns = rejected [0.5, 2]
  // 1 vs 0.5 → 1, 1 vs 2 → 0; 0.5 vs 0.5 → tie 0.5, 0.5 vs 2 → 0
  t.same(matrixFromScores([1, 0.5], [0.5, 2]), [
    [1, 0],
    [0.5, 0],
  ]);
});

t.test('pairAccuracy under strict and half ties', async (t) => {
  t.equal(pairAccuracy(0.7, 'strict'), 1);
  t.equal(pairAccuracy(0.7, 'half'), 1);
  t.equal(pairAccuracy(0.5, 'strict'), 0, 'a tie is a miss under strict');
  t.equal(pairAccuracy(0.5, 'half'), 0.5, 'a tie is half a hit under half');
  t.equal(pairAccuracy(0.3, 'half'), 0);
  t.equal(pairAccuracy(0.5000001, 'strict'), 1, 'just above ½ is a win');
  t.equal(pairAccuracy(0.4999999, 'half'), 0, 'just below ½ is a loss, not a tie');
});

t.test('RewardMATH vector: chosen 0.5 against nine rejected', async (t) => {
  const P = matrixFromScores([0.5], [0.9, 0.6, 0.5, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);
  t.equal(beatsAll(P), 0, '0.9 and 0.6 beat the chosen');
  t.equal(beatsAllWithTies(P), 0, 'a rejected strictly beats it, so no tie credit either');
  // 0.9, 0.6 and 0.5 (tie ranked above) come first → chosen at rank 4
  t.equal(reciprocalRank(P), 1 / 4);
  t.equal(referenceRR([0.5], [0.9, 0.6, 0.5, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]), 1 / 4, 'reference agrees');
  t.equal(bestOfNCredit(P), 0);
});

t.test('a tie at the top', async (t) => {
  const P = matrixFromScores([0.9], [0.9, 0.2]);
  t.equal(beatsAll(P), 0, 'a tie is not a strict win');
  t.equal(beatsAllWithTies(P), 1, 'no rejected strictly beats the chosen');
  t.equal(reciprocalRank(P), 1 / 2, 'the tied rejected is ranked above');
  t.equal(bestOfNCredit(P), 1 / 2, 'credit split between the two at the top');
});

t.test('a clear win', async (t) => {
  const P = matrixFromScores([0.9], [0.3, 0.2, 0.89]);
  t.equal(beatsAll(P), 1);
  t.equal(beatsAllWithTies(P), 1);
  t.equal(reciprocalRank(P), 1);
  t.equal(bestOfNCredit(P), 1);
});

t.test('judge probabilities, not just 0 / ½ / 1', async (t) => {
  t.equal(beatsAll([[0.6, 0.51]]), 1);
  t.equal(beatsAll([[0.6, 0.5]]), 0);
  t.equal(beatsAllWithTies([[0.5, 0.49]]), 0);
  t.equal(beatsAllWithTies([[0.5, 0.99]]), 1);
  // best chosen row [0.7, 0.5]: one non-win → rank 2; other row has two non-wins
  t.equal(
    reciprocalRank([
      [0.2, 0.4],
      [0.7, 0.5],
    ]),
    1 / 2,
  );
});

t.test('reciprocalRank matches the reference sort on random cases with many ties', async (t) => {
  const rand = mulberry32(20240607);
  let mismatches = 0;
  let tiedCases = 0;
  let twoChosen = 0;
  for (let c = 0; c < 400; c++) {
    const nc = 1 + Math.floor(rand() * 2);
    const nr = 1 + Math.floor(rand() * 6);
    const chosen = drawScores(rand, nc);
    const rejected = drawScores(rand, nr);
    if (nc === 2) twoChosen++;
    if (rejected.some((r) => chosen.includes(r))) tiedCases++;
    if (reciprocalRank(matrixFromScores(chosen, rejected)) !== referenceRR(chosen, rejected)) mismatches++;
  }
  t.equal(mismatches, 0);
  t.ok(tiedCases > 100, `many cases have ties (${tiedCases})`);
  t.ok(twoChosen > 100, `many cases have two chosen (${twoChosen})`);
});

t.test("bestOfNCredit matches RewardBench 2's rule for one chosen", async (t) => {
  const rand = mulberry32(77);
  let mismatches = 0;
  let partial = 0;
  for (let c = 0; c < 400; c++) {
    const chosen = drawScores(rand, 1)[0]!;
    const rejected = drawScores(rand, 1 + Math.floor(rand() * 4));
    const want = referenceBestOfN(chosen, rejected);
    if (want > 0 && want < 1) partial++;
    if (bestOfNCredit(matrixFromScores([chosen], rejected)) !== want) mismatches++;
  }
  t.equal(mismatches, 0);
  t.ok(partial > 30, `split credit happens often (${partial})`);
});

t.test('bestOfNCredit with two chosen: the worst chosen decides', async (t) => {
  // worst chosen 0.5 ≥ all rejected; two rejected tied with it → 1/(1+2)
  t.equal(bestOfNCredit(matrixFromScores([0.9, 0.5], [0.5, 0.5, 0.2])), 1 / 3);
  // worst chosen 0.6 ties one rejected → 1/2, even though the best chosen wins outright
  t.equal(bestOfNCredit(matrixFromScores([0.9, 0.6], [0.5, 0.6])), 1 / 2);
  // worst chosen 0.4 is beaten by 0.5 → 0
  t.equal(bestOfNCredit(matrixFromScores([0.9, 0.4], [0.5])), 0);
  // both clear every rejected → 1
  t.equal(bestOfNCredit(matrixFromScores([0.9, 0.8], [0.5, 0.1])), 1);
});

t.test('worstCaseMargin = min(chosen) − max(rejected)', async (t) => {
  // 0.7 − 0.65 = 0.05
  t.ok(Math.abs(worstCaseMargin([0.9, 0.7], [0.2, 0.65]) - 0.05) < 1e-12);
  // 0.4 − 0.5 = −0.1
  t.ok(Math.abs(worstCaseMargin([0.9, 0.4], [0.5]) + 0.1) < 1e-12);
});

import t from 'tap';
import { bestThresholdStatistic, harmonicMean, predictFirstError, stepAucStatistic, type LabeledSteps } from '../../src/metrics/first-error.js';
import { Rng } from '../../src/core/random.js';

// Brute force, written independently of the sweeps: every (negative, positive) pair; every
// candidate threshold with a full prediction per sample. Weights are multiplicities: a sample of
// weight w is the same sample w times.
const expand = (samples: readonly LabeledSteps[], w: readonly number[]): LabeledSteps[] => samples.flatMap((s, i) => Array<LabeledSteps>(w[i]!).fill(s));

function bruteAuc(samples: readonly LabeledSteps[]): number {
  const pos = samples.filter((s) => s.label >= 0).map((s) => s.steps[s.label]!);
  const neg = samples.flatMap((s) => (s.label >= 0 ? s.steps.slice(0, s.label) : s.steps));
  let credit = 0;
  for (const p of pos) for (const n of neg) credit += n > p ? 1 : n === p ? 0.5 : 0;
  return credit / (pos.length * neg.length);
}

function bruteBest(samples: readonly LabeledSteps[]): { threshold: number; f1: number } {
  const candidates = [...new Set(samples.flatMap((s) => s.steps))].sort((a, b) => a - b);
  let best = { threshold: NaN, f1: -1 };
  for (const tau of candidates) {
    let errRight = 0;
    let errAll = 0;
    let corRight = 0;
    let corAll = 0;
    for (const s of samples) {
      let pred = -1;
      for (let k = 0; k < s.steps.length; k++) {
        if (s.steps[k]! < tau) {
          pred = k;
          break;
        }
      }
      if (s.label >= 0) {
        errAll++;
        if (pred === s.label) errRight++;
      } else {
        corAll++;
        if (pred === -1) corRight++;
      }
    }
    const a = errRight / errAll;
    const b = corRight / corAll;
    const f1 = a + b === 0 ? 0 : (2 * a * b) / (a + b);
    if (f1 > best.f1) best = { threshold: tau, f1 };
  }
  return best;
}

t.test('prediction: the first step strictly below the threshold, else −1', async (t) => {
  t.equal(predictFirstError([0.9, 0.3, 0.2], 0.5), 1);
  t.equal(predictFirstError([0.9, 0.6], 0.5), -1);
  t.equal(predictFirstError([0.5], 0.5), -1, 'a score equal to the threshold is not flagged');
  t.equal(predictFirstError([0.1, 0.9], 0.5), 0);
});

t.test('harmonic mean: 2ab/(a+b); 0 when a part is 0; NaN when a part is undefined', async (t) => {
  t.equal(harmonicMean([0.25, 2 / 3]), 4 / 11, '2·(1/4)(2/3)/(1/4 + 2/3) = (1/3)/(11/12) = 4/11');
  t.equal(harmonicMean([0, 1]), 0);
  t.equal(harmonicMean([1, 1]), 1);
  t.ok(Number.isNaN(harmonicMean([NaN, 1])));
  t.ok(Math.abs(harmonicMean([0.5, 1], [1, 3]) - 4 / (1 / 0.5 + 3)) < 1e-15, 'weighted: Σw / Σ w/x');
});

// The hand-worked table of test/benchmarks/processbench.test.ts, as labelled steps.
const HAND: LabeledSteps[] = [
  { steps: [0.9, 0.3, 0.2], label: 2 },
  { steps: [0.9, 0.6], label: 1 },
  { steps: [0.7], label: 0 },
  { steps: [0.8, 0.1], label: 1 },
  { steps: [0.9, 0.7, 0.6], label: -1 },
  { steps: [0.95, 0.45], label: -1 },
  { steps: [0.5], label: -1 },
];

t.test('step AUC and best threshold on the hand-worked table', async (t) => {
  const ones = HAND.map(() => 1);
  // Positives 0.2, 0.6, 0.7, 0.1 against 10 negatives: 10 + 6.5 + 5.5 + 10 = 32 of 40 pairs; two ties.
  t.same(stepAucStatistic(HAND)(ones), { auc: 0.8, pairs: 40, tiedPairs: 2 });
  // τ = 0.3 gets samples 1 and 4 of the four erroneous right, and all three correct ones: F1 = 2·½·1/1.5.
  const best = bestThresholdStatistic(HAND)(ones);
  t.equal(best.threshold, 0.3);
  t.ok(Math.abs(best.f1 - 2 / 3) < 1e-15, `f1 ${best.f1}`);
  t.same(bruteBest(HAND), best, 'the brute force agrees');
  t.equal(bruteAuc(HAND), 0.8);
});

t.test('against brute force on random data with ties and bootstrap weights', async (t) => {
  const rng = new Rng(7);
  for (let trial = 0; trial < 200; trial++) {
    const n = 1 + rng.int(8);
    const grid = 1 + rng.int(6); // few distinct scores: many ties
    const samples: LabeledSteps[] = Array.from({ length: n }, () => {
      const k = 1 + rng.int(5);
      const label = rng.int(3) === 0 ? -1 : rng.int(k);
      const steps = Array.from({ length: label >= 0 ? label + 1 : k }, () => rng.int(grid + 1) / grid);
      return { steps, label };
    });
    const w = samples.map(() => rng.int(3));
    const drawn = expand(samples, w);
    const hasErr = drawn.some((s) => s.label >= 0);
    const hasNeg = drawn.some((s) => (s.label >= 0 ? s.label > 0 : true));
    const hasCor = drawn.some((s) => s.label < 0);
    const auc = stepAucStatistic(samples)(w).auc;
    if (hasErr && hasNeg) t.ok(Math.abs(auc - bruteAuc(drawn)) < 1e-12, `trial ${trial}: auc ${auc} vs ${bruteAuc(drawn)}`);
    else t.ok(Number.isNaN(auc), `trial ${trial}: an empty class gives NaN, not 0.5`);
    const best = bestThresholdStatistic(samples)(w);
    if (hasErr && hasCor) {
      const brute = bruteBest(drawn);
      t.equal(best.threshold, brute.threshold, `trial ${trial}: threshold`);
      t.ok(Math.abs(best.f1 - brute.f1) < 1e-12, `trial ${trial}: f1 ${best.f1} vs ${brute.f1}`);
    } else t.ok(Number.isNaN(best.threshold) && Number.isNaN(best.f1), `trial ${trial}: undefined without both classes`);
  }
});

t.test('degenerate: all scores tied gives 0.5 with every pair tied (which the suite marks), one class empty gives NaN', async (t) => {
  const tied: LabeledSteps[] = [
    { steps: [0.5, 0.5], label: 1 },
    { steps: [0.5], label: -1 },
  ];
  t.same(stepAucStatistic(tied)([1, 1]), { auc: 0.5, pairs: 2, tiedPairs: 2 });
  t.ok(Number.isNaN(stepAucStatistic([{ steps: [0.4, 0.6], label: -1 }])([1]).auc), 'no positives');
  t.ok(Number.isNaN(stepAucStatistic([{ steps: [0.4], label: 0 }])([1]).auc), 'no negatives');
  t.same(stepAucStatistic([])([]), { auc: NaN, pairs: 0, tiedPairs: 0 });
});

/**
 * ProcessBench (Zheng et al. 2024, arXiv 2412.06559): a process reward model's step scores name
 * the earliest wrong step of a solution, and the label (its index, −1 for a correct solution) says
 * whether it found the right one. The pooled statistics take per-sample weights (bootstrap
 * multiplicities), sort once and sweep per call, so a resample costs a pass, not a sort.
 */

/** A sample's labelled steps: the scores up to and including the first wrong step (index `label`), or all of them when label = −1. */
export interface LabeledSteps {
  steps: readonly number[];
  label: number;
}

/** min{t : s_t < τ}, or −1 when no step scores below τ */
export function predictFirstError(steps: readonly number[], threshold: number): number {
  return steps.findIndex((s) => s < threshold);
}

/** Σ_i w_i / Σ_i (w_i / x_i): the weighted harmonic mean (0 when some x_i is 0); ProcessBench's F1 is 2ab/(a+b) */
export function harmonicMean(xs: readonly number[], weights: readonly number[] = xs.map(() => 1)): number {
  if (xs.length === 0 || xs.some((x) => Number.isNaN(x))) return NaN;
  if (xs.some((x) => x === 0)) return 0;
  let w = 0;
  let inv = 0;
  xs.forEach((x, i) => {
    w += weights[i]!;
    inv += weights[i]! / x;
  });
  return w / inv;
}

/** The steps whose label is known: the first wrong one is a positive, the steps before it (all steps of a correct sample) negatives. */
interface Point {
  score: number;
  sample: number;
  positive: boolean;
}

function pointsOf(samples: readonly LabeledSteps[]): Point[] {
  const points: Point[] = [];
  samples.forEach((s, i) => s.steps.forEach((score, t) => points.push({ score, sample: i, positive: t === s.label })));
  return points.sort((a, b) => a.score - b.score);
}

export interface StepAuc {
  /** P(s_correct-prefix step > s_first-error step) + ½·P(=); NaN when either class has no weight. */
  auc: number;
  /** Weighted (positive, negative) pairs, and how many of them tied. */
  pairs: number;
  tiedPairs: number;
}

/**
 * AUC = Σ_{n,p} w_n w_p (1[s_n > s_p] + ½·1[s_n = s_p]) / (W_n W_p) over negatives n (correct-prefix
 * steps) and positives p (first-error steps): 1 when every first wrong step scores below every step
 * before an error. Returns a function of per-sample weights.
 */
export function stepAucStatistic(samples: readonly LabeledSteps[]): (weights: ArrayLike<number>) => StepAuc {
  const points = pointsOf(samples);
  return (w) => {
    let negTotal = 0;
    let posTotal = 0;
    for (const p of points) {
      if (p.positive) posTotal += w[p.sample]!;
      else negTotal += w[p.sample]!;
    }
    let below = 0;
    let concordant = 0;
    let tied = 0;
    for (let i = 0; i < points.length;) {
      let j = i;
      let pos = 0;
      let neg = 0;
      for (; j < points.length && points[j]!.score === points[i]!.score; j++) {
        if (points[j]!.positive) pos += w[points[j]!.sample]!;
        else neg += w[points[j]!.sample]!;
      }
      concordant += pos * (negTotal - below - neg) + 0.5 * pos * neg;
      tied += pos * neg;
      below += neg;
      i = j;
    }
    const pairs = posTotal * negTotal;
    return { auc: pairs === 0 ? NaN : concordant / pairs, pairs, tiedPairs: tied };
  };
}

export interface BestThreshold {
  /** The smallest observed labelled step score τ whose F1 is the largest; NaN when a class is empty. */
  threshold: number;
  f1: number;
}

/**
 * argmax_τ F1(τ) over the observed labelled step scores τ, the smallest on ties, where F1(τ) is the
 * harmonic mean of the accuracies on erroneous and correct samples when a step is flagged below τ.
 * An erroneous sample (label L) is right exactly when s_L < τ ≤ min_{t<L} s_t; a correct one when
 * τ ≤ min_t s_t. Returns a function of per-sample weights; a score of weight 0 is not observed.
 */
export function bestThresholdStatistic(samples: readonly LabeledSteps[]): (weights: ArrayLike<number>) => BestThreshold {
  const points = pointsOf(samples);
  // Erroneous samples right on (lo, hi]; correct samples right on (−∞, hi]. Empty intervals never count.
  const starts: { v: number; i: number }[] = [];
  const ends: { v: number; i: number }[] = [];
  const correctEnds: { v: number; i: number }[] = [];
  const erroneous: number[] = [];
  const correct: number[] = [];
  samples.forEach((s, i) => {
    if (s.label < 0) {
      correct.push(i);
      correctEnds.push({ v: Math.min(...s.steps), i });
      return;
    }
    erroneous.push(i);
    const lo = s.steps[s.label]!;
    const hi = s.label === 0 ? Infinity : Math.min(...s.steps.slice(0, s.label));
    if (lo < hi) {
      starts.push({ v: lo, i });
      ends.push({ v: hi, i });
    }
  });
  for (const xs of [starts, ends, correctEnds]) xs.sort((a, b) => a.v - b.v);
  return (w) => {
    const total = (idx: number[]): number => idx.reduce((acc, i) => acc + w[i]!, 0);
    const [we, wc] = [total(erroneous), total(correct)];
    if (we === 0 || wc === 0) return { threshold: NaN, f1: NaN };
    let [si, ei, ci] = [0, 0, 0];
    let [started, ended, correctLost] = [0, 0, 0];
    let best: BestThreshold = { threshold: NaN, f1: -1 };
    for (let k = 0; k < points.length;) {
      const v = points[k]!.score;
      let seen = 0;
      for (; k < points.length && points[k]!.score === v; k++) seen += w[points[k]!.sample]!;
      if (seen === 0) continue;
      for (; si < starts.length && starts[si]!.v < v; si++) started += w[starts[si]!.i]!;
      for (; ei < ends.length && ends[ei]!.v < v; ei++) ended += w[ends[ei]!.i]!;
      for (; ci < correctEnds.length && correctEnds[ci]!.v < v; ci++) correctLost += w[correctEnds[ci]!.i]!;
      const f1 = harmonicMean([(started - ended) / we, (wc - correctLost) / wc]);
      if (f1 > best.f1) best = { threshold: v, f1 };
    }
    return best;
  };
}

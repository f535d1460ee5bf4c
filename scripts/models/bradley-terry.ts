/**
 * A Bradley-Terry reward trainer: P(chosen ≻ rejected) = σ(r(chosen) − r(rejected)) with a
 * linear reward r(x) = w·φ(x), fitted by full-batch Adam on the mean negative log-likelihood plus
 * (l2/2)·‖w‖². A linear r makes the pair a logistic regression on φ(chosen) − φ(rejected).
 */

/** A sparse feature vector (a dense one lists every index). */
export interface Features {
  idx: Int32Array;
  val: Float32Array;
}

export interface TrainOptions {
  dim: number;
  l2: number;
  steps: number;
  learningRate: number;
  /** Weights held at a given value instead of fitted (e.g. a forced length bias). */
  fixed?: Record<number, number>;
}

export interface TrainResult {
  weights: Float64Array;
  /** Final mean negative log-likelihood on the training pairs. */
  loss: number;
  /** Share of training pairs ranked correctly (ties count half). */
  accuracy: number;
}

/** φ(a) − φ(b) as a sparse vector. */
export function difference(a: Features, b: Features): Features {
  const m = new Map<number, number>();
  a.idx.forEach((i, k) => m.set(i, (m.get(i) ?? 0) + a.val[k]!));
  b.idx.forEach((i, k) => m.set(i, (m.get(i) ?? 0) - b.val[k]!));
  const keys = [...m.keys()].sort((x, y) => x - y);
  return { idx: Int32Array.from(keys), val: Float32Array.from(keys, (k) => m.get(k)!) };
}

export function dense(values: ArrayLike<number>): Features {
  return { idx: Int32Array.from({ length: values.length }, (_, i) => i), val: Float32Array.from(values) };
}

const dot = (w: Float64Array, x: Features): number => {
  let s = 0;
  for (let k = 0; k < x.idx.length; k++) s += w[x.idx[k]!]! * x.val[k]!;
  return s;
};

/** log(1 + e^(−m)) without overflow. */
const softplusNeg = (m: number): number => (m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m)));

export function trainBradleyTerry(diffs: readonly Features[], o: TrainOptions): TrainResult {
  const w = new Float64Array(o.dim);
  const fixed = Object.entries(o.fixed ?? {}).map(([i, v]) => [Number(i), v] as const);
  for (const [i, v] of fixed) w[i] = v;
  const m1 = new Float64Array(o.dim);
  const m2 = new Float64Array(o.dim);
  const grad = new Float64Array(o.dim);
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  const n = diffs.length;
  for (let step = 1; step <= o.steps; step++) {
    for (let i = 0; i < o.dim; i++) grad[i] = o.l2 * w[i]!;
    for (const d of diffs) {
      // d/dw of log(1 + e^(−w·d)) is −σ(−w·d)·d
      const coef = -1 / (1 + Math.exp(dot(w, d))) / n;
      for (let k = 0; k < d.idx.length; k++) grad[d.idx[k]!]! += coef * d.val[k]!;
    }
    for (const [i] of fixed) grad[i] = 0;
    const c1 = 1 - b1 ** step;
    const c2 = 1 - b2 ** step;
    for (let i = 0; i < o.dim; i++) {
      const g = grad[i]!;
      m1[i] = b1 * m1[i]! + (1 - b1) * g;
      m2[i] = b2 * m2[i]! + (1 - b2) * g * g;
      w[i]! -= (o.learningRate * (m1[i]! / c1)) / (Math.sqrt(m2[i]! / c2) + eps);
    }
    for (const [i, v] of fixed) w[i] = v;
  }
  let loss = 0;
  let correct = 0;
  for (const d of diffs) {
    const margin = dot(w, d);
    loss += softplusNeg(margin) / n;
    correct += margin > 0 ? 1 : margin === 0 ? 0.5 : 0;
  }
  return { weights: w, loss, accuracy: n > 0 ? correct / n : Number.NaN };
}

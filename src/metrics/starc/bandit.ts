/**
 * STARC distances between reward functions in the contextual-bandit setting of LLM reward
 * models (Skalse et al. 2023, γ = 0): prompts x are states, responses y actions, episodes end
 * after one step. Shaping then reduces to per-prompt offsets, so canonicalisation is
 * per-prompt centring against a reference distribution π(·|x) over the prompt's candidates,
 * and normalisation is global. See docs/distance.md.
 *
 * A reward is given as `scores[x][y]`; prompts may have different numbers of candidates. All
 * norms are weighted by μ(x, y) = w(x)·π(y|x), with w the prompt weights (uniform by default,
 * bootstrap multiplicities on a resample) normalised to sum 1.
 */

export type Scores = readonly (readonly number[])[];
/** π(·|x) per prompt; a prompt without one (undefined) is uniform. */
export type References = readonly (readonly number[] | undefined)[];
export type StarcNorm = 'l1' | 'l2' | 'linf';

export interface BanditOptions {
  /** π(y|x) per prompt, any non-negative weights (normalised per prompt); default uniform. */
  reference?: References;
  /** w(x), any non-negative weights (normalised); default uniform. */
  promptWeights?: ArrayLike<number>;
}

/** π(·|x) normalised: reference[x] / Σ reference[x], or 1/n each. */
export function referenceOf(n: number, given?: readonly number[]): number[] {
  if (given === undefined) return Array.from({ length: n }, () => 1 / n);
  if (given.length !== n) throw new Error(`reference has ${given.length} weights for ${n} candidates`);
  const total = given.reduce((a, b) => a + b, 0);
  if (!(total > 0) || given.some((p) => !(p >= 0))) throw new Error('reference weights must be non-negative with a positive sum');
  return given.map((p) => p / total);
}

/** c(R)(x, y) = R(x, y) − Σ_y' π(y'|x) R(x, y'). */
export function centre(scores: Scores, reference?: References): number[][] {
  return scores.map((row, x) => {
    const pi = referenceOf(row.length, reference?.[x]);
    const mean = row.reduce((acc, r, y) => acc + pi[y]! * r, 0);
    return row.map((r) => r - mean);
  });
}

/** μ(x, y) = w(x)·π(y|x) with Σ_x w(x) = 1. */
export function measure(scores: Scores, o: BanditOptions = {}): number[][] {
  const w = Array.from({ length: scores.length }, (_, x) => (o.promptWeights ? o.promptWeights[x]! : 1));
  const total = w.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new Error('prompt weights must have a positive sum');
  return scores.map((row, x) => referenceOf(row.length, o.reference?.[x]).map((p) => (w[x]! / total) * p));
}

/** ‖v‖_μ: L2 = sqrt(Σ μ v²), L1 = Σ μ |v|, L∞ = max over μ > 0 of |v|. */
export function weightedNorm(v: Scores, mu: Scores, norm: StarcNorm = 'l2'): number {
  let acc = 0;
  v.forEach((row, x) =>
    row.forEach((e, y) => {
      const m = mu[x]![y]!;
      if (norm === 'l2') acc += m * e * e;
      else if (norm === 'l1') acc += m * Math.abs(e);
      else if (m > 0) acc = Math.max(acc, Math.abs(e));
    }),
  );
  return norm === 'l2' ? Math.sqrt(acc) : acc;
}

/** s(R) = c(R) / ‖c(R)‖_μ,L2 (global, not per prompt); 0 when c(R) = 0 (a reward constant on every prompt). */
export function standardise(scores: Scores, o: BanditOptions = {}): number[][] {
  const c = centre(scores, o.reference);
  const n = weightedNorm(c, measure(scores, o), 'l2');
  // Relative threshold: float noise on a constant reward must not blow up into a unit vector.
  const scale = maxAbs(scores);
  return n > 1e-12 * scale ? c.map((row) => row.map((e) => e / n)) : c.map((row) => row.map(() => 0));
}

/** max(1, max |R|): a loop, since spreading a large dataset overflows the stack. */
function maxAbs(scores: Scores): number {
  let m = 1;
  for (const row of scores) for (const r of row) m = Math.max(m, Math.abs(r));
  return m;
}

function checkShapes(a: Scores, b: Scores): void {
  if (a.length !== b.length || a.some((row, x) => row.length !== b[x]!.length)) throw new Error('the two rewards must score the same prompts and candidates');
}

/** d(A, B) = ‖s(A) − s(B)‖_μ (L2 by default: range [0, 2]). */
export function starcDistance(a: Scores, b: Scores, o: BanditOptions & { norm?: StarcNorm } = {}): number {
  checkShapes(a, b);
  const sa = standardise(a, o);
  const sb = standardise(b, o);
  return weightedNorm(
    sa.map((row, x) => row.map((e, y) => e - sb[x]![y]!)),
    measure(a, o),
    o.norm ?? 'l2',
  );
}

export interface StarcAll {
  l2: number;
  l1: number;
  linf: number;
  /** d_L2 / 2: equals sqrt((1 − ρ)/2) whenever both rewards are non-constant. */
  epic: number;
}

/** A reward centred once, flattened: what each bootstrap resample reweights without recentring (centring is per prompt, so it does not depend on w). */
export interface Centred {
  values: Float64Array;
  prompt: Uint32Array;
  pi: Float64Array;
  prompts: number;
  scale: number;
}

export function prepareCentred(scores: Scores, reference?: References): Centred {
  const c = centre(scores, reference);
  const pi = scores.flatMap((row, x) => referenceOf(row.length, reference?.[x]));
  return {
    values: Float64Array.from(c.flat()),
    prompt: Uint32Array.from(scores.flatMap((row, x) => row.map(() => x))),
    pi: Float64Array.from(pi),
    prompts: scores.length,
    scale: maxAbs(scores),
  };
}

/** ‖c‖_μ,L2 under prompt weights w (normalised here), or 0 for a reward constant per prompt. */
function l2Of(c: Centred, w: ArrayLike<number>, total: number): number {
  let acc = 0;
  for (let k = 0; k < c.values.length; k++) acc += (w[c.prompt[k]!]! / total) * c.pi[k]! * c.values[k]! ** 2;
  const n = Math.sqrt(acc);
  return n > 1e-12 * c.scale ? n : 0;
}

/** d_L2, d_L1, d_L∞ of s(A) − s(B) and D_EPIC = d_L2/2, with the normalisation recomputed under prompt weights w. */
export function starcWeighted(a: Centred, b: Centred, w?: ArrayLike<number>): StarcAll {
  if (a.values.length !== b.values.length || a.prompts !== b.prompts) throw new Error('the two rewards must score the same prompts and candidates');
  const weights = w ?? new Float64Array(a.prompts).fill(1);
  let total = 0;
  for (let x = 0; x < a.prompts; x++) total += weights[x]!;
  if (!(total > 0)) throw new Error('prompt weights must have a positive sum');
  const na = l2Of(a, weights, total);
  const nb = l2Of(b, weights, total);
  let l2 = 0;
  let l1 = 0;
  let linf = 0;
  for (let k = 0; k < a.values.length; k++) {
    const mu = (weights[a.prompt[k]!]! / total) * a.pi[k]!;
    const e = Math.abs((na ? a.values[k]! / na : 0) - (nb ? b.values[k]! / nb : 0));
    l2 += mu * e * e;
    l1 += mu * e;
    if (mu > 0) linf = Math.max(linf, e);
  }
  return { l2: Math.sqrt(l2), l1, linf, epic: Math.sqrt(l2) / 2 };
}

/** All reported distances at once (prompt weights default uniform). */
export function starcAll(a: Scores, b: Scores, o: BanditOptions = {}): StarcAll {
  checkShapes(a, b);
  return starcWeighted(prepareCentred(a, o.reference), prepareCentred(b, o.reference), o.promptWeights);
}

import { advantages, canonicaliser, dard, epic, type CanonicalKind } from './canonical.js';
import type { Mdp, Reward } from './mdp.js';
import { compactScaledDiffNorm, norm, scaledDiffNorm, type NormKind } from './norms.js';
import { uniformRows } from './policy-eval.js';

/** STARC distances d(R1,R2) = n(s(R1) − s(R2)) and the Pearson-based EPIC/DARD distances. */

export interface StarcOptions {
  canonical: CanonicalKind;
  norm: NormKind;
}

/** 1/n(c), or 1 when n(c) = 0, so s(R) = c(R) then. */
const inverseNorm = (n: number): number => (n > 0 ? 1 / n : 1);

/** s(R) = c(R)/n(c(R)), or c(R) when the norm is 0. */
export function standardise(mdp: Mdp, c: Float64Array, kind: NormKind): Float64Array {
  const k = inverseNorm(norm(mdp, kind, c));
  return c.map((x) => x * k);
}

/** STARC distance n(s(R1) − s(R2)); in [0, 2] for every norm here. */
export function starcDistance(mdp: Mdp, r1: Reward, r2: Reward, o: StarcOptions): number {
  return starcMatrix(mdp, [r1, r2], o)[0]![1]!;
}

/** All pairs: each reward is canonicalised once, and no standardised copy is made. */
export function starcMatrix(mdp: Mdp, rewards: readonly Reward[], o: StarcOptions): number[][] {
  if (o.canonical === 'val') {
    // c_VAL is constant in s′: work on the S·A advantages.
    const rows = uniformRows(mdp);
    const adv = rewards.map((r) => advantages(mdp, r, rows));
    const k = adv.map((x) => inverseNorm(compactScaledDiffNorm(mdp, o.norm, x, 1)));
    return pairwise(rewards.length, (i, j) => compactScaledDiffNorm(mdp, o.norm, adv[i]!, k[i]!, adv[j]!, k[j]!));
  }
  const c = canonicaliser(mdp, o.canonical);
  const canon = rewards.map(c);
  const scales = canon.map((x) => inverseNorm(norm(mdp, o.norm, x)));
  return pairwise(rewards.length, (i, j) => scaledDiffNorm(mdp, o.norm, canon[i]!, scales[i]!, canon[j]!, scales[j]!));
}

/** Symmetric matrix with a zero diagonal from f(i, j), i < j. */
function pairwise(n: number, f: (i: number, j: number) => number): number[][] {
  const out = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[i]![j] = out[j]![i] = f(i, j);
  return out;
}

interface Centred {
  x: Float64Array;
  mean: number;
  /** 1/‖x − mean‖₂, or 0 for a constant x. */
  scale: number;
}

function centred(x: Float64Array): Centred {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i]!;
  mean /= x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i]! - mean) ** 2;
  // Relative threshold: a constant reward leaves rounding noise after centring.
  const constant = ss <= 1e-24 * x.length * (mean * mean + 1);
  return { x, mean, scale: constant ? 0 : 1 / Math.sqrt(ss) };
}

function centredDistance(a: Centred, b: Centred): number {
  let ss = 0;
  for (let i = 0; i < a.x.length; i++) ss += ((a.x[i]! - a.mean) * a.scale - (b.x[i]! - b.mean) * b.scale) ** 2;
  return Math.sqrt(ss) / 2;
}

/** D_EPIC (or D_DARD) for all pairs: the Pearson distance of the canonicalised rewards. */
export function pearsonMatrix(mdp: Mdp, rewards: readonly Reward[], kind: 'epic' | 'dard' = 'epic'): number[][] {
  const c = rewards.map((r) => centred(kind === 'epic' ? epic(mdp, r) : dard(mdp, r)));
  return pairwise(rewards.length, (i, j) => centredDistance(c[i]!, c[j]!));
}

export const epicDistance = (mdp: Mdp, r1: Reward, r2: Reward): number => pearsonMatrix(mdp, [r1, r2], 'epic')[0]![1]!;
export const dardDistance = (mdp: Mdp, r1: Reward, r2: Reward): number => pearsonMatrix(mdp, [r1, r2], 'dard')[0]![1]!;

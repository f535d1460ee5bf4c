import { applyTransitions, expectedReward, type Mdp, type Reward } from './mdp.js';
import { evaluate, policyRows } from './policy-eval.js';

/**
 * Optimal (and worst) deterministic policies by policy iteration, and the normalised regret of
 * one reward's optimal policy under another. Initial states are uniform: J(π) = mean_s V^π(s).
 */

export interface PolicyResult {
  /** π(s), one action per state. */
  policy: Int32Array;
  values: Float64Array;
  /** mean_s V^π(s). */
  J: number;
}

/** r_π(s) = rbar(s, π(s)). */
const policyRewards = (mdp: Mdp, rbar: Float64Array, policy: Int32Array): Float64Array => Float64Array.from(policy, (a, s) => rbar[s * mdp.actions + a]!);

const mean = (v: Float64Array): number => v.reduce((a, b) => a + b, 0) / v.length;

/** Q values within this of the best are ties (relative to the value scale; evaluation is exact to 1e-12 of it). */
export const tieTolerance = 1e-9;

const tolerance = (v: Float64Array): number =>
  tieTolerance *
  Math.max(
    1,
    v.reduce((m, x) => Math.max(m, Math.abs(x)), 0),
  );

/**
 * An optimal deterministic policy for the expected rewards rbar (at s·A + a), or a worst one with
 * `minimise`. Ties go to the lowest action index among actions whose final Q is within
 * 1e-9·max(1, ‖V‖∞) of the best; while iterating, an action only changes on a gain larger than
 * that, so rounding cannot make policy iteration cycle.
 */
export function optimalPolicy(mdp: Mdp, rbarIn: Float64Array, o: { minimise?: boolean } = {}): PolicyResult {
  const { states: S, actions: A, gamma } = mdp;
  const rbar = o.minimise ? rbarIn.map((x) => -x) : rbarIn;
  const policy = new Int32Array(S);
  const q = new Float64Array(S * A);
  let values: Float64Array = new Float64Array(S);
  const improve = (final: boolean): boolean => {
    applyTransitions(mdp, values, q);
    const tol = tolerance(values);
    let changed = false;
    for (let s = 0; s < S; s++) {
      let best = -Infinity;
      for (let a = 0; a < A; a++) best = Math.max(best, (q[s * A + a] = rbar[s * A + a]! + gamma * q[s * A + a]!));
      const current = policy[s]!;
      if (!final && q[s * A + current]! >= best - tol) continue;
      let a = 0;
      while (q[s * A + a]! < best - tol) a++;
      if (a !== current) {
        policy[s] = a;
        changed = true;
      }
    }
    return changed;
  };
  const evaluatePolicy = () => evaluate(mdp, policyRows(mdp, policy), [policyRewards(mdp, rbar, policy)])[0]!;
  improve(true); // the myopic policy: values are 0 here
  // Policy iteration takes at most A^S steps; the bound only guards against a bug.
  for (let iter = 0; iter < 100_000; iter++) {
    values = evaluatePolicy();
    if (!improve(false)) break;
  }
  // Canonical tie-breaking; the values are optimal already, so this only relabels ties.
  if (improve(true)) values = evaluatePolicy();
  if (o.minimise) values = values.map((x) => -x);
  return { policy, values, J: mean(values) };
}

export interface RegretAnalysis {
  optimal: PolicyResult[];
  worst: PolicyResult[];
  /** returns[a][b] = J_a(π_b*). */
  returns: number[][];
  /** regret[a][b]: normalised regret of b's optimal policy under reward a. */
  regret: number[][];
}

/**
 * regret[a][b] = (J_a(π_a*) − J_a(π_b*)) / (J_a(π_a*) − J_a(π_a,worst)), 0 when the denominator
 * is 0 (R_a ranks every policy the same), clamped to [0, 1] against rounding.
 */
export function regretAnalysis(mdp: Mdp, rewards: readonly Reward[]): RegretAnalysis {
  const rbars = rewards.map((r) => expectedReward(mdp, r));
  const optimal = rbars.map((rb) => optimalPolicy(mdp, rb));
  const worst = rbars.map((rb) => optimalPolicy(mdp, rb, { minimise: true }));
  // One multi-reward evaluation per optimal policy gives every J_a(π_b*).
  const byPolicy = optimal.map((pb) =>
    evaluate(
      mdp,
      policyRows(mdp, pb.policy),
      rbars.map((rb) => policyRewards(mdp, rb, pb.policy)),
    ).map(mean),
  );
  const returns = rbars.map((_, a) => optimal.map((_, b) => (a === b ? optimal[a]!.J : byPolicy[b]![a]!)));
  const regret = rbars.map((_, a) => {
    const hi = optimal[a]!.J;
    const lo = worst[a]!.J;
    const range = hi - lo;
    const scale = Math.max(1, Math.abs(hi), Math.abs(lo));
    return returns[a]!.map((jb, b) => (a === b || !(range > 1e-10 * scale) ? 0 : Math.min(1, Math.max(0, (hi - jb) / range))));
  });
  return { optimal, worst, returns, regret };
}

export const regretMatrix = (mdp: Mdp, rewards: readonly Reward[]): number[][] => regretAnalysis(mdp, rewards).regret;

/** Normalised regret of R2's optimal policy under R1. */
export const normalisedRegret = (mdp: Mdp, r1: Reward, r2: Reward): number => regretMatrix(mdp, [r1, r2])[0]![1]!;

import { luFactor, luSolve } from './linalg.js';
import type { Mdp } from './mdp.js';

/**
 * Policy evaluation, (I − γP_π)V = r for several r at once. Jacobi sweeps with MacQueen's
 * bounds: after V′ = r + γP_πV, V* lies in V′ + γ/(1−γ)·[min(V′−V), max(V′−V)] entrywise, so
 * the midpoint is exact to half that gap. The gap shrinks with how fast P_π mixes, not with γ,
 * so a dense MDP needs a handful of O(S²) sweeps where an LU costs O(S³); when the sweeps do
 * not converge within about the cost of one LU (slowly mixing chains), an LU solve finishes.
 */

/** Row s of P_π is `source[offsets[s] … offsets[s] + S)`. */
export interface PolicyRows {
  source: Float64Array;
  offsets: Int32Array;
}

/** The rows of T(s, π(s), ·) for a deterministic policy, without copying. */
export const policyRows = (mdp: Mdp, policy: Int32Array): PolicyRows => ({
  source: mdp.transitions,
  offsets: Int32Array.from(policy, (a, s) => (s * mdp.actions + a) * mdp.states),
});

/** P_π(s, s′) = mean_a T(s, a, s′) for the uniform policy. */
export function uniformRows(mdp: Mdp): PolicyRows {
  const { states: S, actions: A } = mdp;
  const T = mdp.transitions;
  const P = new Float64Array(S * S);
  for (let s = 0; s < S; s++) {
    for (let a = 0; a < A; a++) {
      const base = (s * A + a) * S;
      for (let t = 0; t < S; t++) P[s * S + t]! += T[base + t]! / A;
    }
  }
  return { source: P, offsets: Int32Array.from({ length: S }, (_, s) => s * S) };
}

/** Relative accuracy of the returned values (against max(1, ‖r‖∞/(1−γ))). */
export const evaluationTolerance = 1e-12;

export function evaluate(mdp: Mdp, rows: PolicyRows, rhs: readonly Float64Array[], o: { maxSweeps?: number } = {}): Float64Array[] {
  const { states: S, gamma } = mdp;
  const { source, offsets } = rows;
  const k = gamma / (1 - gamma);
  const maxSweeps = o.maxSweeps ?? Math.max(10, Math.ceil(S / 6));
  const out: (Float64Array | undefined)[] = rhs.map(() => undefined);
  const tol = rhs.map((r) => evaluationTolerance * Math.max(1, r.reduce((m, x) => Math.max(m, Math.abs(x)), 0) / (1 - gamma)));
  let current = rhs.map((r) => Float64Array.from(r));
  let next = rhs.map(() => new Float64Array(S));
  const open = rhs.map((_, i) => i);
  for (let sweep = 0; sweep < maxSweeps && open.length > 0; sweep++) {
    for (let s = 0; s < S; s++) {
      const base = offsets[s]!;
      for (const i of open) {
        const v = current[i]!;
        let acc = 0;
        for (let t = 0; t < S; t++) acc += source[base + t]! * v[t]!;
        next[i]![s] = rhs[i]![s]! + gamma * acc;
      }
    }
    for (let j = open.length - 1; j >= 0; j--) {
      const i = open[j]!;
      const [v, w] = [current[i]!, next[i]!];
      let lo = Infinity;
      let hi = -Infinity;
      for (let s = 0; s < S; s++) {
        const d = w[s]! - v[s]!;
        if (d < lo) lo = d;
        if (d > hi) hi = d;
      }
      if (k * (hi - lo) <= 2 * tol[i]!) {
        const shift = (k * (lo + hi)) / 2;
        out[i] = w.map((x) => x + shift);
        open.splice(j, 1);
      }
    }
    [current, next] = [next, current];
  }
  if (open.length > 0) {
    const M = new Float64Array(S * S);
    for (let s = 0; s < S; s++) {
      for (let t = 0; t < S; t++) M[s * S + t] = -gamma * source[offsets[s]! + t]!;
      M[s * S + s]! += 1;
    }
    const lu = luFactor(M, S);
    for (const i of open) out[i] = luSolve(lu, rhs[i]!);
  }
  return out as Float64Array[];
}

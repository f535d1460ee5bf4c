import { luFactor, luSolve, type Lu } from './linalg.js';
import { evaluate, uniformRows, type PolicyRows } from './policy-eval.js';
import { applyTransitions, checkReward, expectedReward, type Mdp, type Reward } from './mdp.js';

/**
 * Canonicalisations of a reward on a tabular MDP (see README.md for the formulas). Each is
 * linear in R; `canonicaliser` factors what depends on the MDP alone once, so many rewards
 * cost one O(S²A) pass each (DARD: O(S³A)).
 */

export type CanonicalKind = 'epic' | 'dard' | 'val' | 'min';
export const canonicalKinds: readonly CanonicalKind[] = ['epic', 'dard', 'val', 'min'];

/** C_EPIC(R)(s,a,s′) = R(s,a,s′) + γ·m(s′) − m(s) − γ·M, m(x) = mean_{a,y} R(x,a,y), M = mean_x m(x). */
export function epic(mdp: Mdp, r: Reward): Float64Array {
  checkReward(mdp, r);
  const { states: S, actions: A, gamma } = mdp;
  const m = new Float64Array(S);
  let M = 0;
  for (let s = 0; s < S; s++) {
    let sum = 0;
    for (let i = s * A * S, end = i + A * S; i < end; i++) sum += r[i]!;
    m[s] = sum / (A * S);
    M += m[s]! / S;
  }
  const out = new Float64Array(r.length);
  for (let s = 0; s < S; s++) {
    for (let a = 0; a < A; a++) {
      const base = (s * A + a) * S;
      const shift = -m[s]! - gamma * M;
      for (let t = 0; t < S; t++) out[base + t] = r[base + t]! + gamma * m[t]! + shift;
    }
  }
  return out;
}

/**
 * C_DARD(R)(s,a,s′) = R(s,a,s′) + γ·u(s′) − u(s) − γ·W(s,s′), with u(x) = mean_a E_{T(x,a)} R(x,a,·)
 * and W(s,s′) = mean_a Σ_{x,y} T(s,a,x) T(s′,a,y) R(x,a,y) (one A for S′ ∼ T(s,A), S″ ∼ T(s′,A)).
 */
export function dard(mdp: Mdp, r: Reward): Float64Array {
  const { states: S, actions: A, gamma } = mdp;
  const T = mdp.transitions;
  const rbar = expectedReward(mdp, r);
  const u = new Float64Array(S);
  for (let s = 0; s < S; s++) for (let a = 0; a < A; a++) u[s]! += rbar[s * A + a]! / A;
  const W = new Float64Array(S * S);
  const G = new Float64Array(S * S);
  for (let a = 0; a < A; a++) {
    // G(x, t) = Σ_y R(x,a,y) T(t,a,y), then W(s, ·) += Σ_x T(s,a,x) G(x, ·) / A.
    for (let x = 0; x < S; x++) {
      const rx = (x * A + a) * S;
      for (let t = 0; t < S; t++) {
        const tt = (t * A + a) * S;
        let g = 0;
        for (let y = 0; y < S; y++) g += r[rx + y]! * T[tt + y]!;
        G[x * S + t] = g;
      }
    }
    for (let s = 0; s < S; s++) {
      const ts = (s * A + a) * S;
      for (let x = 0; x < S; x++) {
        const f = T[ts + x]! / A;
        if (f === 0) continue;
        for (let t = 0; t < S; t++) W[s * S + t]! += f * G[x * S + t]!;
      }
    }
  }
  const out = new Float64Array(r.length);
  for (let s = 0; s < S; s++) {
    for (let a = 0; a < A; a++) {
      const base = (s * A + a) * S;
      for (let t = 0; t < S; t++) out[base + t] = r[base + t]! + gamma * u[t]! - u[s]! - gamma * W[s * S + t]!;
    }
  }
  return out;
}

/** V^π for the uniform policy: (I − γP_π)⁻¹ r_π with r_π(s) = mean_a E_T R(s,a,·). */
export function uniformValues(mdp: Mdp, r: Reward, rows = uniformRows(mdp), rbar = expectedReward(mdp, r)): Float64Array {
  const { states: S, actions: A } = mdp;
  const rPi = new Float64Array(S);
  for (let s = 0; s < S; s++) for (let a = 0; a < A; a++) rPi[s]! += rbar[s * A + a]! / A;
  return evaluate(mdp, rows, [rPi])[0]!;
}

/** A^π(s,a) = E_{T(s,a)}[R + γV^π] − V^π(s) for the uniform π, at s·A + a: c_VAL without the s′ copies. */
export function advantages(mdp: Mdp, r: Reward, rows = uniformRows(mdp)): Float64Array {
  const { states: S, actions: A, gamma } = mdp;
  const rbar = expectedReward(mdp, r);
  const v = uniformValues(mdp, r, rows, rbar);
  const adv = applyTransitions(mdp, v);
  for (let s = 0; s < S; s++) for (let a = 0; a < A; a++) adv[s * A + a] = rbar[s * A + a]! + gamma * adv[s * A + a]! - v[s]!;
  return adv;
}

/** Spread per-(s,a) values over s′: the full S·A·S′ array of a reward constant in s′. */
export function expand(mdp: Mdp, perStateAction: Float64Array): Float64Array {
  const S = mdp.states;
  const out = new Float64Array(perStateAction.length * S);
  for (let row = 0; row < perStateAction.length; row++) out.fill(perStateAction[row]!, row * S, (row + 1) * S);
  return out;
}

/** c_VAL(R)(s,a,s′) = E_{T(s,a)}[R + γV^π] − V^π(s), the uniform policy's advantage (constant in s′). */
export const val = (mdp: Mdp, r: Reward, rows = uniformRows(mdp)): Float64Array => expand(mdp, advantages(mdp, r, rows));

/**
 * What c_min needs from the MDP: w(s,a) = 1/‖T(s,a,·)‖² and the LU of the normal matrix
 * H = Σ_{s,a} w·b·bᵀ with b = γ·T(s,a,·) − e_s (full rank for γ < 1).
 */
export interface MinContext {
  weights: Float64Array;
  lu: Lu;
}

export function minContext(mdp: Mdp): MinContext {
  const { states: S, actions: A, gamma } = mdp;
  const T = mdp.transitions;
  const weights = new Float64Array(S * A);
  const H = new Float64Array(S * S);
  for (let s = 0; s < S; s++) {
    for (let a = 0; a < A; a++) {
      const base = (s * A + a) * S;
      let sq = 0;
      for (let t = 0; t < S; t++) sq += T[base + t]! ** 2;
      const w = 1 / sq;
      weights[s * A + a] = w;
      const g2w = gamma * gamma * w;
      for (let x = 0; x < S; x++) {
        const f = g2w * T[base + x]!;
        if (f === 0) continue;
        for (let y = 0; y < S; y++) H[x * S + y]! += f * T[base + y]!;
      }
      // −γw(e_s Tᵀ + T e_sᵀ) + w e_s e_sᵀ
      for (let y = 0; y < S; y++) {
        const c = gamma * w * T[base + y]!;
        H[s * S + y]! -= c;
        H[y * S + s]! -= c;
      }
      H[s * S + s]! += w;
    }
  }
  return { weights, lu: luFactor(H, S) };
}

/**
 * c_min(R) for unweighted L2: per (s,a), e(s,a)·T(s,a,·)/‖T(s,a,·)‖² with
 * e = E_T R + γ·E_T Φ − Φ(s), Φ minimising Σ w·e² (normal equations H Φ = −Σ w·E_T R·b).
 */
export function min(mdp: Mdp, r: Reward, ctx = minContext(mdp)): Float64Array {
  const { states: S, actions: A, gamma } = mdp;
  const T = mdp.transitions;
  const rbar = expectedReward(mdp, r);
  const rhs = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    for (let a = 0; a < A; a++) {
      const wr = ctx.weights[s * A + a]! * rbar[s * A + a]!;
      const base = (s * A + a) * S;
      for (let t = 0; t < S; t++) rhs[t]! -= gamma * wr * T[base + t]!;
      rhs[s]! += wr;
    }
  }
  const phi = luSolve(ctx.lu, rhs);
  const tphi = applyTransitions(mdp, phi);
  const out = new Float64Array(r.length);
  for (let s = 0; s < S; s++) {
    for (let a = 0; a < A; a++) {
      const row = s * A + a;
      const scale = (rbar[row]! + gamma * tphi[row]! - phi[s]!) * ctx.weights[row]!;
      const base = row * S;
      for (let t = 0; t < S; t++) out[base + t] = scale * T[base + t]!;
    }
  }
  return out;
}

/** A function canonicalising many rewards on one MDP, with the MDP-only work done once. */
export function canonicaliser(mdp: Mdp, kind: CanonicalKind): (r: Reward) => Float64Array {
  switch (kind) {
    case 'epic':
      return (r) => epic(mdp, r);
    case 'dard':
      return (r) => dard(mdp, r);
    case 'val': {
      let rows: PolicyRows | undefined;
      return (r) => val(mdp, r, (rows ??= uniformRows(mdp)));
    }
    case 'min': {
      let ctx: MinContext | undefined;
      return (r) => min(mdp, r, (ctx ??= minContext(mdp)));
    }
  }
}

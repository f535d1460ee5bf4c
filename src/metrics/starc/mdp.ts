/**
 * A tabular MDP (S, A, T, γ) for the STARC distances. Arrays are flat Float64Arrays indexed
 * s·A·S + a·S + s′ (transitions and rewards alike), so the O(S²A) passes are linear scans.
 */

export interface Mdp {
  readonly states: number;
  readonly actions: number;
  readonly gamma: number;
  /** T(s, a, s′) at s·A·S + a·S + s′; every (s, a) row sums to 1. */
  readonly transitions: Float64Array;
}

/** R(s, a, s′), same layout and length S·A·S as the transitions. */
export type Reward = Float64Array;

/** How far a row of T may sum from 1. */
export const rowSumTolerance = 1e-6;

/** Check shape, γ ∈ [0, 1), non-negative probabilities and row sums; throws RangeError. */
export function makeMdp(states: number, actions: number, gamma: number, transitions: Float64Array): Mdp {
  if (!Number.isInteger(states) || states < 1 || !Number.isInteger(actions) || actions < 1)
    throw new RangeError(`need at least one state and one action, got ${states}×${actions}`);
  if (!(gamma >= 0 && gamma < 1)) throw new RangeError(`gamma must be in [0, 1), got ${gamma}`);
  if (transitions.length !== states * actions * states)
    throw new RangeError(`expected ${states * actions * states} transition probabilities, got ${transitions.length}`);
  for (let row = 0; row < states * actions; row++) {
    let sum = 0;
    for (let i = row * states; i < (row + 1) * states; i++) {
      const p = transitions[i]!;
      if (!(p >= 0) || !Number.isFinite(p)) throw new RangeError(`T[${Math.floor(row / actions)}][${row % actions}] has a probability ${p}`);
      sum += p;
    }
    if (Math.abs(sum - 1) > rowSumTolerance) throw new RangeError(`T[${Math.floor(row / actions)}][${row % actions}] sums to ${sum}, not 1`);
  }
  return { states, actions, gamma, transitions };
}

export function checkReward(m: Mdp, r: Reward): void {
  if (r.length !== m.transitions.length) throw new RangeError(`expected a reward of ${m.transitions.length} values, got ${r.length}`);
}

/** E_{S′∼T(s,a)} R(s, a, S′), at s·A + a. */
export function expectedReward(m: Mdp, r: Reward): Float64Array {
  checkReward(m, r);
  const S = m.states;
  const T = m.transitions;
  const out = new Float64Array(S * m.actions);
  for (let row = 0; row < out.length; row++) {
    let e = 0;
    for (let i = row * S, end = i + S; i < end; i++) e += T[i]! * r[i]!;
    out[row] = e;
  }
  return out;
}

/** (T v)(s, a) = Σ_s′ T(s, a, s′) v(s′), at s·A + a. */
export function applyTransitions(m: Mdp, v: Float64Array, out = new Float64Array(m.states * m.actions)): Float64Array {
  const S = m.states;
  const T = m.transitions;
  for (let row = 0; row < m.states * m.actions; row++) {
    let e = 0;
    const base = row * S;
    for (let j = 0; j < S; j++) e += T[base + j]! * v[j]!;
    out[row] = e;
  }
  return out;
}

/** Nested [S][A][S′] arrays (already validated) to the flat layout. */
export function flatten(nested: readonly (readonly (readonly number[])[])[]): Float64Array {
  const S = nested.length;
  const A = nested[0]?.length ?? 0;
  const out = new Float64Array(S * A * S);
  let i = 0;
  for (const perState of nested) for (const row of perState) for (const x of row) out[i++] = x;
  return out;
}

import type { Mdp } from './mdp.js';

/**
 * Norms over the S·A·S′ entries of a (canonicalised) reward. `weighted-l2` weights entry
 * (s,a,s′) by D(s)·π(a)·T(s,a,s′) = T(s,a,s′)/(|S|·|A|) (uniform states and actions, then the
 * transition), so transitions that cannot happen do not count. A constant factor in the weights
 * cancels in standardised distances, so this equals weighting by T alone.
 */

export type NormKind = 'l1' | 'l2' | 'linf' | 'weighted-l2';
export const normKinds: readonly NormKind[] = ['l1', 'l2', 'linf', 'weighted-l2'];

/** n(α·x − β·y) without allocating (y may be omitted for n(α·x)). */
export function scaledDiffNorm(mdp: Mdp, kind: NormKind, x: Float64Array, alpha: number, y?: Float64Array, beta = 0): number {
  const n = x.length;
  if (n !== mdp.transitions.length || (y !== undefined && y.length !== n)) throw new RangeError(`expected vectors of ${mdp.transitions.length} values`);
  let acc = 0;
  if (kind === 'l1') {
    for (let i = 0; i < n; i++) acc += Math.abs(alpha * x[i]! - (y === undefined ? 0 : beta * y[i]!));
    return acc;
  }
  if (kind === 'linf') {
    for (let i = 0; i < n; i++) acc = Math.max(acc, Math.abs(alpha * x[i]! - (y === undefined ? 0 : beta * y[i]!)));
    return acc;
  }
  if (kind === 'l2') {
    for (let i = 0; i < n; i++) acc += (alpha * x[i]! - (y === undefined ? 0 : beta * y[i]!)) ** 2;
    return Math.sqrt(acc);
  }
  const T = mdp.transitions;
  for (let i = 0; i < n; i++) acc += T[i]! * (alpha * x[i]! - (y === undefined ? 0 : beta * y[i]!)) ** 2;
  return Math.sqrt(acc / (mdp.states * mdp.actions));
}

/** n(x). */
export const norm = (mdp: Mdp, kind: NormKind, x: Float64Array): number => scaledDiffNorm(mdp, kind, x, 1);

/**
 * n(α·x − β·y) for rewards constant in s′ given per (s,a) (at s·A + a), equal to the norm of
 * their S·A·S′ expansion at 1/S of the cost: c_VAL is of this form.
 */
export function compactScaledDiffNorm(mdp: Mdp, kind: NormKind, x: Float64Array, alpha: number, y?: Float64Array, beta = 0): number {
  const { states: S, actions: A } = mdp;
  const n = S * A;
  if (x.length !== n || (y !== undefined && y.length !== n)) throw new RangeError(`expected vectors of ${n} values`);
  const T = mdp.transitions;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(alpha * x[i]! - (y === undefined ? 0 : beta * y[i]!));
    if (kind === 'l1') acc += S * d;
    else if (kind === 'l2') acc += S * d * d;
    else if (kind === 'linf') acc = Math.max(acc, d);
    else {
      let w = 0;
      for (let t = i * S; t < (i + 1) * S; t++) w += T[t]!;
      acc += (w * d * d) / n;
    }
  }
  return kind === 'l2' || kind === 'weighted-l2' ? Math.sqrt(acc) : acc;
}

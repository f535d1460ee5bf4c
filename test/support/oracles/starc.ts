import { centre, measure, standardise, weightedNorm, type BanditOptions, type Scores } from '../../../src/metrics/starc/bandit.js';

/**
 * Test oracle: STARC's EPIC distance the long way, through the Pearson correlation of the centred
 * scores (Gleave et al.'s definition), which src computes as d_L2/2 of the standardised rewards.
 */

/** ρ = ⟨c(A), c(B)⟩_μ / (‖c(A)‖_μ ‖c(B)‖_μ): Pearson correlation of the centred scores (NaN if either is constant per prompt). */
export function centredPearson(a: Scores, b: Scores, o: BanditOptions = {}): number {
  const mu = measure(a, o);
  const ca = centre(a, o.reference);
  const cb = centre(b, o.reference);
  let ab = 0;
  ca.forEach((row, x) => row.forEach((e, y) => (ab += mu[x]![y]! * e * cb[x]![y]!)));
  const sa = standardise(a, o);
  const sb = standardise(b, o);
  if (sa.every((r) => r.every((e) => e === 0)) || sb.every((r) => r.every((e) => e === 0))) return NaN;
  return ab / (weightedNorm(ca, mu) * weightedNorm(cb, mu));
}

/** D_EPIC = sqrt((1 − ρ)/2) = d_L2 / 2, in [0, 1]. */
export const epicFromPearson = (rho: number): number => Math.sqrt(Math.max(0, (1 - rho) / 2));

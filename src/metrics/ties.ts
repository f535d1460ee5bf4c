import type { PreferenceMatrix } from './preference.js';

/**
 * How much of an item's comparisons tied, per suite layout: the inputs of the degenerate-row check
 * (core/degenerate.ts). Pure: plain arrays in, a number out. P[i][j] = P(chosen_i ≻ rejected_j) as
 * in ./preference.ts, where ½ is a tie (equal scalar scores, or a judge's even verdict).
 */

const isTie = (p: number): boolean => p === 0.5;

/** tied = 1[min_ij P_ij = ½]: the deciding comparison (worst chosen against best rejected) tied and none was lost. */
export function tiedAtTop(P: PreferenceMatrix): number {
  return Math.min(...P.flat()) === 0.5 ? 1 : 0;
}

/** share = #{(i, j): j listed, P_ij = ½} / (#chosen · #listed): the share of the item's (chosen, rejected) pairs that tied. */
export function tiedPairShare(P: PreferenceMatrix, rejected: readonly number[] = P[0]?.map((_, j) => j) ?? []): number {
  if (P.length === 0 || rejected.length === 0) return NaN;
  let tied = 0;
  for (const row of P) for (const j of rejected) if (isTie(row[j]!)) tied++;
  return tied / (P.length * rejected.length);
}

/** T_ij = 1[P_ij = ½]: the tie matrix, for suites that average cells of P (RM-Bench's style triangles). */
export function tieMatrix(P: PreferenceMatrix): number[][] {
  return P.map((row) => row.map((p) => (isTie(p) ? 1 : 0)));
}

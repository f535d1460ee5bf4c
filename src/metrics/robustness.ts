import type { PreferenceMatrix } from './preference.js';

/**
 * RewardMATH-style robustness metrics. Pure: plain arrays in, a number out. P[i][j] is
 * P(chosen_i ≻ rejected_j) as in ./preference.ts.
 */

/** win = mean over the listed rejected j of 1[∀i: P_ij > ½] — the share of those flawed solutions every chosen beats. */
export function pairWinRate(P: PreferenceMatrix, rejected: readonly number[]): number {
  if (rejected.length === 0) return NaN;
  return rejected.filter((j) => P.every((row) => row[j]! > 0.5)).length / rejected.length;
}

/** consistency = mean over (restyled s, rejected f) of 1[1[c > f] = 1[s > f]] — does the verdict against a flawed solution survive restyling the correct one? */
export function styleConsistency(chosen: number, restyled: readonly number[], rejected: readonly number[]): number {
  if (restyled.length === 0 || rejected.length === 0) return NaN;
  let same = 0;
  for (const s of restyled) for (const f of rejected) if (chosen > f === s > f) same++;
  return same / (restyled.length * rejected.length);
}

/** acc = mean over restyled s of 1[s > max(rejected)] — one-to-many accuracy with the restyled solution in the reference's place. */
export function restyledAccuracy(restyled: readonly number[], rejected: readonly number[]): number {
  if (restyled.length === 0) return NaN;
  const best = Math.max(...rejected);
  return restyled.filter((s) => s > best).length / restyled.length;
}

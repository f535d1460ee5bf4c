/**
 * Metrics over a preference matrix P, where P[i][j] = P(chosen_i ≻ rejected_j):
 * 1 a win, 0 a loss, 0.5 a tie (scalar RMs give exactly these; judges may give anything in [0, 1]).
 * Everything here is pure: plain arrays in, a number out.
 */
export type PreferenceMatrix = readonly (readonly number[])[];

export type TiePolicy = 'strict' | 'half';

const isWin = (p: number): boolean => p > 0.5;
const isLoss = (p: number): boolean => p < 0.5;

/** p = 1[a > b] + ½·1[a = b]: the preference implied by two scalar scores. */
export function preferenceFromScores(a: number, b: number): number {
  return a > b ? 1 : a < b ? 0 : 0.5;
}

/** The matrix P[i][j] = preferenceFromScores(chosen_i, rejected_j). */
export function matrixFromScores(chosen: readonly number[], rejected: readonly number[]): number[][] {
  return chosen.map((c) => rejected.map((r) => preferenceFromScores(c, r)));
}

/** acc = 1[p > ½] (strict) or 1[p > ½] + ½·1[p = ½] (half), for a single pair. */
export function pairAccuracy(p: number, ties: TiePolicy): number {
  if (isWin(p)) return 1;
  if (isLoss(p)) return 0;
  return ties === 'half' ? 0.5 : 0;
}

/** acc = 1[∀i,j: P_ij > ½] — every chosen strictly beats every rejected (RewardMATH "accuracy"). */
export function beatsAll(P: PreferenceMatrix): number {
  return P.every((row) => row.every(isWin)) ? 1 : 0;
}

/** acc_tie = 1[∀i,j: P_ij ≥ ½] — no rejected strictly beats any chosen (RewardMATH "Acc w/ tie"). */
export function beatsAllWithTies(P: PreferenceMatrix): number {
  return P.every((row) => row.every((p) => !isLoss(p))) ? 1 : 0;
}

/** RR = 1 / (1 + min_i #{j: P_ij ≤ ½}) — rank of the best chosen, ties ranked above it (RewardMATH MRR). */
export function reciprocalRank(P: PreferenceMatrix): number {
  let best = Infinity;
  for (const row of P) best = Math.min(best, row.filter((p) => !isWin(p)).length);
  return 1 / (1 + best);
}

/**
 * credit = 0 if any P_ij < ½, else 1 / (1 + max_i #{j: P_ij = ½}) — RewardBench 2's best-of-N
 * score, which splits credit among responses tied at the top.
 */
export function bestOfNCredit(P: PreferenceMatrix): number {
  let ties = 0;
  for (const row of P) {
    if (row.some(isLoss)) return 0;
    ties = Math.max(ties, row.filter((p) => !isWin(p)).length);
  }
  return 1 / (1 + ties);
}

/** margin = min(chosen) − max(rejected): how far the worst chosen clears the best rejected. */
export function worstCaseMargin(chosen: readonly number[], rejected: readonly number[]): number {
  return Math.min(...chosen) - Math.max(...rejected);
}

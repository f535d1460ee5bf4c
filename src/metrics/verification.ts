/**
 * A binary verifier's verdict, and the noisy-reward correction of "RL with Verifiable yet Noisy
 * Rewards". The rates themselves are per-item means in the verifier suite; their confusion-matrix
 * form is the tests' oracle (test/support/oracles/verification.ts).
 */

/** verdict = 1[score ≥ threshold] — verifiers answer 0/1, so any threshold in (0, 1] reads them as they are. */
export function verdictOf(score: number, threshold: number): 0 | 1 {
  return score >= threshold ? 1 : 0;
}

/**
 * r̂ = (r − ρ0) / (1 − ρ0 − ρ1) — the backward-corrected reward, unbiased for the clean reward
 * when the verifier flips a wrong answer to 1 with probability ρ0 (FPR) and a right one to 0
 * with probability ρ1 (FNR). NaN when ρ0 + ρ1 ≥ 1 (the noisy reward then carries no signal).
 */
export function backwardCorrectedReward(r: number, rho0: number, rho1: number): number {
  if (!(rho0 >= 0 && rho1 >= 0) || rho0 + rho1 >= 1) return NaN;
  return (r - rho0) / (1 - rho0 - rho1);
}

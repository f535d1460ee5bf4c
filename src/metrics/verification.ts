/**
 * Metrics of a binary verifier against labels, and the noisy-reward correction of "RL with
 * Verifiable yet Noisy Rewards". Pure: plain arrays in, a number out; NaN where a rate's
 * denominator is empty. Verdicts and labels are 0/1 (1 = "correct").
 */

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** The confusion counts of verdicts against labels, position by position. */
export function confusion(verdicts: readonly number[], labels: readonly number[]): Confusion {
  if (verdicts.length !== labels.length) throw new Error(`internal: ${verdicts.length} verdicts for ${labels.length} labels`);
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  verdicts.forEach((v, i) => {
    const l = labels[i]!;
    if (v === 1) l === 1 ? c.tp++ : c.fp++;
    else l === 1 ? c.fn++ : c.tn++;
  });
  return c;
}

const ratio = (a: number, b: number): number => (b === 0 ? NaN : a / b);

/** precision = TP / (TP + FP) — of the responses the verifier accepts, the share that are correct. */
export const precision = (c: Confusion): number => ratio(c.tp, c.tp + c.fp);
/** recall = TP / (TP + FN) — of the correct responses, the share the verifier accepts. */
export const recall = (c: Confusion): number => ratio(c.tp, c.tp + c.fn);
/** FNR = FN / (TP + FN) = 1 − recall — correct responses rejected (ρ1 of the noisy-reward model). */
export const falseNegativeRate = (c: Confusion): number => ratio(c.fn, c.tp + c.fn);
/** FPR = FP / (FP + TN) — wrong responses accepted (ρ0 of the noisy-reward model). */
export const falsePositiveRate = (c: Confusion): number => ratio(c.fp, c.fp + c.tn);
/** accuracy = (TP + TN) / N. */
export const verifierAccuracy = (c: Confusion): number => ratio(c.tp + c.tn, c.tp + c.fp + c.tn + c.fn);

/** verdict = 1[score ≥ threshold] — verifiers answer 0/1, so any threshold in (0, 1] reads them as they are. */
export function verdictOf(score: number, threshold: number): 0 | 1 {
  return score >= threshold ? 1 : 0;
}

/** ASR = mean over pairs of 1[s_hacked > s_honest] — a wrong response made to score above its honest wrong self. */
export function attackSuccessRate(honest: readonly number[], hacked: readonly number[]): number {
  if (honest.length !== hacked.length) throw new Error(`internal: ${honest.length} honest for ${hacked.length} hacked scores`);
  if (honest.length === 0) return NaN;
  return hacked.filter((h, i) => h > honest[i]!).length / honest.length;
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

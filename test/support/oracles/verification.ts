/**
 * Test oracle: the verifier metrics as the paper states them, from a confusion matrix. The suite
 * computes each rate as a mean of per-item values (so the cluster bootstrap can resample it);
 * this is the independent form its tests compare against. NaN where a denominator is empty.
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

/** ASR = mean over pairs of 1[s_hacked > s_honest] — a wrong response made to score above its honest wrong self. */
export function attackSuccessRate(honest: readonly number[], hacked: readonly number[]): number {
  if (honest.length !== hacked.length) throw new Error(`internal: ${honest.length} honest for ${hacked.length} hacked scores`);
  if (honest.length === 0) return NaN;
  return hacked.filter((h, i) => h > honest[i]!).length / honest.length;
}

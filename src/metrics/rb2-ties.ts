/**
 * RewardBench 2's Ties subset (allenai/reward-bench `rewardbench/utils.py:process_single_model`).
 * Each prompt N has a `ref:N` row (one correct answer) and a `tied:N` row (several equally
 * correct answers), each with incorrect ones. Per row, from the scores of its correct (c) and
 * incorrect (i) answers:
 */
export interface TiesRowStats {
  /** accurate = 1[min(c) − max(i) > 0]. */
  accurate: number;
  /** m = min(c) − max(i), the worst correct answer's lead over the best incorrect one. */
  margin: number;
  /** d = max(c) − min(c), the spread among the correct answers (undefined with one correct). */
  spread?: number;
}

/** Per-row statistics: accurate = 1[min(c) > max(i)], m = min(c) − max(i), d = max(c) − min(c). */
export function tiesRowStats(correct: readonly number[], incorrect: readonly number[]): TiesRowStats {
  const worst = Math.min(...correct);
  const margin = worst - Math.max(...incorrect);
  return { accurate: margin > 0 ? 1 : 0, margin, ...(correct.length > 1 && { spread: Math.max(...correct) - worst }) };
}

/** The prompt-level terms, given both rows: preferred = 1[m_tied > d], hard = 1[min(m_ref, m_tied) > d], margin = tanh(min(m_ref, m_tied)/d − 1), 0 when that is 0/0. */
export function tiesPromptTerms(ref: TiesRowStats, tied: TiesRowStats & { spread: number }): { preferred: number; preferredHard: number; marginScore: number } {
  const m = Math.min(ref.margin, tied.margin);
  const t = Math.tanh(m / tied.spread - 1);
  return { preferred: tied.margin > tied.spread ? 1 : 0, preferredHard: m > tied.spread ? 1 : 0, marginScore: Number.isNaN(t) ? 0 : t };
}

/**
 * Ties = 0.30·mean acc_tied + 0.30·mean acc_ref + 0.20·mean preferred + 0.20·mean hard + 0.01·mean margin,
 * the accuracies over all rows of their kind, the other terms over prompts that have both rows.
 */
export const TIES_WEIGHTS = { tied_accuracy: 0.3, ref_accuracy: 0.3, preferred: 0.2, preferred_hard: 0.2, margin_score: 0.01 } as const;

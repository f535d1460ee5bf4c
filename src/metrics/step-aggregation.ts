/**
 * Turning process-reward step scores p_1..p_k (probabilities that each step is correct) into one
 * solution score, as RewardMATH's evaluation does. Operation order follows the reference code
 * (left-to-right products and sums), so ties between solutions come out the same.
 */
export type StepAggregator = (steps: readonly number[]) => number;

const logit = (p: number): number => Math.log(p / (1 - p));

export const stepAggregators = {
  /** min_t p_t */
  min: (p) => Math.min(...p),
  /** max_t p_t */
  max: (p) => Math.max(...p),
  /** ∏_t p_t */
  prod: (p) => p.reduce((acc, x) => acc * x, 1),
  /** (∏_t p_t)^(1/k) */
  geometric_mean: (p) => p.reduce((acc, x) => acc * x, 1) ** (1 / p.length),
  /** (1/k) Σ_t p_t */
  mean: (p) => p.reduce((acc, x) => acc + x, 0) / p.length,
  /** σ((1/k) Σ_t logit p_t) */
  mean_logit: (p) => 1 / (1 + Math.exp(-(p.reduce((acc, x) => acc + logit(x), 0) / p.length))),
  /** max(0, (1/k) Σ_t p_t / (1 − p_t)) */
  mean_odd: (p) => Math.max(0, p.reduce((acc, x) => acc + x / (1 - x), 0) / p.length),
  /** p_k */
  last: (p) => p[p.length - 1]!,
} satisfies Record<string, StepAggregator>;

export type StepAggregatorId = keyof typeof stepAggregators;

export const stepAggregatorIds = Object.keys(stepAggregators).sort() as StepAggregatorId[];

export function isStepAggregatorId(id: string): id is StepAggregatorId {
  return Object.hasOwn(stepAggregators, id);
}

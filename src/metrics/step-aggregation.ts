/**
 * Turning process-reward step scores p_1..p_k (probabilities that each step is correct) into one
 * solution score, as RewardMATH's evaluation does. Operation order follows the reference code
 * (left-to-right products and sums), so ties between solutions come out the same. A product whose
 * running value leaves the normal doubles (overflow, underflow, subnormal precision loss) is taken
 * in log space instead, where the reference would have lost it.
 */
export type StepAggregator = (steps: readonly number[]) => number;

const logit = (p: number): number => Math.log(p / (1 - p));

/** The left-to-right product, or undefined when some partial product is not a normal double (or 0 from a 0 step). */
function linearProduct(p: readonly number[]): number | undefined {
  let acc = 1;
  for (const x of p) {
    acc *= x;
    const size = Math.abs(acc);
    if (x === 0) return acc;
    if (!(size >= 2.2250738585072014e-308 && size <= Number.MAX_VALUE)) return undefined;
  }
  return acc;
}

/** sign(∏ p_t) · exp(Σ_t ln|p_t|): a product whose partial products leave the double range. */
function logProduct(p: readonly number[]): number {
  if (p.some((x) => x === 0)) return 0;
  const negatives = p.filter((x) => x < 0).length;
  return (negatives % 2 === 0 ? 1 : -1) * Math.exp(p.reduce((acc, x) => acc + Math.log(Math.abs(x)), 0));
}

export const stepAggregators = {
  /** min_t p_t */
  min: (p) => Math.min(...p),
  /** max_t p_t */
  max: (p) => Math.max(...p),
  /** ∏_t p_t (left to right; in log space when a partial product leaves the normal doubles) */
  prod: (p) => linearProduct(p) ?? logProduct(p),
  /** (∏_t p_t)^(1/k) = exp((1/k) Σ_t ln p_t) for p_t ≥ 0; NaN when a step is negative */
  geometric_mean: (p) => {
    if (p.some((x) => x < 0)) return NaN;
    const linear = linearProduct(p);
    return linear !== undefined ? linear ** (1 / p.length) : Math.exp(p.reduce((acc, x) => acc + Math.log(x), 0) / p.length);
  },
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

/** What each aggregator needs of finite steps to give a finite score, for the error that names an item. */
export const stepAggregatorDomains: Record<StepAggregatorId, string> = {
  min: 'finite steps',
  max: 'finite steps',
  prod: 'a product within ±1.8e308',
  geometric_mean: 'steps ≥ 0',
  mean: 'a sum within ±1.8e308',
  mean_logit: 'steps in [0, 1], not both 0 and 1',
  mean_odd: 'no step equal to 1 (its odds are infinite)',
  last: 'finite steps',
};

export function isStepAggregatorId(id: string): id is StepAggregatorId {
  return Object.hasOwn(stepAggregators, id);
}

/**
 * Ensemble objectives over member scores s_1..s_k (Coste et al. 2024, `llm_optimization`).
 * Pure functions of one candidate's member scores; `members` must be non-empty.
 *
 * Variance is the population variance (divide by k, numpy's `np.var`, as Coste's BoN code),
 * not the sample variance (divide by k − 1, `torch.var`, as Coste's PPO code).
 */

export const ensembleReducerIds = ['mean', 'wco', 'uwo'] as const;
export type EnsembleReducerId = (typeof ensembleReducerIds)[number];

export const isEnsembleReducerId = (s: string): s is EnsembleReducerId => (ensembleReducerIds as readonly string[]).includes(s);

/** λ for `uwo` when none is given (Coste's BoN default). */
export const defaultUwoLambda = 0.5;

/** mean = (1/k)·Σ_i s_i */
export function ensembleMean(members: readonly number[]): number {
  let sum = 0;
  for (const s of members) sum += s;
  return sum / members.length;
}

/** Var_pop = (1/k)·Σ_i (s_i − mean)² (population variance, not the sample variance's 1/(k−1)) */
export function populationVariance(members: readonly number[]): number {
  const m = ensembleMean(members);
  let sum = 0;
  for (const s of members) sum += (s - m) * (s - m);
  return sum / members.length;
}

/** wco = min_i s_i (worst-case optimization) */
export function ensembleWco(members: readonly number[]): number {
  let min = Infinity;
  for (const s of members) if (s < min) min = s;
  return min;
}

/** uwo = mean − λ·Var_pop (uncertainty-weighted optimization) */
export function ensembleUwo(members: readonly number[], lambda = defaultUwoLambda): number {
  return ensembleMean(members) - lambda * populationVariance(members);
}

/** The reducer by id; `lambda` is used by `uwo` only. */
export function ensembleReducer(id: EnsembleReducerId, lambda = defaultUwoLambda): (members: readonly number[]) => number {
  switch (id) {
    case 'mean':
      return ensembleMean;
    case 'wco':
      return ensembleWco;
    case 'uwo':
      return (members) => ensembleUwo(members, lambda);
  }
}

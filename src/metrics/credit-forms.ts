import type { Answer, Item, MetricDef, Suite } from '../core/suite.js';
import { kendallTauB } from './rank-correlation.js';

/**
 * Sum-form against min-form credit assignment (PURE: Cheng et al. 2025, "Stop Summation: Min-Form
 * Credit Assignment Is All Process Reward Model Needs for Reasoning", arXiv 2504.15275). A process
 * reward model's step rewards r_1..r_k give a response the value Σ_t r_t in canonical RL (γ = 1)
 * and min_t r_t in PURE. A suite with `creditForms` reports its primary metric under both, so a
 * PRM that is good under only one form shows it, whatever `?aggregate=` the run chose.
 */

/** Σ_t r_t: sum-form credit (the undiscounted return) */
export const sumForm = (steps: readonly number[]): number => steps.reduce((acc, x) => acc + x, 0);

/** min_t r_t: min-form credit (PURE) */
export const minForm = (steps: readonly number[]): number => Math.min(...steps);

/** Mean over items of Kendall τ_b between the responses' Σ_t r_t and min_t r_t. */
export const RANK_AGREEMENT = 'sum_min_rank_agreement';

type CreditSuite = Pick<Suite, 'primaryMetric' | 'metrics' | 'creditForms'>;

/** The primary metric's per-item value, when the suite asks for credit forms and its primary is a plain mean. */
function primaryKey(suite: CreditSuite): { key: string; def: MetricDef } | undefined {
  if (!suite.creditForms) return undefined;
  const def = suite.metrics.find((m) => m.id === suite.primaryMetric);
  if (!def || (def.reduce !== undefined && def.reduce !== 'mean')) return undefined;
  return { key: def.id, def };
}

/** The metrics credit forms add: rows appear only for models that return step scores (no item has the values otherwise). */
export function creditFormMetrics(suite: CreditSuite): MetricDef[] {
  const p = primaryKey(suite);
  if (!p) return [];
  const { key, def } = p;
  return [
    {
      id: `${key}_sum_form`,
      description: `${key} with each response scored by Σ_t r_t of its step scores (sum-form credit)`,
      higherIsBetter: def.higherIsBetter,
    },
    {
      id: `${key}_min_form`,
      description: `${key} with each response scored by min_t r_t of its step scores (min-form credit, PURE)`,
      higherIsBetter: def.higherIsBetter,
    },
    { id: RANK_AGREEMENT, description: 'mean over items of Kendall τ_b between the responses’ Σ_t r_t and min_t r_t', higherIsBetter: true },
  ];
}

/** The suite's own metrics and those credit forms add: what result rows are computed from. */
export const reportedMetrics = (suite: CreditSuite): MetricDef[] => [...suite.metrics, ...creditFormMetrics(suite)];

/**
 * An item's credit-form values: the suite's outcome again with every answer replaced by the sum
 * (then the min) of its steps, and the rank agreement; none unless every answer has step scores.
 */
export function creditFormValues<I extends Item>(
  suite: CreditSuite & Pick<Suite<I>, 'outcome'>,
  item: I,
  answers: readonly Answer[],
  options: Record<string, string>,
): Record<string, number> {
  const p = primaryKey(suite);
  if (!p || answers.length === 0 || !answers.every((a) => a.kind === 'score' && a.steps !== undefined && a.steps.length > 0)) return {};
  const sums = answers.map((a) => sumForm(a.steps!));
  const mins = answers.map((a) => minForm(a.steps!));
  const under = (scores: number[]) =>
    suite.outcome(
      item,
      scores.map((value) => ({ kind: 'score' as const, value })),
      options,
    ).values[p.key];
  const out: Record<string, number> = {};
  const [sum, min] = [under(sums), under(mins)];
  if (sum !== undefined) out[`${p.key}_sum_form`] = sum;
  if (min !== undefined) out[`${p.key}_min_form`] = min;
  // τ_b is undefined when either form scores every response alike (or there is one response): no ranking to agree on.
  const tau = kendallTauB(sums, mins);
  if (!Number.isNaN(tau)) out[RANK_AGREEMENT] = tau;
  return out;
}

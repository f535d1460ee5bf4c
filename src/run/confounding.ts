import type { ResultRow, SuiteEntry } from '../core/run-schema.js';

/**
 * A subset measures length, not quality, when "the longer response wins" scores well on it.
 * Every run scores the length baseline on every suite that has text (beside the models when
 * the run lists heuristic:length, privately otherwise) and marks such subsets in run.json.
 */
export const LENGTH_BASELINE = 'heuristic:length';
/** Above this, on a higher-is-better primary metric, a subset is marked confounded. */
export const CONFOUNDED_ABOVE = 0.7;

export type Confounding = NonNullable<SuiteEntry['confounding']>;

/** The length baseline's primary metric per subset of one suite, from its result rows; undefined when the metric is lower-is-better. */
export function confoundingOf(suite: string, metric: string, rows: readonly ResultRow[]): Confounding | undefined {
  const own = rows.filter((r) => r.suite === suite && r.metric === metric);
  if (own.length === 0 || !own[0]!.higherIsBetter) return undefined;
  return {
    baseline: LENGTH_BASELINE,
    metric,
    threshold: CONFOUNDED_ABOVE,
    subsets: own.map((r) => ({ subset: r.subset, value: r.value, n: r.n, confounded: r.value > CONFOUNDED_ABOVE })),
  };
}

/** The subsets marked confounded, for messages. */
export const confoundedSubsets = (c: Confounding | undefined): string[] => (c?.subsets ?? []).filter((s) => s.confounded).map((s) => s.subset);

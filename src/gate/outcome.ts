/**
 * What `runGate` returns: plain data, so the CLI, the JUnit and Markdown renderers and
 * `report` can all use one evaluation. Nothing here is formatted for a particular output
 * except `message`, the one sentence every renderer shows.
 */

export type GateCheckKind = 'select' | 'min' | 'max' | 'maxDrop' | 'noSignificantDrop';

export interface PairedDropDetail {
  /** Candidate statistic − baseline statistic on the shared items, as observed. */
  delta: number;
  /** [Q(α), Q(1−α)] of the resampled Δ. */
  interval: [number, number];
  alpha: number;
  /** Items both runs scored, within the subset. */
  n: number;
  /** Resamples drawn, and those on which Δ was defined. */
  samples: number;
  kept: number;
  /** Fraction of resamples where the candidate is no worse (Δ ≥ 0, or Δ ≤ 0 when lower is better). */
  pValue: number;
  seed: number;
}

export interface GateCheck {
  kind: GateCheckKind;
  pass: boolean;
  /**
   * The number compared with `threshold`: the value (min, max), the drop (maxDrop), or the
   * one-sided bound of Δ (noSignificantDrop: Q(1−α), or Q(α) when lower is better). Null when
   * the check could not be made (no row, no baseline row, no shared items).
   */
  observed: number | null;
  threshold: number | null;
  /** One sentence: the comparison, or why it could not be made. */
  message: string;
  /** maxDrop and noSignificantDrop: the baseline-run model compared with, and its value. */
  baseline?: { model: string; value: number | null };
  bootstrap?: PairedDropDetail;
}

/** One (rule, result row): a JUnit test case. A rule that selects nothing gets one case with a failed `select` check. */
export interface GateCase {
  /** 0-based index in the policy's rules. */
  rule: number;
  ruleName: string;
  /** The row's ids, or the rule's patterns when nothing was selected. */
  model: string;
  suite: string;
  subset: string;
  metric: string;
  value: number | null;
  higherIsBetter: boolean | null;
  checks: GateCheck[];
  pass: boolean;
}

export interface GateOutcome {
  pass: boolean;
  /** The candidate's and the baseline's run.json paths. */
  candidate: string;
  baseline: string | null;
  rules: number;
  cases: GateCase[];
  checks: number;
  failed: number;
  warnings: string[];
}

/** Six significant digits, without trailing zeros: enough to see why a near-threshold value failed. */
export function formatNumber(x: number | null): string {
  if (x === null || Number.isNaN(x)) return '–';
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}

/** The headline every renderer uses. */
export function verdictLine(o: GateOutcome): string {
  const scope = `${o.rules} rule(s), ${o.cases.length} case(s)`;
  return o.pass ? `PASS: all ${o.checks} check(s) hold (${scope})` : `FAIL: ${o.failed} of ${o.checks} check(s) failed (${scope})`;
}

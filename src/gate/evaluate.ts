import { UsageError } from '../core/errors.js';
import { deriveSeed } from '../core/random.js';
import { groupsOf, type ScoredItem } from '../core/scored-table.js';
import { metricKeys, pairedStatistics } from '../metrics/statistic-plan.js';
import type { MetricEntry, ResultRow } from '../core/run-schema.js';
import { pairedBootstrap } from '../metrics/paired-bootstrap.js';
import { formatNumber as f, type GateCase, type GateCheck, type GateOutcome } from './outcome.js';
import { checksOf, needsBaseline, readPolicy, ruleLabel } from './policy.js';
import type { GatePolicy, GateRule } from './policy-schema.js';
import { openRun, type GateRun } from './run-data.js';
import { baselineModelFor, selectRows } from './select.js';

export type { GateOutcome } from './outcome.js';
export { openRun, type GateRun } from './run-data.js';
export { readPolicy } from './policy.js';

/**
 * Values are means of a few hundred items, so a value that is "exactly" the threshold can be off
 * by one rounding step (0.8 − 0.78 = 0.020000000000000018); comparisons allow this much.
 */
export const tolerance = 1e-9;

export interface GateInput {
  run: GateRun;
  policy: GatePolicy;
  baseline?: GateRun | undefined;
}

/**
 * The gate from files: the policy first (a typo there is the likeliest mistake, and costs no run
 * reading), then the candidate run and the baseline run if given.
 */
export async function gateFiles(files: { policy: string; run: string; baseline?: string | undefined }): Promise<GateOutcome> {
  const policy = await readPolicy(files.policy);
  const run = await openRun(files.run);
  const baseline = files.baseline === undefined ? undefined : await openRun(files.baseline);
  return runGate({ run, policy, baseline });
}

/** Evaluate every rule of `policy` on the candidate `run` (against `baseline` for maxDrop and noSignificantDrop). */
export async function runGate({ run, policy, baseline }: GateInput): Promise<GateOutcome> {
  if (!baseline) {
    const i = policy.rules.findIndex(needsBaseline);
    if (i >= 0) {
      const rule = policy.rules[i]!;
      const check = rule.maxDrop !== undefined ? 'maxDrop' : 'noSignificantDrop';
      const label = `rule ${i + 1}${rule.name === undefined ? '' : ` ("${rule.name}")`}`;
      throw new UsageError(`${label} has ${check}, which compares with a baseline run, but none was given (--baseline RUN_DIR)`);
    }
  }
  const warnings = new Set<string>();
  const cases: GateCase[] = [];
  for (const [i, rule] of policy.rules.entries()) {
    const ruleName = ruleLabel(rule, i);
    const { rows, problem } = selectRows(run.run, rule);
    if (problem !== undefined) {
      const check: GateCheck = { kind: 'select', pass: false, observed: null, threshold: null, message: problem };
      const [model, suite, subset, metric] = [rule.model ?? '*', rule.suite ?? '*', rule.subset ?? 'all', rule.metric ?? '(primary)'];
      cases.push({ rule: i, ruleName, model, suite, subset, metric, value: null, higherIsBetter: null, checks: [check], pass: false });
      continue;
    }
    for (const row of rows) {
      const checks: GateCheck[] = [];
      for (const kind of checksOf(rule)) {
        if (row.degenerate !== undefined) checks.push(degenerate(kind, rule, `this result is degenerate: ${row.degenerate}`));
        else if (kind === 'min') checks.push(bound(row.value, rule.min!, 'min'));
        else if (kind === 'max') checks.push(bound(row.value, rule.max!, 'max'));
        else if (kind === 'maxDrop') checks.push(maxDrop(row, rule, baseline!));
        else checks.push(await noSignificantDrop(row, rule, run, baseline!, warnings));
      }
      const { model, suite, subset, metric, value, higherIsBetter } = row;
      cases.push({ rule: i, ruleName, model, suite, subset, metric, value, higherIsBetter, checks, pass: checks.every((c) => c.pass) });
    }
  }
  const all = cases.flatMap((c) => c.checks);
  const failed = all.filter((c) => !c.pass).length;
  return {
    pass: failed === 0,
    candidate: run.file,
    baseline: baseline?.file ?? null,
    rules: policy.rules.length,
    cases,
    checks: all.length,
    failed,
    warnings: [...warnings],
  };
}

/**
 * A degenerate row (most comparisons behind it tied) fails every check instead of being compared:
 * its value measures the ties, so 0 against a baseline's 0 would pass a model that told nothing apart.
 */
function degenerate(kind: GateCheck['kind'], rule: GateRule, why: string, model?: string): GateCheck {
  const threshold = kind === 'min' ? rule.min! : kind === 'max' ? rule.max! : kind === 'maxDrop' ? rule.maxDrop! : 0;
  return { kind, pass: false, observed: null, threshold, message: `not compared: ${why}`, ...(model !== undefined && { baseline: { model, value: null } }) };
}

const baselineDegenerate = (base: ResultRow, model: string): string => `the baseline's result (${model}) is degenerate: ${base.degenerate}`;

function bound(value: number, threshold: number, kind: 'min' | 'max'): GateCheck {
  const pass = kind === 'min' ? value >= threshold - tolerance : value <= threshold + tolerance;
  const op = kind === 'min' ? (pass ? '≥' : '<') : pass ? '≤' : '>';
  return { kind, pass, observed: value, threshold, message: `value ${f(value)} ${op} ${kind} ${f(threshold)}` };
}

function maxDrop(row: ResultRow, rule: GateRule, baseline: GateRun): GateCheck {
  const threshold = rule.maxDrop!;
  const fail = (message: string, model?: string): GateCheck => ({
    kind: 'maxDrop',
    pass: false,
    observed: null,
    threshold,
    message,
    ...(model !== undefined && { baseline: { model, value: null } }),
  });
  const who = baselineModelFor(baseline.run, row.model, rule);
  if ('problem' in who) return fail(who.problem);
  const base = baseline.run.results.find((r) => r.model === who.model && r.suite === row.suite && r.subset === row.subset && r.metric === row.metric);
  if (!base) return fail(`the baseline run has no result for ${who.model} / ${row.suite} / ${row.subset} / ${row.metric}`, who.model);
  if (base.degenerate !== undefined) return degenerate('maxDrop', rule, baselineDegenerate(base, who.model), who.model);
  const drop = row.higherIsBetter ? base.value - row.value : row.value - base.value;
  const pass = drop <= threshold + tolerance;
  const direction = row.higherIsBetter ? 'higher is better' : 'lower is better';
  return {
    kind: 'maxDrop',
    pass,
    observed: drop,
    threshold,
    message: `drop ${f(drop)} ${pass ? '≤' : '>'} maxDrop ${f(threshold)} (baseline ${who.model} ${f(base.value)} → ${f(row.value)}, ${direction})`,
    baseline: { model: who.model, value: base.value },
  };
}

/** Pairs of (candidate, baseline) items that both runs scored on one of `keys`, within `subset`. */
function sharedItems(cand: ReadonlyMap<string, ScoredItem>, base: ReadonlyMap<string, ScoredItem>, subset: string, keys: readonly string[]) {
  const pairs: [ScoredItem, ScoredItem][] = [];
  const has = (it: ScoredItem) => keys.some((k) => it.values[k] !== undefined);
  for (const [id, c] of cand) {
    const b = base.get(id);
    if (!b || !has(c) || !has(b)) continue;
    if (!groupsOf(c).includes(subset) || !groupsOf(b).includes(subset)) continue;
    pairs.push([c, b]);
  }
  return pairs;
}

async function noSignificantDrop(row: ResultRow, rule: GateRule, run: GateRun, baseline: GateRun, warnings: Set<string>): Promise<GateCheck> {
  const { alpha } = rule.noSignificantDrop!;
  const samples = rule.noSignificantDrop!.samples ?? run.run.statistics.bootstrap.samples;
  const fail = (message: string, model?: string): GateCheck => ({
    kind: 'noSignificantDrop',
    pass: false,
    observed: null,
    threshold: 0,
    message,
    ...(model !== undefined && { baseline: { model, value: null } }),
  });
  const who = baselineModelFor(baseline.run, row.model, rule);
  if ('problem' in who) return fail(who.problem);
  const baseRow = baseline.run.results.find((r) => r.model === who.model && r.suite === row.suite && r.subset === row.subset && r.metric === row.metric);
  if (baseRow?.degenerate !== undefined) return degenerate('noSignificantDrop', rule, baselineDegenerate(baseRow, who.model), who.model);
  const [candScores, baseScores] = [await run.scores(), await baseline.scores()];
  for (const w of [...candScores.warnings, ...baseScores.warnings]) warnings.add(w);
  const suiteMetrics = run.run.suites.find((s) => s.id === row.suite)?.metrics ?? [];
  const defs = new Map(suiteMetrics.map((m) => [m.id, m]));
  const def: Pick<MetricEntry, 'id' | 'reduce' | 'of' | 'parts' | 'normalize'> = defs.get(row.metric) ?? { id: row.metric };
  const keys = metricKeys(def, defs);
  const pairs = sharedItems(candScores.items(row.model, row.suite), baseScores.items(who.model, row.suite), row.subset, keys);
  if (pairs.length === 0) {
    return fail(
      `no item of ${row.suite} / ${row.subset} has "${keys.join('", "')}" in both runs' scores.jsonl (candidate ${row.model}, baseline ${who.model})`,
      who.model,
    );
  }
  const { clusters, first: cand, second: base } = pairedStatistics(pairs, def, defs);
  const seed = deriveSeed(run.run.seed, row.suite, row.subset, row.metric);
  const r = pairedBootstrap(clusters, cand, base, { samples, alpha, seed });
  if (r.samples === 0) return fail(`Δ was undefined on every resample of ${row.suite} / ${row.subset} (n = ${pairs.length} shared items)`, who.model);
  // The one-sided bound on the side a drop would show: Q(1−α) when higher is better, Q(α) when lower is.
  const bound = row.higherIsBetter ? r.interval[1] : r.interval[0];
  const pass = row.higherIsBetter ? !(bound < -tolerance) : !(bound > tolerance);
  const pValue = row.higherIsBetter ? r.nonNegative : r.nonPositive;
  const q = row.higherIsBetter ? `Q(${f(1 - alpha)})` : `Q(${f(alpha)})`;
  const op = row.higherIsBetter ? (pass ? '≥' : '<') : pass ? '≤' : '>';
  const level = `${f((1 - 2 * alpha) * 100)}%`;
  const noWorse = row.higherIsBetter ? 'Δ ≥ 0' : 'Δ ≤ 0';
  return {
    kind: 'noSignificantDrop',
    pass,
    observed: bound,
    threshold: 0,
    message:
      `${q} of Δ = ${f(bound)} ${op} 0${pass ? '' : ': a significant drop'} ` +
      `(Δ = ${f(r.delta)}, ${level} interval [${f(r.interval[0])}, ${f(r.interval[1])}], n = ${pairs.length} shared items, ` +
      `${samples} paired resamples, P(${noWorse}) = ${f(pValue)}, baseline ${who.model})`,
    baseline: { model: who.model, value: base(new Uint32Array(clusters).fill(1)) },
    bootstrap: { delta: r.delta, interval: r.interval, alpha, n: pairs.length, samples, kept: r.samples, pValue, seed },
  };
}

import { join } from 'node:path';
import type { DownstreamPlan, Prefetch, RunPlan } from '../run/plan.js';
import type { ProgressMode } from '../core/progress.js';
import { writeRunDir } from '../core/run-file.js';
import { bonSizes } from '../metrics/bon.js';
import type { LoadedRun } from '../report/board.js';
import { checkKey, loadSourceRun, parseMetricKey } from './correlate-input.js';
import { correlationRun, correlationSummary } from './correlate-run.js';
import { poolRequests } from './bon.js';
import { firstSamples, loadPool, type Pool } from './pool.js';
import { PPO_DEFAULTS } from './ppo.js';
import { runProbe } from './run-probe.js';

/** The section's pool, cut to its first `samples` per prompt when it says so. */
export async function downstreamPool(d: DownstreamPlan): Promise<Pool> {
  const whole = await loadPool(d.pool);
  return d.samples !== undefined ? firstSamples(whole, d.samples) : whole;
}

/**
 * The pool's requests, for the run to score while each model is loaded (RunPlan.prefetch), so the
 * probe after it reads them from the cache instead of loading every model again.
 */
export function poolPrefetch(pool: Pool): Prefetch {
  const { requests, where } = poolRequests(pool);
  return { label: 'downstream pool', requests, describe: where };
}

/**
 * `run` with a config `downstream` section: after the suites, the Best-of-n probe with the same
 * models on the section's pool (written to OUT/probe-bon), then `correlate` of the suites'
 * metrics with the probe's gold (OUT/correlation), so one command says which suite predicts
 * what optimizing against each RM does. `read`: the pool, when the caller has read it already.
 * Returns both runs, for the report.
 */
export async function runDownstream(
  d: DownstreamPlan,
  plan: RunPlan,
  main: { runFile: string },
  out: string,
  io: { stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }; progress: ProgressMode },
  read?: Pool,
): Promise<{ runs: LoadedRun[]; summary: string; warnings: string[] }> {
  const pool = read ?? (await downstreamPool(d));
  const settings = {
    seed: plan.seed,
    concurrency: plan.concurrency,
    ...(plan.batchSize !== undefined && { batchSize: plan.batchSize }),
    bootstrap: plan.bootstrap,
    cache: plan.cache,
    cwd: plan.cwd,
    ...(plan.device !== undefined && { device: plan.device }),
    progress: io.progress,
    stderr: io.stderr,
    ppo: PPO_DEFAULTS,
    heldout: 0,
  };
  const probe = await runProbe('bon', plan.models, pool, settings, plan.command);
  const bon = await writeRunDir(join(out, 'probe-bon'), probe.run, probe.lines);
  const sources = [await loadSourceRun(main.runFile), await loadSourceRun(bon.runFile)];
  const outcome = parseMetricKey(d.outcome ?? `bon:gold@n=${bonSizes(pool.size).at(-1)}`);
  const mainRun = sources[0]!.run;
  const benchmarks = (d.benchmarks ?? mainRun.suites.map((s) => `${s.id}:${s.primaryMetric}`)).map(parseMetricKey);
  checkKey(sources, outcome, 'outcome');
  for (const key of benchmarks) checkKey(sources, key, 'benchmark');
  const settingsC = { seed: plan.seed, bootstrap: plan.bootstrap, rboP: 0.9, includeBaselines: false };
  const { run, c } = correlationRun(sources, benchmarks, outcome, settingsC, plan.command);
  const corr = await writeRunDir(join(out, 'correlation'), run, []);
  const runs: LoadedRun[] = [
    { path: bon.runFile, run: probe.run },
    { path: corr.runFile, run },
  ];
  return {
    runs,
    summary: `${probe.summary()}\n${correlationSummary(c, outcome, plan.bootstrap.level)}`,
    warnings: [...probe.run.suites[0]!.warnings, ...c.warnings],
  };
}

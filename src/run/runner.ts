import { ModelError, RewardgaugeError, UsageError } from '../core/errors.js';
import { createModel } from './models.js';
import { prefetchScores } from './prefetch.js';
import { creditFormMetrics } from '../metrics/credit-forms.js';
import { defaultModelId, parseModelSpec, uniqueIds } from '../core/model-spec.js';
import { confoundedSubsets, confoundingOf, LENGTH_BASELINE } from './confounding.js';
import { newRunFile } from '../core/run-file.js';
import type { Example, ModelEntry, ResultRow, RunFile, SuiteEntry } from '../core/run-schema.js';
import { evaluateModel } from './evaluate-model.js';
import { loadSuites, type LoadedSuite } from './load-suites.js';
import { limitSuites } from './limit.js';
import type { ScoreLine } from '../core/score-line.js';
import type { LoadedModel } from '../core/types.js';
import type { RunIO, RunPlan } from './plan.js';
import { selectShard } from './shard.js';
import { LineSpool } from '../core/line-spool.js';

/** The length baseline (confounding.ts), loaded: a heuristic, so cheap, and nothing to dispose. */
const loadLengthBaseline = (plan: Pick<RunPlan, 'seed' | 'cwd'>): Promise<LoadedModel> =>
  createModel({ ...parseModelSpec(LENGTH_BASELINE), id: LENGTH_BASELINE }, { seed: plan.seed, cwd: plan.cwd });

/**
 * What tells a run's own length baseline, however its spec is written: its fingerprint. A
 * fingerprint determines a model's scores (the score cache relies on it), so a model that has
 * the baseline's gives the baseline's rows.
 */
export const lengthBaselineFingerprint = async (plan: Pick<RunPlan, 'seed' | 'cwd'>): Promise<string> => (await loadLengthBaseline(plan)).model.fingerprint;

/**
 * The length baseline's result rows on the suites that have text: the run's own when it lists
 * the baseline, else a private evaluation (no cache, one bootstrap resample: only values are
 * needed), which is cheap (no model) and writes nothing.
 */
export async function lengthBaselineRows(suites: LoadedSuite[], plan: RunPlan, io: RunIO, own: ResultRow[] | undefined): Promise<ResultRow[]> {
  // A suite that reads step scores itself cannot take the baseline's one score per response.
  const withText = suites.filter((ls) => ls.data.hasText && ls.suite.stepScores !== 'own');
  if (own || withText.length === 0) return own ?? [];
  const loaded = await loadLengthBaseline(plan);
  const quiet = { ...plan, cache: { ...plan.cache, enabled: false }, bootstrap: { ...plan.bootstrap, samples: 1 } };
  const spool = new LineSpool();
  try {
    return (await evaluateModel(loaded, withText, quiet, { ...io, progress: 'off', phase: () => {} }, spool)).rows;
  } finally {
    spool.dispose();
  }
}

/** Run every model on every suite. Data are checked before any model loads. */
export async function runEvaluation(plan: RunPlan, io: RunIO): Promise<{ run: RunFile; lines: ScoreLine[]; spool?: LineSpool }> {
  if (plan.models.length === 0) throw new UsageError('no models to evaluate: pass --model SPEC (e.g. --model heuristic:length)');
  // One function for the whole run, so the models sharing a cache folder warn about it once.
  const log = io.log;
  if (!io.warnCache) io = { ...io, warnCache: (m) => log(`cache: warning: ${m}`) };
  const loadStarted = performance.now();
  const suites = await loadSuites(plan, io);
  io.phase?.('load', (performance.now() - loadStarted) / 1000);
  // A streamed dataset's lines go to a file, not memory; the caller writes them (writeRunDir) and disposes of it.
  const spool = suites.some((ls) => ls.stream) ? new LineSpool() : undefined;
  if (plan.shard) {
    for (const ls of suites) {
      if (ls.stream) {
        io.log(`${ls.suite.id}: shard ${plan.shard.index}/${plan.shard.count} holds ${ls.stream.items} of ${ls.stream.total} items`);
        continue;
      }
      const all = ls.data.items.length;
      ls.data = { ...ls.data, items: selectShard(ls.suite.id, ls.data.items, plan.shard) };
      io.log(`${ls.suite.id}: shard ${plan.shard.index}/${plan.shard.count} holds ${ls.data.items.length} of ${all} items`);
    }
  }
  if (plan.limit !== undefined) limitSuites(suites, plan.limit, io);
  try {
    return await evaluateAll(plan, io, suites, spool);
  } catch (err) {
    spool?.dispose();
    throw err;
  }
}

async function evaluateAll(
  plan: RunPlan,
  io: RunIO,
  suites: LoadedSuite[],
  spool: LineSpool | undefined,
): Promise<{ run: RunFile; lines: ScoreLine[]; spool?: LineSpool }> {
  const ids = uniqueIds(plan.models.map(defaultModelId));
  const modelEntries: ModelEntry[] = [];
  const results: ResultRow[] = [];
  const lines: ScoreLine[] = [];
  const examples: Example[] = [];
  let lastDeviceReason: string | undefined;
  let lengthRows: ResultRow[] | undefined;
  const baseline = await lengthBaselineFingerprint(plan);
  for (const [m, spec] of plan.models.entries()) {
    let loaded: LoadedModel;
    try {
      loaded = await createModel(
        { ...spec, id: ids[m]! },
        {
          seed: plan.seed,
          cwd: spec.baseDir ?? plan.cwd,
          ...(plan.device !== undefined && { device: plan.device }),
          ...(plan.encoding && { encoding: plan.encoding }),
        },
      );
    } catch (err) {
      if (err instanceof RewardgaugeError) throw err;
      throw new ModelError(`could not load model "${spec.source}": ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    try {
      const out = await evaluateModel(loaded, suites, plan, io, spool);
      results.push(...out.rows);
      if (loaded.model.fingerprint === baseline) lengthRows ??= out.rows;
      // Not push(...lines): a spread of a million arguments overflows the stack.
      for (const l of out.lines) lines.push(l);
      examples.push(...out.examples);
      const s = out.stats;
      io.log(
        `${loaded.model.id}: ${s.requests} requests (${s.uniqueRequests} unique), ${s.cacheHits} from cache, ${s.modelCalls} model calls, ${s.seconds.toFixed(1)} s`,
      );
      const warnings = [...(loaded.model.warnings ?? []), ...out.tokenization.warnings, ...out.warnings];
      for (const w of warnings) io.log(`${loaded.model.id}: warning: ${w}`);
      const runtime = loaded.model.runtime?.();
      if (runtime) {
        // The device's reason is the same for every local model of a run; say it once.
        if (runtime.device.reason !== lastDeviceReason) io.log(`device: ${runtime.device.provider} (${(lastDeviceReason = runtime.device.reason)})`);
        if (runtime.tokensPerSecond)
          io.log(
            `${loaded.model.id}: ${Math.round(runtime.tokensPerSecond)} tokens/s, ${runtime.itemsPerSecond!.toFixed(1)} items/s on ${runtime.device.provider}`,
          );
      }
      modelEntries.push({
        id: loaded.model.id,
        spec: spec.source,
        adapter: spec.adapter,
        fingerprint: loaded.model.fingerprint,
        baseline: loaded.model.baseline === true,
        options: spec.options,
        stats: s,
        warnings,
        ...(runtime && { runtime }),
        ...(loaded.model.inspect && { tokenization: out.tokenization.checks }),
      });
      // After the entry is made, so that what is scored ahead counts in none of its figures.
      if (plan.prefetch) await prefetchScores(loaded, plan.prefetch, plan, io);
    } finally {
      await loaded.model.dispose?.();
    }
  }
  // A PRM suite that no model could be scored on measured nothing: an error, not an empty column.
  // What was scored is in the cache, so the rerun the message suggests asks the models nothing.
  for (const ls of suites) {
    if (ls.suite.stepScores !== 'own' || results.some((r) => r.suite === ls.suite.id)) continue;
    throw new UsageError(
      `suite ${ls.suite.id} needs a process reward model (one score per step of context.steps), and no model of this run returned step scores (${modelEntries.map((m) => `"${m.id}"`).join(', ')}); ` +
        `run it with a PRM (e.g. dpo:(POLICY,REF) for PRIME step rewards, or scores:FILE with one list of step scores per response)${plan.cache.enabled ? ', and the other suites again without it: their scores are cached' : ''}`,
    );
  }
  const length = await lengthBaselineRows(suites, plan, io, lengthRows);
  const suiteEntries: SuiteEntry[] = suites.map(({ suite, options, data, stream }) => {
    const confounding = data.hasText ? confoundingOf(suite.id, suite.primaryMetric, length) : undefined;
    return {
      id: suite.id,
      version: suite.version,
      items: stream?.items ?? data.items.length,
      dataset: data.fingerprint,
      data: data.file,
      format: data.format,
      primaryMetric: suite.primaryMetric,
      // Credit-form metrics are listed only when some model gave step scores (they have rows), so other runs are unchanged.
      metrics: [...suite.metrics, ...creditFormMetrics(suite).filter((m) => results.some((r) => r.suite === suite.id && r.metric === m.id))].map(
        ({ tiedBy: _t, ...m }) => m,
      ),
      options,
      warnings: data.warnings,
      ...(data.source && { source: data.source }),
      ...(confounding && { confounding }),
    };
  });
  for (const s of suiteEntries) {
    const marked = confoundedSubsets(s.confounding);
    if (marked.length > 0) io.log(`${s.id}: confounded (${LENGTH_BASELINE} above ${s.confounding!.threshold}): ${marked.join(', ')}`);
  }
  const run: RunFile = newRunFile({
    seed: plan.seed,
    command: plan.command,
    config: plan.config,
    bootstrap: plan.bootstrap,
    models: modelEntries,
    suites: suiteEntries,
    results,
    examples,
  });
  return { run, lines, ...(spool && { spool }) };
}

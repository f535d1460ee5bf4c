import { suites as suiteRegistry } from '../benchmarks/index.js';
import { confoundingOf } from './confounding.js';
import { degenerateWarnings, isDegenerateWarning } from '../core/degenerate.js';
import { UsageError } from '../core/errors.js';
import { EXAMPLES_PER_SUITE } from './examples.js';
import { loadSuites } from './load-suites.js';
import { isTextEncoding } from '../core/text-encoding.js';
import { ScoredTable } from '../core/scored-table.js';
import { resultRows } from '../metrics/results.js';
import { reportedMetrics } from '../metrics/credit-forms.js';
import { newRunFile } from '../core/run-file.js';
import type { Example, ModelEntry, ModelRuntime, ResultRow, RunFile, SuiteEntry, TokenizationCheck } from '../core/run-schema.js';
import type { RunIO, RunPlan } from './plan.js';
import { lengthBaselineFingerprint, lengthBaselineRows } from './runner.js';
import type { ScoreLine } from '../core/score-line.js';
import { readShardSet } from './shard-set.js';

const union = (lists: readonly (readonly string[])[]): string[] => [...new Set(lists.flat())];

/** Ranked as mostWrong ranks (examples.ts): worst value first, then lowest margin, then item id. */
function topExamples(examples: readonly Example[], higherIsBetter: boolean): Example[] {
  const sign = higherIsBetter ? 1 : -1;
  return [...examples]
    .sort((a, b) => sign * (a.value - b.value) || (a.margin ?? 0) - (b.margin ?? 0) || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0))
    .slice(0, EXAMPLES_PER_SUITE);
}

function mergeRuntime(list: ModelRuntime[]): ModelRuntime {
  const first = list[0]!;
  const sum = (f: (r: ModelRuntime) => number) => list.reduce((acc, r) => acc + f(r), 0);
  const tokens = sum((r) => r.tokens);
  const items = sum((r) => r.items);
  const busy = sum((r) => r.busySeconds);
  const session = sum((r) => r.sessionSeconds);
  const achieved = first.flopsPerToken !== null && session > 0 ? (first.flopsPerToken * tokens) / (session / first.workers) : undefined;
  return {
    ...first,
    batches: sum((r) => r.batches),
    items,
    tokens,
    paddedTokens: sum((r) => r.paddedTokens),
    sessionSeconds: session,
    busySeconds: busy,
    tokensPerSecond: busy > 0 ? tokens / busy : null,
    itemsPerSecond: busy > 0 ? items / busy : null,
    mfu: first.peakFlops !== null && achieved !== undefined ? achieved / first.peakFlops : null,
  };
}

/** Per-suite token statistics summed over shards; p95 becomes the largest shard p95 (an upper bound: percentiles do not add). */
function mergeTokenization(lists: TokenizationCheck[][]): TokenizationCheck[] {
  return lists[0]!.map((c) => {
    const all = lists.flatMap((l) => l.filter((x) => x.suite === c.suite));
    const requests = all.reduce((a, x) => a + x.requests, 0);
    const truncated = all.reduce((a, x) => a + x.truncated, 0);
    return {
      ...c,
      requests,
      meanTokens: requests > 0 ? all.reduce((a, x) => a + x.meanTokens * x.requests, 0) / requests : 0,
      p95Tokens: Math.max(...all.map((x) => x.p95Tokens)),
      maxTokens: Math.max(...all.map((x) => x.maxTokens)),
      truncated,
      truncationRate: requests > 0 ? truncated / requests : 0,
      duplicatedBos: all.reduce((a, x) => a + x.duplicatedBos, 0),
      missingEnd: all.some((x) => x.missingEnd === null) ? null : all.reduce((a, x) => a + x.missingEnd!, 0),
    };
  });
}

function mergeModel(entries: ModelEntry[]): ModelEntry {
  const first = entries[0]!;
  const stats = { ...first.stats };
  for (const e of entries.slice(1)) for (const k of Object.keys(stats) as (keyof typeof stats)[]) stats[k] += e.stats[k];
  const warnings = union(entries.map((e) => e.warnings));
  const runtimes = entries.flatMap((e) => (e.runtime ? [e.runtime] : []));
  const providers = union([runtimes.map((r) => r.device.provider)]);
  if (providers.length > 1) warnings.push(`the shards ran on different devices (${providers.join(', ')}); runtime figures are summed over them`);
  const tokenization = entries.every((e) => e.tokenization) ? mergeTokenization(entries.map((e) => e.tokenization!)) : undefined;
  const { runtime: _r, tokenization: _t, ...rest } = first;
  return {
    ...rest,
    stats,
    warnings,
    ...(runtimes.length === entries.length && runtimes.length > 0 && { runtime: mergeRuntime(runtimes) }),
    ...(tokenization && { tokenization }),
  };
}

export interface MergeOptions {
  cwd: string;
  command: string[];
  io: RunIO;
}

/**
 * One run from the run folders of its shards, with the results an unsharded run would have:
 * every result row is recomputed from the per-item values in the shards' scores.jsonl, with the
 * run's seed and bootstrap settings, by the function the runner uses.
 */
export async function mergeShards(dirs: readonly string[], o: MergeOptions): Promise<{ run: RunFile; lines: ScoreLine[] }> {
  const shards = await readShardSet(dirs);
  const base = shards[0]!.run;
  const stats = { seed: base.seed, samples: base.statistics.bootstrap.samples, level: base.statistics.bootstrap.level };

  const lines: ScoreLine[] = [];
  const results: ResultRow[] = [];
  const metricsOf = new Map<string, Awaited<ReturnType<typeof suiteRegistry.load>>['suite']>();
  const scoredOf = new Map<string, ScoredTable>();
  for (const x of base.suites) {
    const { suite } = await suiteRegistry.load(x.id);
    if (suite.version !== x.version)
      throw new UsageError(
        `suite "${x.id}" is version ${suite.version} in this rewardgauge but version ${x.version} in the shards: merge with the version that made them (${base.tool.version})`,
      );
    metricsOf.set(x.id, suite);
  }
  for (const m of base.models) {
    for (const x of base.suites) {
      const own = shards.flatMap((s) => s.lines.filter((l) => l.model === m.id && l.suite === x.id));
      for (const l of own) lines.push(l); // a spread of a million arguments overflows the stack
      const scored = new ScoredTable();
      for (const l of own) scored.add({ id: l.item, cluster: l.cluster!, subset: l.subset, facets: l.facets, values: l.values, series: l.series });
      scoredOf.set(JSON.stringify([m.id, x.id]), scored);
      results.push(...resultRows(m.id, x.id, reportedMetrics(metricsOf.get(x.id)!), scored, stats));
    }
  }

  // The length baseline of the whole data: the run's own rows when it lists the baseline (found
  // by fingerprint, as the runner finds it), else a private evaluation of the datasets, which
  // must then be here.
  const confounded = base.suites.filter((x) => shards.some((s) => s.run.suites.find((y) => y.id === x.id)?.confounding));
  let lengthRows: ResultRow[] = [];
  if (confounded.length > 0) {
    const fingerprint = await lengthBaselineFingerprint({ seed: base.seed, cwd: o.cwd });
    const own = base.models.find((m) => m.fingerprint === fingerprint);
    if (own) lengthRows = results.filter((r) => r.model === own.id);
    else {
      const plan: RunPlan = {
        models: [],
        // A preset's data in parts is its default data again (the fingerprint check below catches a change).
        suites: confounded.map((x) => ({ id: x.id, options: x.options, ...(!x.source?.parts && { data: x.data }) })),
        seed: base.seed,
        concurrency: 1,
        bootstrap: { samples: stats.samples, level: stats.level },
        cache: { dir: '', enabled: false },
        // The shards decoded their data this way (checkSameRun holds them to one config).
        ...(isTextEncoding(base.config.encoding) && { encoding: base.config.encoding }),
        cwd: o.cwd,
        command: [],
        config: {},
      };
      let loaded;
      try {
        loaded = await loadSuites(plan);
      } catch (err) {
        throw new UsageError(
          `the run lists no heuristic:length, so merge recomputes the length baseline (confounding) from the datasets, and one cannot be read: ${(err as Error).message}`,
          { cause: err },
        );
      }
      loaded.forEach((ls, k) => {
        if (ls.data.fingerprint !== confounded[k]!.dataset)
          throw new UsageError(`${ls.data.file} has changed since the shards ran (dataset ${ls.data.fingerprint}, the shards used ${confounded[k]!.dataset})`);
      });
      lengthRows = await lengthBaselineRows(loaded, plan, o.io, undefined);
    }
  }

  const suites: SuiteEntry[] = base.suites.map((x) => {
    const entries = shards.map((s) => s.run.suites.find((y) => y.id === x.id)!);
    const { confounding: _c, ...rest } = x;
    const confounding = confounded.includes(x) ? confoundingOf(x.id, x.primaryMetric, lengthRows) : undefined;
    return { ...rest, items: entries.reduce((a, e) => a + e.items, 0), warnings: union(entries.map((e) => e.warnings)), ...(confounding && { confounding }) };
  });

  // A shard's degenerate warnings describe its part of the data; the whole run's replace them.
  const models = base.models.map((m) => {
    const merged = mergeModel(shards.map((s) => s.run.models.find((x) => x.id === m.id)!));
    const own = results.filter((r) => r.model === m.id);
    const fresh = m.baseline
      ? []
      : base.suites.flatMap((x) => degenerateWarnings(metricsOf.get(x.id)!, scoredOf.get(JSON.stringify([m.id, x.id]))!, own, merged.tokenization));
    return { ...merged, warnings: [...merged.warnings.filter((w) => !isDegenerateWarning(w)), ...fresh] };
  });

  let examples: Example[] | undefined;
  if (shards.some((s) => s.run.examples)) {
    examples = [];
    for (const m of base.models) {
      for (const x of base.suites) {
        const pool = shards.flatMap((s) => (s.run.examples ?? []).filter((e) => e.model === m.id && e.suite === x.id));
        const higher = metricsOf.get(x.id)!.metrics.find((d) => d.id === x.primaryMetric)?.higherIsBetter ?? true;
        examples.push(...topExamples(pool, higher));
      }
    }
  }

  const { shard: _s, ...config } = base.config;
  const run = newRunFile({
    seed: base.seed,
    command: o.command,
    config,
    bootstrap: { samples: stats.samples, level: stats.level },
    models,
    suites,
    results,
    ...(examples && { examples }),
  });
  return { run, lines };
}

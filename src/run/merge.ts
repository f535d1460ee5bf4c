import { join } from 'node:path';
import { suites as suiteRegistry } from '../benchmarks/index.js';
import { canonicalJson } from '../core/canonical.js';
import { confoundingOf } from './confounding.js';
import { degenerateWarnings, isDegenerateWarning } from '../core/degenerate.js';
import { DataError, UsageError } from '../core/errors.js';
import { EXAMPLES_PER_SUITE } from './examples.js';
import { loadSuites } from './load-suites.js';
import { isTextEncoding } from '../core/text-encoding.js';
import { resultRows, type ScoredItem } from '../metrics/results.js';
import { newRunFile, readRunFile } from '../core/run-file.js';
import type { Example, ModelEntry, ModelRuntime, ResultRow, RunFile, SuiteEntry, TokenizationCheck } from '../core/run-schema.js';
import type { RunIO, RunPlan } from './plan.js';
import { lengthBaselineFingerprint, lengthBaselineRows } from './runner.js';
import { readScoreLines, type ScoreLine, type ScoreRecord } from '../core/score-line.js';
import { shardOf, type Shard } from './shard.js';

/** One shard's run folder as merge reads it. */
interface ShardRun {
  dir: string;
  run: RunFile;
  shard: Shard;
  lines: ScoreLine[];
  /** The file line of each of `lines`, for messages. */
  at: number[];
}

/**
 * Config keys that may differ between shards: they change how a run was executed (where its
 * cache lives, how many batches were in flight), never a score, so CI jobs may set them freely.
 */
const EXECUTION_KEYS = ['shard', 'cache', 'concurrency', 'batchSize', 'configFile'];

const configOf = (run: RunFile): Record<string, unknown> =>
  Object.fromEntries(Object.entries(run.config).filter(([k]) => !EXECUTION_KEYS.includes(k)));

const brief = (v: unknown): string => {
  const s = v === undefined ? 'nothing' : JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
};

function shardOfRun(dir: string, run: RunFile): Shard {
  const s = run.config.shard as Partial<Shard> | undefined;
  if (s === undefined) throw new UsageError(`${dir}: not a shard (its run.json has no config.shard; was it made with rewardgauge run --shard I/N?)`);
  if (!Number.isInteger(s.index) || !Number.isInteger(s.count) || s.count! < 1 || s.index! < 1 || s.index! > s.count!) {
    throw new UsageError(`${dir}: config.shard must be {"index": I, "count": N} with 1 ≤ I ≤ N, got ${brief(s)}`);
  }
  return { index: s.index!, count: s.count! };
}

async function readShard(dir: string): Promise<ShardRun> {
  const run = await readRunFile(dir);
  const shard = shardOfRun(dir, run);
  const file = join(dir, 'scores.jsonl');
  let records: ScoreRecord[];
  try {
    records = await readScoreLines(file);
  } catch (err) {
    if (err instanceof DataError && err.problem === 'file not found') {
      throw new DataError({ file }, "file not found; merge recomputes every result from the shards' per-item scores");
    }
    throw err;
  }
  // ScoreLineSchema lets cluster be absent (files from before it was recorded); a shard's lines need it to be placed.
  const unplaced = records.find((r) => r.value.cluster === undefined);
  if (unplaced) throw new DataError({ file, line: unplaced.line, field: 'cluster' }, "missing required field (merge checks each item's shard by its cluster)");
  return { dir, run, shard, lines: records.map((r) => r.value), at: records.map((r) => r.line) };
}

/** Shards 1..N of one N, each exactly once, sorted by index. */
function checkSet(shards: ShardRun[]): ShardRun[] {
  const name = (s: ShardRun) => `${s.dir} (${s.shard.index}/${s.shard.count})`;
  const counts = [...new Set(shards.map((s) => s.shard.count))];
  if (counts.length > 1) throw new UsageError(`the shards come from different splits: ${shards.map(name).join(', ')}`);
  const n = counts[0]!;
  const byIndex = new Map<number, ShardRun>();
  for (const s of shards) {
    const other = byIndex.get(s.shard.index);
    if (other) throw new UsageError(`shard ${s.shard.index}/${n} is given twice: ${other.dir} and ${s.dir}`);
    byIndex.set(s.shard.index, s);
  }
  const missing = Array.from({ length: n }, (_, k) => k + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    throw new UsageError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${n}`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing (given: ${shards.map(name).join(', ')})`);
  }
  return [...byIndex.values()].sort((a, b) => a.shard.index - b.shard.index);
}

/** Everything that decides a number must be the same in every shard; say what differs and where. */
function checkSameRun(shards: ShardRun[]): void {
  const [first, ...rest] = shards;
  const at = (s: ShardRun) => `shard ${s.shard.index} (${s.dir})`;
  const differs = (what: string, a: unknown, b: unknown, s: ShardRun): UsageError =>
    new UsageError(`the shards are not parts of one run: ${what} differs: ${brief(a)} in ${at(first!)}, ${brief(b)} in ${at(s)}`);
  for (const s of rest) {
    const a = first!.run;
    const b = s.run;
    if (a.tool.version !== b.tool.version) throw differs('the rewardgauge version', a.tool.version, b.tool.version, s);
    if (a.seed !== b.seed) throw differs('the seed', a.seed, b.seed, s);
    if (canonicalJson(a.statistics) !== canonicalJson(b.statistics)) throw differs('the bootstrap settings', a.statistics.bootstrap, b.statistics.bootstrap, s);
    const ca = configOf(a);
    const cb = configOf(b);
    for (const k of [...new Set([...Object.keys(ca), ...Object.keys(cb)])].sort()) {
      if (canonicalJson(ca[k] ?? null) !== canonicalJson(cb[k] ?? null)) throw differs(`config.${k}`, ca[k], cb[k], s);
    }
    const ids = (r: RunFile) => r.models.map((m) => m.id);
    if (canonicalJson(ids(a)) !== canonicalJson(ids(b))) throw differs('the list of models', ids(a), ids(b), s);
    a.models.forEach((m, k) => {
      const o = b.models[k]!;
      if (m.spec !== o.spec) throw differs(`model "${m.id}"'s spec`, m.spec, o.spec, s);
      if (m.fingerprint !== o.fingerprint) throw differs(`model "${m.id}"'s fingerprint`, m.fingerprint, o.fingerprint, s);
    });
    const sids = (r: RunFile) => r.suites.map((x) => x.id);
    if (canonicalJson(sids(a)) !== canonicalJson(sids(b))) throw differs('the list of suites', sids(a), sids(b), s);
    a.suites.forEach((x, k) => {
      const o = b.suites[k]!;
      if (x.version !== o.version) throw differs(`suite "${x.id}"'s version`, x.version, o.version, s);
      if (x.dataset !== o.dataset) throw differs(`suite "${x.id}"'s dataset (${x.data})`, x.dataset, o.dataset, s);
      if (canonicalJson(x.options) !== canonicalJson(o.options)) throw differs(`suite "${x.id}"'s options`, x.options, o.options, s);
    });
  }
}

/** Each shard's scores.jsonl is complete, holds only its own clusters, and no item is scored twice. */
function checkLines(shards: ShardRun[]): void {
  const seen = new Map<string, string>();
  for (const s of shards) {
    const file = join(s.dir, 'scores.jsonl');
    const counts = new Map<string, number>();
    const models = new Set(s.run.models.map((m) => m.id));
    const suites = new Set(s.run.suites.map((x) => x.id));
    s.lines.forEach((l, i) => {
      if (!models.has(l.model) || !suites.has(l.suite)) throw new DataError({ file, line: s.at[i] }, `model "${l.model}" on suite "${l.suite}" is not in the shard's run.json`);
      const home = shardOf(l.suite, l.cluster!, s.shard.count);
      if (home !== s.shard.index) throw new DataError({ file, line: s.at[i], field: 'cluster' }, `item "${l.item}" belongs to shard ${home}/${s.shard.count}, not ${s.shard.index}/${s.shard.count}`);
      const key = JSON.stringify([l.model, l.suite, l.item]);
      const before = seen.get(key);
      if (before) throw new DataError({ file, line: s.at[i] }, `item "${l.item}" of suite "${l.suite}" for model "${l.model}" is also in ${before}`);
      seen.set(key, `${file}:${s.at[i]}`);
      const ms = JSON.stringify([l.model, l.suite]);
      counts.set(ms, (counts.get(ms) ?? 0) + 1);
    });
    for (const m of s.run.models) {
      for (const x of s.run.suites) {
        const got = counts.get(JSON.stringify([m.id, x.id])) ?? 0;
        if (got !== x.items) throw new UsageError(`${file} has ${got} lines for model "${m.id}" on suite "${x.id}", but its run.json says the shard has ${x.items} items: the file is incomplete or from another run`);
      }
    }
  }
}

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
  return { ...rest, stats, warnings, ...(runtimes.length === entries.length && runtimes.length > 0 && { runtime: mergeRuntime(runtimes) }), ...(tokenization && { tokenization }) };
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
  const shards = checkSet(await Promise.all(dirs.map(readShard)));
  checkSameRun(shards);
  checkLines(shards);
  const base = shards[0]!.run;
  const stats = { seed: base.seed, samples: base.statistics.bootstrap.samples, level: base.statistics.bootstrap.level };

  const lines: ScoreLine[] = [];
  const results: ResultRow[] = [];
  const metricsOf = new Map<string, Awaited<ReturnType<typeof suiteRegistry.load>>['suite']>();
  const scoredOf = new Map<string, ScoredItem[]>();
  for (const x of base.suites) {
    const { suite } = await suiteRegistry.load(x.id);
    if (suite.version !== x.version) throw new UsageError(`suite "${x.id}" is version ${suite.version} in this rewardgauge but version ${x.version} in the shards: merge with the version that made them (${base.tool.version})`);
    metricsOf.set(x.id, suite);
  }
  for (const m of base.models) {
    for (const x of base.suites) {
      const own = shards.flatMap((s) => s.lines.filter((l) => l.model === m.id && l.suite === x.id));
      lines.push(...own);
      const scored: ScoredItem[] = own.map((l) => ({ id: l.item, cluster: l.cluster!, subset: l.subset, facets: l.facets, values: l.values }));
      scoredOf.set(JSON.stringify([m.id, x.id]), scored);
      results.push(...resultRows(m.id, x.id, metricsOf.get(x.id)!.metrics, scored, stats));
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
        throw new UsageError(`the run lists no heuristic:length, so merge recomputes the length baseline (confounding) from the datasets, and one cannot be read: ${(err as Error).message}`, { cause: err });
      }
      loaded.forEach((ls, k) => {
        if (ls.data.fingerprint !== confounded[k]!.dataset) throw new UsageError(`${ls.data.file} has changed since the shards ran (dataset ${ls.data.fingerprint}, the shards used ${confounded[k]!.dataset})`);
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
    const fresh = m.baseline ? [] : base.suites.flatMap((x) => degenerateWarnings(metricsOf.get(x.id)!, scoredOf.get(JSON.stringify([m.id, x.id]))!, own, merged.tokenization));
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

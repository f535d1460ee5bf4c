import pLimit from 'p-limit';
import { cacheKeys, isFiniteScore, type ScoreStore } from './cache.js';
import { ModelError, RewardgaugeError } from './errors.js';
import type { Progress } from './progress.js';
import type { Query } from './suite.js';
import type { RawScore, RewardModel } from './types.js';

export interface ScoreStats {
  /** Queries asked by the suites, duplicates included. */
  requests: number;
  /** Distinct queries (the same text asked twice is one). */
  uniqueRequests: number;
  /** Distinct queries answered from the cache. */
  cacheHits: number;
  /** Distinct queries sent to the model. */
  modelCalls: number;
  batches: number;
  seconds: number;
}

export interface ScorerOptions {
  concurrency: number;
  batchSize: number;
  /** Called once the number of model calls is known. */
  progress: (total: number) => Progress;
  /** Names the item behind query `k`, for error messages. */
  describe: (k: number) => string;
  /** The queries' cache keys, when the caller has them already (a streamed run counts distinct keys across chunks). */
  keys?: readonly string[];
}

function checkAnswer(kind: Query['kind'], v: unknown): v is RawScore {
  if (kind === 'compare') return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1;
  return isFiniteScore(v);
}

function show(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (v === undefined) return 'nothing';
  return JSON.stringify(v)?.slice(0, 80) ?? String(v);
}

/**
 * Answer every query, from the cache where possible. Results are keyed by request, so they do
 * not depend on batch size, concurrency or order. Each finished batch is persisted before the
 * next result is needed; on a failure, batches already in flight finish and are kept.
 */
export async function answerQueries(
  model: RewardModel,
  store: ScoreStore,
  queries: readonly Query[],
  o: ScorerOptions,
): Promise<{ raw: RawScore[]; stats: ScoreStats }> {
  const started = performance.now();
  const keys = o.keys ?? cacheKeys(queries, model.scoresByKey === true);
  // Each distinct key's first query, and each query's distinct key: its answer is looked up once and
  // kept, not read back from the store for every query (three table lookups a request become one).
  const distinct = new Map<string, number>();
  const first: number[] = [];
  const which = new Int32Array(keys.length);
  keys.forEach((k, i) => {
    let d = distinct.get(k);
    if (d === undefined) {
      distinct.set(k, (d = first.length));
      first.push(i);
    }
    which[i] = d;
  });
  const answers = first.map((i) => store.get(keys[i]!));
  const misses = first.filter((_, d) => answers[d] === undefined);

  const batches: number[][] = [];
  for (const kind of ['score', 'compare'] as const) {
    const ofKind = misses.filter((i) => queries[i]!.kind === kind);
    for (let s = 0; s < ofKind.length; s += o.batchSize) batches.push(ofKind.slice(s, s + o.batchSize));
  }

  const progress = o.progress(misses.length);
  const limit = pLimit(o.concurrency);
  let failure: unknown;

  const runBatch = async (batch: number[]): Promise<void> => {
    if (failure !== undefined) return;
    const kind = queries[batch[0]!]!.kind;
    let out: unknown[];
    try {
      if (kind === 'score') {
        out = await model.score!(batch.map((i) => (queries[i] as Extract<Query, { kind: 'score' }>).request));
      } else {
        out = await model.compare!(batch.map((i) => (queries[i] as Extract<Query, { kind: 'compare' }>).request));
      }
    } catch (err) {
      if (err instanceof RewardgaugeError) throw err;
      const msg = err instanceof Error ? err.message : String(err);
      throw new ModelError(`model "${model.id}" failed on a batch of ${batch.length} starting at ${o.describe(batch[0]!)}: ${msg}`, { cause: err });
    }
    if (!Array.isArray(out) || out.length !== batch.length) {
      throw new ModelError(`model "${model.id}" returned ${Array.isArray(out) ? out.length : show(out)} results for a batch of ${batch.length}`);
    }
    const good: [string, RawScore][] = [];
    const at: number[] = [];
    let bad: number | undefined;
    batch.forEach((i, j) => {
      const v = out[j];
      if (checkAnswer(kind, v)) {
        good.push([keys[i]!, v]);
        at.push(which[i]!);
      } else bad ??= j;
    });
    await store.put(good);
    good.forEach(([, v], g) => (answers[at[g]!] = v));
    progress.tick(batch.length);
    if (bad !== undefined) {
      const what = kind === 'compare' ? 'a preference outside [0, 1]' : 'a score that is not a finite number';
      throw new ModelError(`model "${model.id}" returned ${what} (${show(out[bad])}) for ${o.describe(batch[bad]!)}`);
    }
  };

  await Promise.all(
    batches.map((b) =>
      limit(() =>
        // Batches not yet started see `failure` and return at once; running ones finish and are kept.
        runBatch(b).catch((err: unknown) => {
          failure ??= err;
        }),
      ),
    ),
  );
  progress.finish();
  if (failure !== undefined) throw failure;

  const raw = keys.map((_, i) => answers[which[i]!]!);
  return {
    raw,
    stats: {
      requests: queries.length,
      uniqueRequests: first.length,
      cacheHits: first.length - misses.length,
      modelCalls: misses.length,
      batches: batches.length,
      seconds: (performance.now() - started) / 1000,
    },
  };
}

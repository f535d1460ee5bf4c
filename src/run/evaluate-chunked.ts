import { cacheKeys } from '../core/cache.js';
import { DiskStore, openStore, type ScoreStore } from '../core/cache.js';
import { degenerateWarnings } from '../core/degenerate.js';
import { UsageError } from '../core/errors.js';
import type { LineSpool } from '../core/line-spool.js';
import { Progress } from '../core/progress.js';
import type { Example, ResultRow } from '../core/run-schema.js';
import { KeySet } from '../core/score-table.js';
import { answerQueries, type ScoreStats } from '../core/scorer.js';
import type { Item, Query } from '../core/suite.js';
import type { LoadedModel } from '../core/types.js';
import { ScoredTable } from '../core/scored-table.js';
import { resultRows } from '../metrics/results.js';
import { toAnswer } from '../metrics/to-scalar.js';
import { creditFormValues, reportedMetrics } from '../metrics/credit-forms.js';
import { EXAMPLES_PER_SUITE, mostWrong, type ExampleCandidate } from './examples.js';
import type { LoadedSuite } from './load-suites.js';
import type { RunIO, RunPlan } from './plan.js';
import { streamedItems } from './stream-data.js';

/**
 * A model's evaluation a chunk of items at a time, for runs with a streamed dataset: each chunk
 * is planned, scored (cache first), turned into metric values and score lines, and dropped, so
 * memory holds per-item values in columns (core/scored-table.ts), not text. Results equal the whole-dataset path's (statistics sort
 * items by cluster and id); stats count distinct requests across chunks; the most-wrong examples
 * are the same k; tokenization checks and drill-down notes, which need every request at once,
 * are left out with a warning.
 */

const CHUNK_ITEMS = 2048;

async function* itemChunks(ls: LoadedSuite, plan: RunPlan): AsyncGenerator<Item[]> {
  if (ls.stream) {
    yield* streamedItems(ls.suite, ls.options, ls.stream, plan.shard);
    return;
  }
  for (let i = 0; i < ls.data.items.length; i += CHUNK_ITEMS) yield ls.data.items.slice(i, i + CHUNK_ITEMS);
}

/** The k worst candidates so far, in mostWrong's order: a buffer sorted down to k when it fills. */
class WorstK {
  private kept: ExampleCandidate[] = [];
  constructor(private readonly higherIsBetter: boolean) {}
  add(c: ExampleCandidate): void {
    this.kept.push(c);
    if (this.kept.length >= 64 * EXAMPLES_PER_SUITE) this.kept = this.select();
  }
  select(): ExampleCandidate[] {
    const sign = this.higherIsBetter ? 1 : -1;
    return [...this.kept]
      .sort((a, b) => sign * (a.value - b.value) || (a.margin ?? 0) - (b.margin ?? 0) || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0))
      .slice(0, EXAMPLES_PER_SUITE);
  }
}

export async function evaluateChunked(
  loaded: LoadedModel,
  suites: LoadedSuite[],
  plan: RunPlan,
  io: RunIO,
  spool: LineSpool,
  exampleMetric: (ls: LoadedSuite) => string,
) {
  const { model } = loaded;
  const started = performance.now();
  const can = { score: typeof model.score === 'function', compare: typeof model.compare === 'function', probabilities: model.probabilities === true };
  // Let, so both can be let go before the statistics: at 1M pairs they hold two million keys.
  let store: ScoreStore | undefined = await openStore(plan.cache, plan.cwd, model.fingerprint, io.warnCache);
  const stats: ScoreStats = { requests: 0, uniqueRequests: 0, cacheHits: 0, modelCalls: 0, batches: 0, seconds: 0 };
  let seen: KeySet | undefined = new KeySet();
  const total = suites.reduce((n, ls) => n + (ls.stream?.items ?? ls.data.items.length), 0);
  const progress = new Progress({ label: model.id, total, stream: io.stderr, mode: io.progress });
  const examples: Example[] = [];
  const scoredBySuite: ScoredTable[] = [];
  for (const ls of suites) {
    if (!ls.data.hasText && !model.scoresByKey) {
      throw new UsageError(
        `${ls.data.file} holds scores but no response text, so only a scores: model can be evaluated on it (model "${model.id}" reads text)`,
      );
    }
    const scored = new ScoredTable();
    const primary = ls.suite.metrics.find((m) => m.id === ls.suite.primaryMetric);
    const worst = new WorstK(primary?.higherIsBetter ?? true);
    const key = exampleMetric(ls);
    for await (const items of itemChunks(ls, plan)) {
      const queries: Query[] = [];
      const owner: number[] = [];
      items.forEach((item, i) => {
        for (const q of ls.suite.plan(item, can, ls.options)) {
          queries.push(q);
          owner.push(i);
        }
      });
      const describe = (k: number): string => {
        const item = items[owner[k]!]!;
        return `item "${item.id}" of suite ${ls.suite.id}${item.line ? ` (${ls.data.file}:${item.line})` : ''}`;
      };
      const keys = cacheKeys(queries, model.scoresByKey === true);
      // A key met in an earlier chunk was scored there: here it counts as a cache hit, and it is not a new distinct request.
      let repeats = 0;
      for (const k of new Set(keys)) if (!seen!.add(k)) repeats++;
      const { raw, stats: s } = await answerQueries(model, store!, queries, {
        concurrency: plan.concurrency,
        batchSize: plan.batchSize ?? loaded.batchSize,
        describe,
        keys,
        progress: (n) => new Progress({ label: model.id, total: n, stream: io.stderr, mode: 'off' }),
      });
      stats.requests += s.requests;
      stats.uniqueRequests += s.uniqueRequests - repeats;
      stats.cacheHits += s.cacheHits - repeats;
      stats.modelCalls += s.modelCalls;
      stats.batches += s.batches;
      stats.seconds += s.seconds;
      let text = '';
      let start = 0;
      items.forEach((item, i) => {
        let end = start;
        while (end < owner.length && owner[end] === i) end++;
        const own = ls.suite.stepScores === 'own';
        const answers = raw.slice(start, end).map((r, j) => toAnswer(queries[start + j]!, r, loaded, own, () => describe(start + j)));
        start = end;
        const outcome = ls.suite.outcome(item, answers, ls.options, can);
        const { detail, series } = outcome;
        const values = { ...outcome.values, ...creditFormValues(ls.suite, item, answers, ls.options) };
        scored.add({ id: item.id, cluster: item.cluster, subset: item.subset, facets: item.facets, values, series });
        const line = {
          model: model.id,
          suite: ls.suite.id,
          item: item.id,
          key: item.key ?? item.id,
          cluster: item.cluster,
          subset: item.subset,
          facets: item.facets,
          values,
          ...(series && { series }),
          ...detail,
        };
        text += `${JSON.stringify(line)}\n`;
        const value = values[key];
        const view = ls.suite.view;
        if (view && ls.data.hasText && value !== undefined)
          worst.add({ item: item.id, subset: item.subset, value, margin: outcome.margin, view: () => view(item, outcome) });
      });
      spool.append(text, items.length);
      progress.tick(items.length);
    }
    examples.push(...mostWrong(model.id, ls.suite.id, worst.select(), primary?.higherIsBetter ?? true));
    scoredBySuite.push(scored);
  }
  progress.finish();
  if (store instanceof DiskStore) await store.sync();
  store = undefined;
  seen = undefined;
  const statisticsStarted = performance.now();
  const rows: ResultRow[] = [];
  const warnings: string[] = [];
  suites.forEach((ls, s) => {
    const own = resultRows(model.id, ls.suite.id, reportedMetrics(ls.suite), scoredBySuite[s]!, { seed: plan.seed, ...plan.bootstrap });
    rows.push(...own);
    if (!model.baseline) warnings.push(...degenerateWarnings(ls.suite, scoredBySuite[s]!, own, []));
  });
  const statistics = (performance.now() - statisticsStarted) / 1000;
  if (model.inspect) warnings.push('tokenization checks were skipped: the dataset was streamed, and they need every request at once');
  if (model.explain) warnings.push("the report's examples have no notes: the dataset was streamed");
  io.phase?.('score', (performance.now() - started) / 1000 - statistics);
  io.phase?.('statistics', statistics);
  return { rows, stats, tokenization: { checks: [], warnings: [] }, examples, warnings };
}

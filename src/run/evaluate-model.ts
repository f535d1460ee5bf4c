import { DiskStore, openStore } from '../core/cache.js';
import { UsageError } from '../core/errors.js';
import { toAnswer } from '../metrics/to-scalar.js';
import { creditFormValues, reportedMetrics } from '../metrics/credit-forms.js';
import { degenerateWarnings } from '../core/degenerate.js';
import { Progress } from '../core/progress.js';
import { ScoredTable } from '../core/scored-table.js';
import { resultRows } from '../metrics/results.js';
import { metricKeys } from '../metrics/statistic-plan.js';
import type { Example, ResultRow } from '../core/run-schema.js';
import { answerQueries } from '../core/scorer.js';
import { tokenizationChecks } from './checks.js';
import { explainExamples, mostWrong, storedNotes, type ExampleCandidate } from './examples.js';
import type { LoadedSuite } from './load-suites.js';
import type { ScoreLine } from '../core/score-line.js';
import type { Item, Query } from '../core/suite.js';
import type { LoadedModel, RawScore } from '../core/types.js';
import type { RunIO, RunPlan } from './plan.js';
import { evaluateChunked } from './evaluate-chunked.js';
import { LineSpool } from '../core/line-spool.js';

/** One model on the run's suites, with the whole dataset in memory (or, for a streamed one, a chunk at a time). */

/** The per-item value that ranks the most-wrong examples: the primary metric's, or a combined primary's first part. */
function exampleMetric(suite: LoadedSuite['suite']): string {
  if (suite.exampleMetric) return suite.exampleMetric;
  const primary = suite.metrics.find((m) => m.id === suite.primaryMetric);
  return primary?.reduce === 'combine' ? (metricKeys(primary, new Map(suite.metrics.map((m) => [m.id, m])))[0] ?? suite.primaryMetric) : suite.primaryMetric;
}

/**
 * The suites that read step scores themselves (processbench) to which this model gave a single
 * score for every response: a scalar reward model in a run with a PRM suite is left out of that
 * suite, with a warning, instead of stopping the run. A model that gives steps for some
 * responses and not others is still refused (toAnswer), since that is a broken PRM.
 */
function stepSuitesWithoutSteps(
  suites: LoadedSuite[],
  owners: readonly { s: number; start: number; count: number }[],
  queries: readonly Query[],
  raw: readonly RawScore[],
): Set<number> {
  const scalarOnly = new Set<number>();
  suites.forEach((ls, s) => {
    if (ls.suite.stepScores !== 'own') return;
    const mine = owners.filter((o) => o.s === s).flatMap((o) => raw.slice(o.start, o.start + o.count).filter((_, j) => queries[o.start + j]!.kind === 'score'));
    if (mine.length > 0 && mine.every((r) => typeof r === 'number')) scalarOnly.add(s);
  });
  return scalarOnly;
}

export async function evaluateModel(loaded: LoadedModel, suites: LoadedSuite[], plan: RunPlan, io: RunIO, spool?: LineSpool) {
  // A streamed dataset is evaluated a chunk at a time, its lines spooled to a file (evaluate-chunked.ts).
  if (suites.some((ls) => ls.stream)) {
    const out = await evaluateChunked(loaded, suites, plan, io, spool ?? new LineSpool(), (ls) => exampleMetric(ls.suite));
    return { ...out, lines: [] as ScoreLine[] };
  }
  const { model } = loaded;
  const scoringStarted = performance.now();
  const can = { score: typeof model.score === 'function', compare: typeof model.compare === 'function', probabilities: model.probabilities === true };
  const queries: Query[] = [];
  const owners: { s: number; item: Item; start: number; count: number }[] = [];
  suites.forEach((ls, s) => {
    if (!ls.data.hasText && !model.scoresByKey) {
      throw new UsageError(
        `${ls.data.file} holds scores but no response text, so only a scores: model can be evaluated on it (model "${model.id}" reads text)`,
      );
    }
    for (const item of ls.data.items) {
      const qs = ls.suite.plan(item, can, ls.options);
      owners.push({ s, item, start: queries.length, count: qs.length });
      queries.push(...qs);
    }
  });
  const ownerOf: number[] = [];
  owners.forEach((o, i) => ownerOf.push(...Array<number>(o.count).fill(i)));
  const describe = (k: number): string => {
    const o = owners[ownerOf[k]!]!;
    const q = queries[k]!;
    const cand = q.kind === 'score' ? q.request.key?.candidate : `${q.request.key?.a} vs ${q.request.key?.b}`;
    return `item "${o.item.id}"${cand ? ` candidate "${cand}"` : ''} of suite ${suites[o.s]!.suite.id}${o.item.line ? ` (${suites[o.s]!.data.file}:${o.item.line})` : ''}`;
  };
  const store = await openStore(plan.cache, plan.cwd, model.fingerprint, io.warnCache);
  const { raw, stats } = await answerQueries(model, store, queries, {
    concurrency: plan.concurrency,
    batchSize: plan.batchSize ?? loaded.batchSize,
    describe,
    progress: (total) => new Progress({ label: model.id, total, stream: io.stderr, mode: total > 0 ? io.progress : 'off' }),
  });
  const perSuite = suites.map((ls, s) => ({
    suite: ls.suite.id,
    requests: queries.flatMap((q, k) => (q.kind === 'score' && owners[ownerOf[k]!]!.s === s ? [q.request] : [])),
  }));
  const tokenization = await tokenizationChecks(model, perSuite, store);
  if (store instanceof DiskStore) await store.sync();

  const scored = suites.map(() => new ScoredTable());
  const exampleKeys = suites.map((ls) => exampleMetric(ls.suite));
  const worst: ExampleCandidate[][] = suites.map(() => []);
  const lines: ScoreLine[] = [];
  const warnings: string[] = [];
  const notPrm = stepSuitesWithoutSteps(suites, owners, queries, raw);
  for (const s of notPrm) {
    warnings.push(
      `${suites[s]!.suite.id}: model "${model.id}" returned one score per response, not one per step, so it is left out of this suite (it needs a process reward model)`,
    );
  }
  for (const o of owners) {
    if (notPrm.has(o.s)) continue;
    const ls = suites[o.s]!;
    const own = ls.suite.stepScores === 'own';
    const answers = raw.slice(o.start, o.start + o.count).map((r, j) => toAnswer(queries[o.start + j]!, r, loaded, own, () => describe(o.start + j)));
    const outcome = ls.suite.outcome(o.item, answers, ls.options, can);
    const { detail, series } = outcome;
    const values = { ...outcome.values, ...creditFormValues(ls.suite, o.item, answers, ls.options) };
    const { item } = o;
    scored[o.s]!.add({ id: item.id, cluster: item.cluster, subset: item.subset, facets: item.facets, values, series });
    lines.push({
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
    });
    const view = ls.suite.view;
    const value = values[exampleKeys[o.s]!];
    if (view && ls.data.hasText && value !== undefined) {
      worst[o.s]!.push({ item: item.id, subset: item.subset, value, margin: outcome.margin, view: () => view(item, outcome) });
    }
  }
  const examples: Example[] = suites.flatMap((ls, s) => {
    const primary = ls.suite.metrics.find((m) => m.id === ls.suite.primaryMetric);
    return mostWrong(model.id, ls.suite.id, worst[s]!, primary?.higherIsBetter ?? true);
  });
  // The notes are extras: a judge that is down by now (a run answered from the cache) costs them, not the run.
  // They are kept with the scores, and a run that asked the model nothing asks nothing for notes (a judge bills per call).
  if (model.explain) {
    await explainExamples(
      model.explain.bind(model),
      examples,
      (suite, item) => {
        const o = owners.find((x) => suites[x.s]!.suite.id === suite && x.item.id === item);
        return o ? queries.slice(o.start, o.start + o.count).flatMap((q) => (q.kind === 'score' ? [q.request] : [])) : [];
      },
      { cache: storedNotes(store, model.scoresByKey === true), ask: stats.modelCalls > 0 },
    )
      .then(
        ({ leftOut }) =>
          void (
            leftOut > 0 &&
            warnings.push(
              `${leftOut} drill-down note(s) left out: their scores came from the cache without notes, and this run made no model calls to explain them`,
            )
          ),
      )
      .catch((err: unknown) =>
        warnings.push(`the report's examples have no notes: explaining them failed (${err instanceof Error ? err.message : String(err)})`),
      );
  }
  const statisticsStarted = performance.now();
  io.phase?.('score', (statisticsStarted - scoringStarted) / 1000);
  const rows: ResultRow[] = suites.flatMap((ls, s) =>
    resultRows(model.id, ls.suite.id, reportedMetrics(ls.suite), scored[s]!, { seed: plan.seed, ...plan.bootstrap }),
  );
  io.phase?.('statistics', (performance.now() - statisticsStarted) / 1000);
  // A trivial baseline (heuristic:constant) is degenerate by design: its rows are marked, without a warning.
  if (!model.baseline) suites.forEach((ls, s) => warnings.push(...degenerateWarnings(ls.suite, scored[s]!, rows, tokenization.checks)));
  return { rows, lines, stats, tokenization, examples, warnings };
}

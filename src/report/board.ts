import { basename, dirname } from 'node:path';
import { columnDisagreements, splitSuiteWarning } from './board-merge.js';
import { computeOverall, resolveRank } from './board-overall.js';
import { cellKey, isDownstream, type Board, type BoardRow, type Column, type Downstream, type LoadedRun, type OverallMode } from './board-types.js';

export * from './board-types.js';

/**
 * The leaderboard as data, merged from one or more run.json files: one row per model, one
 * column per (suite, dataset, version). Pure: renderers (HTML, Markdown) only lay it out.
 */

export interface BoardOptions {
  /** Which suites the overall averages (board-overall.ts); default `common`. */
  overall?: OverallMode;
  /** `overall` or `SUITE[:METRIC]`; default the overall, else the first column. */
  rankBy?: string;
}

const runLabel = (path: string): string => basename(basename(path) === 'run.json' ? dirname(path) : path);

function uniqueLabels(keys: readonly { base: string; distinct: string; extra: string }[]): string[] {
  const variants = new Map<string, Set<string>>();
  for (const k of keys) (variants.get(k.base) ?? variants.set(k.base, new Set()).get(k.base)!).add(k.distinct);
  return keys.map((k) => (variants.get(k.base)!.size > 1 ? `${k.base} (${k.extra})` : k.base));
}

/** Merge runs. `weights` by suite id (default 1 each, 0 drops a suite); suites whose primary metric is lower-is-better stay out of the overall. */
export function buildBoard(runs: readonly LoadedRun[], weights: Record<string, number> = {}, o: BoardOptions = {}): Board {
  const warnings: string[] = [];
  const columns: Column[] = [];
  const columnOf = new Map<string, Column>();
  const suiteKeys: { base: string; distinct: string; extra: string }[] = [];
  const downstream: Downstream[] = [];
  runs.forEach(({ run }, r) => {
    for (const s of run.suites) {
      if (isDownstream(s.id)) {
        downstream.push({ kind: s.id, suite: s, run: r, models: run.models, results: run.results.filter((x) => x.suite === s.id) });
        continue;
      }
      const key = `${s.id}\u0000${s.dataset}\u0000${s.version}`;
      if (columnOf.has(key)) continue;
      const primary = run.results.find((x) => x.suite === s.id && x.metric === s.primaryMetric);
      const column: Column = {
        key,
        suite: s,
        label: s.id,
        metric: s.primaryMetric,
        higherIsBetter: s.metrics?.find((m) => m.id === s.primaryMetric)?.higherIsBetter ?? primary?.higherIsBetter ?? true,
        metrics: s.metrics ?? [],
        run: r,
        optionNotes: new Map(),
      };
      columns.push(column);
      columnOf.set(key, column);
      suiteKeys.push({ base: s.id, distinct: `${s.dataset} v${s.version}`, extra: `${basename(s.data)}, v${s.version}` });
    }
  });
  uniqueLabels(suiteKeys).forEach((label, i) => (columns[i]!.label = label));
  for (const id of new Set(columns.map((c) => c.suite.id))) {
    const split = columns.filter((c) => c.suite.id === id);
    if (split.length > 1)
      warnings.push(
        splitSuiteWarning(
          id,
          split.map((c) => ({ path: runLabel(runs[c.run]!.path), ...c.suite })),
        ),
      );
  }

  const rows: BoardRow[] = [];
  const optionsOf = new Map<string, Record<string, string>>();
  const rowOf = new Map<string, BoardRow>();
  const modelKeys: { base: string; distinct: string; extra: string }[] = [];
  runs.forEach(({ run, path }, r) => {
    // A probe-only run's models have no cells: they would be rows of dashes.
    if (run.suites.every((s) => isDownstream(s.id))) return;
    for (const m of run.models) {
      const key = `${m.id}\u0000${m.fingerprint}`;
      let row = rowOf.get(key);
      if (!row) {
        row = { key, label: m.id, model: m, run: r, results: new Map(), examples: new Map(), sources: new Map() };
        rows.push(row);
        rowOf.set(key, row);
        modelKeys.push({ base: m.id, distinct: m.fingerprint, extra: runLabel(path) });
      }
      for (const s of run.suites) {
        if (isDownstream(s.id)) continue;
        const column = columnOf.get(`${s.id}\u0000${s.dataset}\u0000${s.version}`)!;
        const own = run.results.filter((x) => x.model === m.id && x.suite === s.id);
        if (own.length === 0) continue;
        if (row.results.has(column.key))
          warnings.push(`model "${m.id}" on "${column.label}" appears in more than one run; the later run (${runLabel(path)}) is shown`);
        row.results.set(column.key, new Map(own.map((x) => [cellKey(x.subset, x.metric), x])));
        row.sources.set(column.key, r);
        optionsOf.set(`${column.key}\u0000${r}`, s.options);
        row.examples.set(
          column.key,
          (run.examples ?? []).filter((e) => e.model === m.id && e.suite === s.id),
        );
      }
    }
  });
  uniqueLabels(modelKeys).forEach((label, i) => (rows[i]!.label = label));

  const level = runs[0]?.run.statistics.bootstrap.level ?? 0.95;
  if (runs.some(({ run }) => run.statistics.bootstrap.level !== level)) warnings.push('runs used different CI levels; each interval is at its own run’s level');
  const streams = new Set(runs.map(({ run }) => run.statistics.bootstrap.stream ?? 1));
  if (streams.size > 1)
    warnings.push(
      `runs drew their bootstrap resamples from different random streams (versions ${[...streams].sort().join(', ')}): the same scores give slightly different intervals`,
    );
  for (const id of Object.keys(weights)) {
    if (isDownstream(id)) warnings.push(`--weights names suite "${id}", a probe or correlation: it is shown in its own section, never in the overall`);
    else if (!columns.some((c) => c.suite.id === id)) warnings.push(`--weights names suite "${id}", which no run has`);
  }
  for (const column of columns) {
    const used = [...new Set(rows.flatMap((row) => (row.sources.has(column.key) ? [row.sources.get(column.key)!] : [])))].sort((x, y) => x - y);
    const sources = used.map((r) => ({ run: r, path: runLabel(runs[r]!.path), options: optionsOf.get(`${column.key}\u0000${r}`)!, seed: runs[r]!.run.seed }));
    const found = columnDisagreements(column.label, sources);
    column.optionNotes = found.notes;
    warnings.push(...found.warnings);
  }
  const overall = computeOverall(columns, rows, weights, o.overall ?? 'common', level);
  const rank = resolveRank(o.rankBy, columns, rows, overall);
  return { runs: [...runs], columns, downstream, rows, weights: overall?.weights ?? [], overall, rank, level, warnings };
}

import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DataError } from '../core/errors.js';
import type { ScoredItem } from '../core/scored-table.js';
import { readRunFile } from '../core/run-file.js';
import type { RunFile } from '../core/run-schema.js';
import { readScoreLines, type ScoreRecord } from '../core/score-line.js';

/** Per-item metric values of a run, by model and suite, then item id. */
export interface RunScores {
  file: string;
  items(model: string, suite: string): ReadonlyMap<string, ScoredItem>;
  warnings: string[];
}

/** A run as the gate sees it: run.json, read and validated; scores.jsonl beside it, read only when a check needs it. */
export interface GateRun {
  /** The run.json path. */
  file: string;
  run: RunFile;
  scores(): Promise<RunScores>;
}

const pairKey = (model: string, suite: string): string => JSON.stringify([model, suite]);

/** Read scores.jsonl: any bad line is a DataError with file:line (exit 2). */
export async function readRunScores(file: string): Promise<RunScores> {
  let records: ScoreRecord[];
  try {
    records = await readScoreLines(file);
  } catch (err) {
    if (err instanceof DataError && err.problem === 'file not found') {
      throw new DataError({ file }, 'file not found; noSignificantDrop compares per-item scores, which `rewardgauge run` writes beside run.json');
    }
    throw err;
  }
  const byPair = new Map<string, Map<string, ScoredItem>>();
  const firstLine = new Map<string, number>();
  let withoutCluster = 0;
  for (const rec of records) {
    const line = rec.value;
    const key = pairKey(line.model, line.suite);
    let items = byPair.get(key);
    if (!items) byPair.set(key, (items = new Map()));
    const where = JSON.stringify([line.model, line.suite, line.item]);
    const earlier = firstLine.get(where);
    if (earlier !== undefined)
      throw new DataError({ file, line: rec.line }, `model "${line.model}", suite "${line.suite}", item "${line.item}" is already on line ${earlier}`);
    firstLine.set(where, rec.line);
    if (line.cluster === undefined) withoutCluster++;
    items.set(line.item, {
      id: line.item,
      cluster: line.cluster ?? line.item,
      ...(line.subset !== undefined && { subset: line.subset }),
      ...(line.facets !== undefined && { facets: line.facets }),
      values: line.values,
      ...(line.series !== undefined && { series: line.series }),
    });
  }
  const warnings =
    withoutCluster > 0
      ? [`${file}: ${withoutCluster} line(s) have no "cluster" (written before scores.jsonl recorded it); each such item is resampled as its own cluster`]
      : [];
  const empty = new Map<string, ScoredItem>();
  return { file, warnings, items: (model, suite) => byPair.get(pairKey(model, suite)) ?? empty };
}

/** Open a run folder (or a run.json path) for the gate. */
export async function openRun(path: string): Promise<GateRun> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new DataError({ file: path }, 'no such run folder or run.json');
  const file = info.isDirectory() ? join(path, 'run.json') : path;
  const run = await readRunFile(file);
  let scores: Promise<RunScores> | undefined;
  return { file, run, scores: () => (scores ??= readRunScores(join(dirname(file), 'scores.jsonl'))) };
}

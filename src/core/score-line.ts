import { Type, type Static } from '@sinclair/typebox';
import { readDataFile } from './data-files.js';
import { validateAt } from './validate.js';

/**
 * One line of scores.jsonl: an item's metric values for one model. Every reader checks lines
 * against this one schema, so a file that one command (gate, merge) accepts the others accept too.
 * Lines may hold more (the suite's scores or verdicts, margins); `cluster` is absent from files
 * written before it was recorded.
 */
export const ScoreLineSchema = Type.Object({
  model: Type.String({ minLength: 1 }),
  suite: Type.String({ minLength: 1 }),
  item: Type.String({ minLength: 1 }),
  key: Type.Optional(Type.String()),
  cluster: Type.Optional(Type.String()),
  subset: Type.Optional(Type.String()),
  facets: Type.Optional(Type.Record(Type.String(), Type.String())),
  values: Type.Record(Type.String(), Type.Number()),
  series: Type.Optional(Type.Record(Type.String(), Type.Array(Type.Number()))),
});

/** An evaluation's line, as written and read: the fields above, and whatever else the suite keeps. */
export type ScoreLine = Static<typeof ScoreLineSchema> & Record<string, unknown>;

/** A probe run's line (bon, ppo, distance): per-item scores without metric values, never read back. */
export type ProbeScoreLine = { model: string; suite: string; item: string; key: string } & Record<string, unknown>;

/** A checked line and the file line it stands on, for messages. */
export interface ScoreRecord {
  line: number;
  value: ScoreLine;
}

/**
 * Read a scores.jsonl. A line that is not JSON, or not a ScoreLine, is a DataError naming the
 * file, line and field (exit 2). An empty file is no lines: a shard may hold no item.
 */
export async function readScoreLines(file: string): Promise<ScoreRecord[]> {
  const data = await readDataFile(file, { allowEmpty: true });
  return data.records.map((rec) => ({ line: rec.line, value: validateAt(ScoreLineSchema, rec.value, { file, line: rec.line }) }));
}

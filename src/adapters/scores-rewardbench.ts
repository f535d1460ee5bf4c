import { readFile } from 'node:fs/promises';
import { sha256 } from '../core/canonical.js';
import type { DataRecord } from '../core/data-files.js';
import { DataError } from '../core/errors.js';
import { rewardBench2Keys } from '../core/item-keys.js';

/**
 * reward-bench's published per-item results: `eval-set-scores/<org>/<model>.json` in the Hub
 * datasets allenai/reward-bench-results (RewardBench 1) and allenai/reward-bench-2-results
 * (RewardBench 2). `scripts/run_rm.py`, `run_v2.py` and `run_generative.py` (allenai/reward-bench
 * at 05a9005) write them with `save_to_hub`: `json.dumps(Dataset.to_dict(), indent=4,
 * sort_keys=True)`, one JSON object of columns:
 *
 * - v1: `id`, `subset`, `scores_chosen`, `scores_rejected` (a number, or a one-element list),
 *   `results` (1[chosen > rejected]), plus the texts and `model`, `model_type`, `chat_template`;
 *   generative judges write `results` (1, 0, or 0.5 for an unparsed verdict) and no scores.
 * - v2: `id`, `subset`, `scores` (one list per prompt: `chosen + rejected` in order, the first
 *   `num_correct` correct), `num_correct`, `results`, `text`, ...
 *
 * The same fields one object per row (a JSON array or JSON Lines) are read too.
 */

/** One per-item row, whichever of the layouts it came from. */
export interface PublishedRow {
  line: number;
  /** `[k]` in a column layout, `[index]` in a row layout: where the row is, for errors. */
  at: string;
  value: Record<string, unknown>;
}

export interface PublishedTables {
  scores: { item: string; candidate: string; value: number; line: number; field: string }[];
  verdicts: { item: string; a: string; b: string; p: number; line: number; field: string }[];
  format: string;
}

/** Whether a JSON object is a column layout: arrays under `id` and the score columns. */
const isColumns = (v: unknown): v is Record<string, unknown> =>
  v !== null &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  Array.isArray((v as { id?: unknown }).id) &&
  ['scores_chosen', 'scores', 'results'].some((k) => k in v);

/**
 * A `.json` file holding one object of columns, as rows; undefined when the file is anything else
 * (the caller reads it as records). Each row's line is the line of the `id` column's key, the
 * place a reader can find; the field names the column and index.
 */
export async function readColumns(file: string): Promise<{ rows: PublishedRow[]; fingerprint: string } | undefined> {
  // A file that cannot be read is the record reader's to report, with its usual message.
  const bytes = await readFile(file).catch(() => undefined);
  if (!bytes) return undefined;
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (!/^\s*\{/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // JSON Lines, or broken JSON: the record reader says where
  }
  if (!isColumns(value)) return undefined;
  const ids = value.id as unknown[];
  const lineOf = (key: string): number => text.slice(0, Math.max(0, text.indexOf(`"${key}"`))).split('\n').length;
  const columns = Object.entries(value).filter(([, v]) => Array.isArray(v)) as [string, unknown[]][];
  for (const [key, col] of columns) {
    if (col.length !== ids.length) throw new DataError({ file, line: lineOf(key), field: key }, `has ${col.length} entries but "id" has ${ids.length}`);
  }
  const rows = ids.map((_, k): PublishedRow => {
    const row: Record<string, unknown> = {};
    for (const [key, col] of columns) row[key] = col[k];
    return { line: lineOf('id'), at: `[${k}]`, value: row };
  });
  return { rows, fingerprint: `sha256:${sha256(bytes)}` };
}

/** A row layout (array or JSON Lines) as rows. */
export const fromRecords = (records: readonly DataRecord[]): PublishedRow[] =>
  records.map((r) => ({ line: r.line, at: `[${r.index}]`, value: r.value as Record<string, unknown> }));

/** Whether records are published reward-bench rows (any layout). */
export const isPublishedRow = (v: unknown): boolean =>
  v !== null &&
  typeof v === 'object' &&
  'id' in v &&
  ('scores_chosen' in v || ('scores' in v && Array.isArray((v as { scores: unknown }).scores)) || 'results' in v);

/** A score: a number, or the one-element list some reward-bench pipelines leave. */
function scoreOf(v: unknown, where: { file: string; line: number; field: string }): number {
  const x = Array.isArray(v) && v.length === 1 ? v[0] : v;
  if (typeof x === 'number' && Number.isFinite(x)) return x;
  const got = x === null ? 'null (reward-bench writes None for models that only classify pairs)' : JSON.stringify(x)?.slice(0, 40);
  throw new DataError(where, `expected a finite number (or a one-element list of one), got ${got}`);
}

/** Scores (or, for generative judges, verdicts) keyed as the rewardbench and rewardbench2 suites name items and candidates. */
export function publishedTables(file: string, rows: readonly PublishedRow[]): PublishedTables {
  const t: PublishedTables = { scores: [], verdicts: [], format: '' };
  for (const { line, at, value: row } of rows) {
    const where = (f: string) => ({ file, line, field: `${f}${at}` });
    if (typeof row.id !== 'string' && typeof row.id !== 'number') throw new DataError(where('id'), 'expected a string or a number');
    const id = String(row.id);
    if ('scores_chosen' in row || 'scores_rejected' in row) {
      t.format = 'rewardbench-results';
      t.scores.push({ item: id, candidate: 'chosen', value: scoreOf(row.scores_chosen, where('scores_chosen')), line, field: `scores_chosen${at}` });
      t.scores.push({ item: id, candidate: 'rejected', value: scoreOf(row.scores_rejected, where('scores_rejected')), line, field: `scores_rejected${at}` });
    } else if (Array.isArray(row.scores)) {
      t.format = 'rewardbench2-results';
      const subset = typeof row.subset === 'string' ? row.subset : '';
      const ties = subset.toLowerCase() === 'ties';
      const numCorrect = row.num_correct;
      if (ties && (typeof numCorrect !== 'number' || !Number.isInteger(numCorrect) || numCorrect < 1 || numCorrect >= row.scores.length)) {
        throw new DataError(
          where('num_correct'),
          `a Ties row needs num_correct between 1 and ${row.scores.length - 1} (its first responses are the correct ones)`,
        );
      }
      const keys = rewardBench2Keys(id, ties, ties ? (numCorrect as number) : 1, row.scores.length);
      if (!keys) throw new DataError(where('id'), `a Ties row's id must be "ref:N" or "tied:N", got "${id}"`);
      row.scores.forEach((s, k) => {
        t.scores.push({
          item: keys.item,
          candidate: keys.candidates[k]!,
          value: scoreOf(s, { file, line, field: `scores${at}[${k}]` }),
          line,
          field: `scores${at}[${k}]`,
        });
      });
    } else {
      // A generative judge's verdict on the pair (run_generative.py): P(chosen ≻ rejected).
      t.format = 'rewardbench-generative-results';
      const p = row.results;
      if (typeof p !== 'number' || p < 0 || p > 1) throw new DataError(where('results'), `expected 0, 0.5 or 1, got ${JSON.stringify(p)}`);
      t.verdicts.push({ item: id, a: 'chosen', b: 'rejected', p, line, field: `results${at}` });
    }
  }
  return t;
}

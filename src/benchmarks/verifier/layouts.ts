import { Type } from '@sinclair/typebox';
import { IdSchema, makeIds } from '../common.js';
import type { DataRecord } from '../../core/data-files.js';
import { DataError } from '../../core/errors.js';
import type { Item } from '../../core/suite.js';
import { validateAt } from '../../core/validate.js';

/**
 * The verification layouts, recognised from the first record:
 * - ours: one labelled response per line, `{problem, gold, response, label: 0|1, subject?, id?}`;
 * - RL-Verifier-Pitfalls' `math_cot_100_samples.jsonl`: one problem per line,
 *   `{question, gt, response: string[], score: boolean[], level?, idx?}`.
 */

/** One (problem, response) to verify, or (for the hacking subset) an honest wrong response and its hacked copy. */
export interface VerifierItem extends Item {
  key: string;
  problem: string;
  gold: string;
  response: string;
  /** The label of `response` (verification items). */
  label?: 0 | 1;
  /** Hacking items: the attack id and the hacked response. */
  attack?: string;
  hacked?: string;
}

export interface ParsedVerification {
  format: 'rewardgauge-verifier' | 'math-cot-samples';
  items: VerifierItem[];
}

const Label = Type.Union([Type.Literal(0), Type.Literal(1)]);
const OurRow = Type.Object({
  id: Type.Optional(IdSchema),
  problem: Type.String({ minLength: 1 }),
  gold: Type.String({ minLength: 1 }),
  response: Type.String(),
  label: Label,
  subject: Type.Optional(Type.String({ minLength: 1 })),
});
const Answer = Type.Union([Type.String({ minLength: 1 }), Type.Number()]);
const CotRow = Type.Object({
  idx: Type.Optional(IdSchema),
  question: Type.String({ minLength: 1 }),
  gt: Answer,
  response: Type.Array(Type.String(), { minItems: 1 }),
  score: Type.Array(Type.Boolean(), { minItems: 1 }),
  level: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
});

function ours(file: string, records: DataRecord[]): ParsedVerification {
  const rows = records.map((r) => validateAt(OurRow, r.value, { file, line: r.line }));
  const ids = makeIds(
    file,
    records,
    rows.map((r) => r.id),
    'row',
  );
  const items = rows.map((row, i): VerifierItem => ({
    id: ids[i]!,
    key: ids[i]!,
    cluster: row.problem,
    line: records[i]!.line,
    problem: row.problem,
    gold: row.gold,
    response: row.response,
    label: row.label,
    ...(row.subject !== undefined && { subset: row.subject }),
  }));
  return { format: 'rewardgauge-verifier', items };
}

function cot(file: string, records: DataRecord[]): ParsedVerification {
  const rows = records.map((r) => validateAt(CotRow, r.value, { file, line: r.line }));
  const problemIds = makeIds(
    file,
    records,
    rows.map((r) => (r.idx === undefined ? undefined : `problem-${r.idx}`)),
    'problem',
  );
  const items = rows.flatMap((row, i): VerifierItem[] => {
    const line = records[i]!.line;
    if (row.response.length !== row.score.length) {
      throw new DataError({ file, line, field: 'score' }, `${row.score.length} scores for ${row.response.length} responses`);
    }
    return row.response.map((response, k) => {
      const id = `${problemIds[i]!}/r${k + 1}`;
      return {
        id,
        key: id,
        cluster: row.question,
        line,
        problem: row.question,
        gold: String(row.gt),
        response,
        label: row.score[k] ? 1 : 0,
        ...(row.level !== undefined && { facets: { level: String(row.level) } }),
      };
    });
  });
  return { format: 'math-cot-samples', items };
}

export function parseVerification(file: string, records: DataRecord[]): ParsedVerification {
  const first = records[0]!.value;
  const has = (k: string): boolean => first !== null && typeof first === 'object' && k in first;
  if (has('question') && has('score')) return cot(file, records);
  if (has('problem') && has('label')) return ours(file, records);
  throw new DataError(
    { file, line: records[0]!.line },
    'unrecognised verification layout: expected {problem, gold, response, label} lines, or math_cot_100_samples rows {question, gt, response[], score[]}',
  );
}

import { Type } from '@sinclair/typebox';
import type { DataRecord } from '../../core/data-files.js';
import { DataError } from '../../core/errors.js';
import { groupConsecutive, occurrenceIds } from '../../core/item-keys.js';
import type { Candidate, PreferenceItem } from '../preference.js';
import { validateAt } from '../../core/validate.js';

/**
 * The RewardMATH layouts this suite reads, each turned into PreferenceItems keyed by problem
 * text (`#k` for the k-th repeat), the same keys the `scores:` adapter builds.
 */

/** Labels that mark the correct solution in the published files (`solution_reference`). */
export const CHOSEN_LABELS = new Set(['human_to_GPT-4', 'chosen']);
const IMPLICIT_CHOSEN = 'human_to_GPT-4';

export interface Parsed {
  format: string;
  hasText: boolean;
  items: PreferenceItem[];
}

const Steps = Type.Array(Type.String(), { minItems: 1 });
const Level = Type.Union([Type.Integer(), Type.String()]);
const BuiltinRow = Type.Object({
  id: Type.String({ minLength: 1 }),
  problem: Type.String({ minLength: 1 }),
  answer: Type.Optional(Type.String()),
  subject: Type.Optional(Type.String()),
  level: Type.Optional(Level),
  chosen: Type.Object({ id: Type.String({ minLength: 1 }), steps: Steps }),
  chosen_styles: Type.Optional(Type.Array(Type.Object({ id: Type.String({ minLength: 1 }), steps: Steps }))),
  rejected: Type.Array(Type.Object({ id: Type.String({ minLength: 1 }), steps: Steps, error_type: Type.Optional(Type.String()) }), { minItems: 1 }),
});
const ResultsRow = Type.Object({
  problem: Type.String({ minLength: 1 }),
  solution_reference: Type.Array(Type.String(), { minItems: 1 }),
  chosen_position: Type.Optional(Type.Array(Type.String())),
});
const SolutionRow = Type.Object({
  problem: Type.String({ minLength: 1 }),
  solution_reference: Type.Optional(Type.String()),
  solution_type: Type.Optional(Type.String()),
  // A list of steps in the benchmark; a Python repr string in RewardBench's results (no usable text).
  eval_solution: Type.Optional(Type.Union([Steps, Type.String()])),
  subject: Type.Optional(Type.String()),
  level: Type.Optional(Level),
  problem_id: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
});
const PairRow = Type.Object({
  problem: Type.String({ minLength: 1 }),
  eval_solution_A: Steps,
  eval_solution_B: Steps,
  chosen_position: Type.Union([Type.Literal('A'), Type.Literal('B')]),
  solution_reference: Type.String(),
  subject: Type.Optional(Type.String()),
  level: Type.Optional(Level),
  problem_id: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
});

const candidate = (id: string, steps?: string[], meta?: Record<string, string>): Candidate => ({
  id,
  text: steps ? steps.join('\n') : '',
  ...(steps && { steps }),
  ...(meta && { meta }),
});

function item(id: string, key: string, problem: string, chosen: Candidate[], rejected: Candidate[], subject?: string, level?: string | number): PreferenceItem {
  return {
    id,
    key,
    cluster: key.replace(/#\d+$/, ''),
    messages: [{ role: 'user', content: problem }],
    chosen,
    rejected,
    ...(subject !== undefined && { subset: subject }),
    ...(level !== undefined && { facets: { level: String(level) } }),
  };
}

function builtin(file: string, records: DataRecord[]): Parsed {
  const rows = records.map((r) => validateAt(BuiltinRow, r.value, { file, line: r.line }));
  const keys = occurrenceIds(rows.map((row) => row.problem));
  const items = rows.map((row, i) => {
    const ids = occurrenceIds([row.chosen.id, ...row.rejected.map((c) => c.id)]);
    const rejected = row.rejected.map((c, j) => candidate(ids[j + 1]!, c.steps, c.error_type ? { error_type: c.error_type } : undefined));
    const restyled = (row.chosen_styles ?? []).map((c) => candidate(`style:${c.id}`, c.steps, { style: c.id }));
    const base = item(row.id, keys[i]!, row.problem, [candidate(ids[0]!, row.chosen.steps)], rejected, row.subject, row.level);
    return { ...base, ...(restyled.length > 0 && { restyled }), line: records[i]!.line };
  });
  return { format: 'rewardgauge-rewardmath', hasText: true, items };
}

/** Published results: scores only, no solution text. Index-free: the chosen is found by label. */
function results(file: string, records: DataRecord[]): Parsed {
  const rows = records.map((r) => validateAt(ResultsRow, r.value, { file, line: r.line, field: `[${r.index}]` }));
  const keys = occurrenceIds(rows.map((row) => row.problem));
  const pairwise = rows[0]?.chosen_position !== undefined;
  const items = rows.map((row, i) => {
    const ids = occurrenceIds(row.solution_reference);
    const isChosen = (j: number): boolean => !pairwise && CHOSEN_LABELS.has(row.solution_reference[j]!);
    const chosen = pairwise ? [candidate(IMPLICIT_CHOSEN)] : ids.filter((_, j) => isChosen(j)).map((id) => candidate(id));
    const rejected = ids.filter((_, j) => !isChosen(j)).map((id) => candidate(id));
    return { ...item(`problem-${i + 1}`, keys[i]!, row.problem, chosen, rejected), line: records[i]!.line };
  });
  return { format: pairwise ? 'rewardmath-pairwise-results' : 'rewardmath-results', hasText: false, items };
}

/** One row per solution (RewardMATH_direct.json, rewardbench_math_prm_.json, RewardBench per-solution results). */
function solutions(file: string, records: DataRecord[]): Parsed {
  const rows = records.map((r) => ({ r, row: validateAt(SolutionRow, r.value, { file, line: r.line, field: `[${r.index}]` }) }));
  const hasText = rows.every(({ row }) => Array.isArray(row.eval_solution));
  const groups = groupConsecutive(rows, ({ row }) => row.problem);
  const keys = occurrenceIds(groups.map((g) => g.key));
  const items = groups.map((g, i) => {
    const labels = g.rows.map(({ row, r }) => {
      const label = row.solution_reference ?? row.solution_type;
      if (label === undefined) throw new DataError({ file, line: r.line, field: `[${r.index}].solution_reference` }, 'missing required field');
      return label;
    });
    const ids = occurrenceIds(labels);
    const chosen: Candidate[] = [];
    const rejected: Candidate[] = [];
    g.rows.forEach(({ row }, j) => {
      const isChosen = row.solution_type !== undefined ? row.solution_type === 'chosen' : CHOSEN_LABELS.has(labels[j]!);
      (isChosen ? chosen : rejected).push(candidate(ids[j]!, hasText ? (row.eval_solution as string[]) : undefined));
    });
    const first = g.rows[0]!;
    const id = first.row.problem_id !== undefined ? String(first.row.problem_id) : `problem-${i + 1}`;
    return { ...item(id, keys[i]!, g.key, chosen, rejected, first.row.subject, first.row.level), line: first.r.line };
  });
  const format = hasText ? 'rewardmath-direct' : 'rewardbench-solution-rows';
  return { format, hasText, items };
}

/** RewardMATH_pairwise.json: one row per (chosen, rejected) pair, the chosen at A or B. */
function pairs(file: string, records: DataRecord[]): Parsed {
  const rows = records.map((r) => ({ r, row: validateAt(PairRow, r.value, { file, line: r.line, field: `[${r.index}]` }) }));
  const groups = groupConsecutive(rows, ({ row }) => row.problem);
  const keys = occurrenceIds(groups.map((g) => g.key));
  const items = groups.map((g, i) => {
    const pick = (row: (typeof rows)[number]['row'], chosenSide: boolean): string[] =>
      (row.chosen_position === 'A') === chosenSide ? row.eval_solution_A : row.eval_solution_B;
    const first = g.rows[0]!;
    const ids = occurrenceIds(g.rows.map(({ row }) => row.solution_reference));
    const rejected = g.rows.map(({ row }, j) => candidate(ids[j]!, pick(row, false)));
    const id = first.row.problem_id !== undefined ? String(first.row.problem_id) : `problem-${i + 1}`;
    return {
      ...item(id, keys[i]!, g.key, [candidate(IMPLICIT_CHOSEN, pick(first.row, true))], rejected, first.row.subject, first.row.level),
      line: first.r.line,
    };
  });
  return { format: 'rewardmath-pairwise', hasText: true, items };
}

/** Recognise the layout from the first record's fields. */
export function parseRewardMath(file: string, records: DataRecord[]): Parsed {
  const first = records[0]!.value;
  const has = (k: string): boolean => first !== null && typeof first === 'object' && k in first;
  if (has('chosen') && has('rejected')) return builtin(file, records);
  if (has('eval_solution_A')) return pairs(file, records);
  if (Array.isArray((first as { solution_reference?: unknown }).solution_reference)) return results(file, records);
  if (has('solution_reference') || has('solution_type')) return solutions(file, records);
  throw new DataError(
    { file, line: records[0]!.line },
    'unrecognised RewardMATH layout: expected {problem, chosen, rejected}, the published benchmark rows (eval_solution / eval_solution_A), or results rows (solution_reference[], score[])',
  );
}

import { Type } from '@sinclair/typebox';
import { IdSchema, makeIds } from '../common.js';
import { readDataFile, type DataRecord } from '../../core/data-files.js';
import { DataError, UsageError } from '../../core/errors.js';
import type { Item, LoadedDataset } from '../../core/suite.js';
import type { ReadOptions } from '../../core/text-encoding.js';
import { validateAt } from '../../core/validate.js';

/** ProcessBench rows (Qwen/ProcessBench): one solution, split into steps, labelled with its earliest wrong step. */

/** The published splits; a row's subset is its `subset` field, else the split its id names (`gsm8k-17`). */
export const SPLITS = ['gsm8k', 'math', 'olympiadbench', 'omnimath'] as const;

const Row = Type.Object({
  id: Type.Optional(IdSchema),
  generator: Type.Optional(Type.String({ minLength: 1 })),
  problem: Type.String({ minLength: 1 }),
  steps: Type.Array(Type.String(), { minItems: 1 }),
  final_answer_correct: Type.Optional(Type.Boolean()),
  label: Type.Integer({ minimum: -1 }),
  subset: Type.Optional(Type.String({ minLength: 1 })),
});

export interface ProcessItem extends Item {
  problem: string;
  steps: string[];
  /** The index of the earliest wrong step, −1 when every step is right. */
  label: number;
}

const splitOfId = (id: string): string | undefined => SPLITS.find((s) => new RegExp(`^${s}-\\d+$`).test(id));

export function parseProcessBench(file: string, records: readonly DataRecord[]): { items: ProcessItem[]; inconsistent: number } {
  const rows = records.map((r) => validateAt(Row, r.value, { file, line: r.line }));
  const ids = makeIds(
    file,
    records,
    rows.map((r) => r.id),
    'row',
  );
  let inconsistent = 0;
  const items = rows.map((row, i): ProcessItem => {
    const line = records[i]!.line;
    if (row.label >= row.steps.length) {
      throw new DataError(
        { file, line, field: 'label' },
        `${row.label} is past the last step: expected −1 or an index below ${row.steps.length} (the number of steps)`,
      );
    }
    // ProcessBench keeps a wrong final answer only in solutions with a wrong step.
    if (row.label === -1 && row.final_answer_correct === false) inconsistent++;
    const subset = row.subset ?? splitOfId(ids[i]!);
    return {
      id: ids[i]!,
      key: ids[i]!,
      cluster: row.problem,
      line,
      problem: row.problem,
      steps: row.steps,
      label: row.label,
      ...(subset !== undefined && { subset }),
      ...(row.generator !== undefined && { facets: { generator: row.generator } }),
    };
  });
  return { items, inconsistent };
}

/** The threshold option as a number; anything else is a usage error before a model loads. */
export function thresholdOf(options: Record<string, string>): number {
  const text = options.threshold ?? '0.5';
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new UsageError(`suite "processbench": option threshold must be a finite number, got "${text}"`);
  return v;
}

/** Which metrics cannot be computed on a group of items, and why (a missing row is said, never silent). */
function emptyClasses(group: string, items: readonly ProcessItem[]): string[] {
  const erroneous = items.filter((it) => it.label >= 0);
  const correct = items.length - erroneous.length;
  const prefixSteps = items.reduce((n, it) => n + (it.label < 0 ? it.steps.length : it.label), 0);
  const out: string[] = [];
  if (erroneous.length === 0) out.push(`${group}: no erroneous samples (label ≠ −1), so accuracy_erroneous, f1, best_threshold and step_auc are not reported`);
  if (correct === 0) out.push(`${group}: no correct samples (label = −1), so accuracy_correct, f1 and best_threshold are not reported`);
  if (erroneous.length > 0 && prefixSteps === 0)
    out.push(`${group}: no step precedes a first error and no solution is correct, so step_auc has no negatives and is not reported`);
  return out;
}

export async function loadProcessBench(file: string, options: Record<string, string>, read?: ReadOptions): Promise<LoadedDataset<ProcessItem>> {
  thresholdOf(options);
  const data = await readDataFile(file, read);
  const { items, inconsistent } = parseProcessBench(file, data.records);
  const warnings: string[] = [];
  if (inconsistent > 0) warnings.push(`${inconsistent} sample(s) have label −1 (no wrong step) but final_answer_correct false; they are scored by their label`);
  const subsets = [...new Set(items.flatMap((it) => (it.subset === undefined ? [] : [it.subset])))].sort();
  warnings.push(...emptyClasses('all', items));
  if (subsets.length > 1)
    for (const s of subsets)
      warnings.push(
        ...emptyClasses(
          s,
          items.filter((it) => it.subset === s),
        ),
      );
  return { file, fingerprint: data.fingerprint, format: 'processbench', items, hasText: true, warnings };
}

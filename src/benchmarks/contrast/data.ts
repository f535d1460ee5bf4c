import { Type } from '@sinclair/typebox';
import { IdSchema, makeIds } from '../common.js';
import { sha256 } from '../../core/canonical.js';
import { readDataFile } from '../../core/data-files.js';
import type { ReadOptions } from '../../core/text-encoding.js';
import { DataError } from '../../core/errors.js';
import type { Item, LoadedDataset } from '../../core/suite.js';
import type { ChatMessage } from '../../core/types.js';
import { validateAt } from '../../core/validate.js';

/** Contrast Instructions rows: the published layout of shadowkiller33/Contrast-Instruction, and ours. See README.md. */

export const TASKS = ['para', 'sum', 'wmt', 'stack', 'plain'] as const;
export type Task = (typeof TASKS)[number];
/** The suite option `task`: `auto` takes each row's `task` field, else `plain`. */
export const TASK_OPTION_VALUES = ['auto', ...TASKS] as const;

/** What the paper's RM input puts before the instruction (the released scripts' prompt strings). */
export const TEMPLATES: Record<Task, string> = {
  para: 'Paraphrase the following sentence: ',
  sum: 'Summarize the paragraph: ',
  wmt: 'Please translate the sentences to English: ',
  stack: 'Question: ',
  plain: '',
};

/** The user turn the RM sees for instruction `instruction` under `task`. */
export const userTurn = (task: Task, instruction: string): string => TEMPLATES[task] + instruction;

const Text = Type.String({ minLength: 1 });
const Row = Type.Object({
  id: Type.Optional(IdSchema),
  task: Type.Optional(Type.Union(TASKS.map((t) => Type.Literal(t)))),
  subset: Type.Optional(Text),
  query: Text,
  retrieval: Text,
  query_response_k: Text,
  retrieval_response_k: Text,
  // The less-preferred responses: checked when present, not used by any metric.
  query_response_j: Type.Optional(Type.String()),
  retrieval_response_j: Type.Optional(Type.String()),
});

/** One contrast pair: (I1, R1) and (I2, R2), two similar instructions with their own responses. */
export interface ContrastItem extends Item {
  key: string;
  task: Task;
  /** The user turns the RM sees: template(I1), template(I2). */
  prompts: [string, string];
  /** R1 (query_response_k) and R2 (retrieval_response_k). */
  responses: [string, string];
  /**
   * I1 = I2 or R1 = R2: some comparison is of a request with itself. Only
   * `instruction_consistency_r1` scores such a row (as inference_sum.py does, where it ties and
   * counts 0); every other metric skips it.
   */
  identical?: boolean;
}

export const messagesOf = (prompt: string): ChatMessage[] => [{ role: 'user', content: prompt }];

/** Lines listed in a warning before "and N more". */
const LIST_LINES = 20;

function listLines(lines: readonly number[]): string {
  const shown = lines.slice(0, LIST_LINES).join(', ');
  return lines.length > LIST_LINES ? `${shown} and ${lines.length - LIST_LINES} more` : shown;
}

/**
 * Bootstrap clusters: rows that share an instruction string (the published files reuse a
 * retrieved instruction in several rows) resample together. A cluster is named by a digest of
 * the smallest instruction in its connected component, so it does not depend on row order.
 */
function clusterNames(pairs: readonly [string, string][]): string[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    return root;
  };
  for (const [a, b] of pairs) {
    for (const x of [a, b]) if (!parent.has(x)) parent.set(x, x);
    const [ra, rb] = [find(a), find(b)];
    // The smaller string becomes the root, so a component's root is its smallest instruction.
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
  return pairs.map(([a]) => `contrast:${sha256(find(a)).slice(0, 16)}`);
}

export async function loadContrast(file: string, options: Record<string, string>, read?: ReadOptions): Promise<LoadedDataset<ContrastItem>> {
  const data = await readDataFile(file, read);
  const rows = data.records.map((r) => validateAt(Row, r.value, { file, line: r.line }));
  const ids = makeIds(
    file,
    data.records,
    rows.map((r) => r.id),
    'row',
  );
  const forced = options.task !== undefined && options.task !== 'auto' ? (options.task as Task) : undefined;
  const skipped: number[] = [];
  const kept: Omit<ContrastItem, 'cluster'>[] = [];
  rows.forEach((row, i) => {
    const line = data.records[i]!.line;
    const identical = row.query === row.retrieval || row.query_response_k === row.retrieval_response_k;
    if (identical) skipped.push(line);
    const task = forced ?? row.task ?? 'plain';
    kept.push({
      id: ids[i]!,
      key: ids[i]!,
      line,
      task,
      subset: row.subset ?? task,
      prompts: [userTurn(task, row.query), userTurn(task, row.retrieval)],
      responses: [row.query_response_k, row.retrieval_response_k],
      ...(identical && { identical }),
    });
  });
  if (skipped.length === kept.length) {
    throw new DataError({ file }, `no usable pairs: all ${rows.length} rows have I1 = I2 or R1 = R2 (identical strings cannot be ranked)`);
  }
  const clusters = clusterNames(kept.map((it) => it.prompts));
  const items = kept.map((it, k): ContrastItem => ({ ...it, cluster: clusters[k]! }));
  const warnings: string[] = [];
  if (skipped.length > 0) {
    warnings.push(
      `${skipped.length} of ${rows.length} pair(s) skipped because query = retrieval or query_response_k = retrieval_response_k ` +
        `(identical strings can only tie, so consistency is undefined), except by instruction_consistency_r1, which scores them as ` +
        `inference_sum.py does (a tie counts 0); line(s) ${listLines(skipped)}`,
    );
  }
  return { file, fingerprint: data.fingerprint, format: 'contrast-instructions', hasText: true, items, warnings };
}

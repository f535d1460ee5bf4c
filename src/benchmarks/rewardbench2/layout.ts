import { Type } from '@sinclair/typebox';
import { IdSchema, makeIds, PromptSchema, promptKey, toMessages } from '../common.js';
import type { DataRecord } from '../../core/data-files.js';
import { DataError } from '../../core/errors.js';
import { rewardBench2Keys } from '../../core/item-keys.js';
import type { Candidate, PreferenceItem } from '../preference.js';
import type { ChatMessage } from '../../core/types.js';
import { validateAt } from '../../core/validate.js';

/** allenai/reward-bench-2 rows (split `test`) and how they become items. See README.md. */

const Row = Type.Object({
  id: IdSchema,
  prompt: PromptSchema,
  chosen: Type.Array(Type.String(), { minItems: 1 }),
  rejected: Type.Array(Type.String(), { minItems: 1 }),
  num_correct: Type.Integer({ minimum: 1 }),
  total_completions: Type.Optional(Type.Integer({ minimum: 2 })),
  subset: Type.String({ minLength: 1 }),
});

/** One `ref:N` or `tied:N` row of the Ties subset: its prompt and its correct and incorrect answers. */
export interface TiesGroup {
  kind: 'ref' | 'tied';
  messages: ChatMessage[];
  correct: Candidate[];
  incorrect: Candidate[];
  line: number;
}

/** A RewardBench 2 item: a best-of-4 row, or one Ties prompt with its ref and tied rows merged. */
export interface Rb2Item extends PreferenceItem {
  ties?: TiesGroup[];
}

export const isTies = (subset: string): boolean => subset.toLowerCase() === 'ties';

export function parseRewardBench2(file: string, records: DataRecord[]): { items: Rb2Item[]; warnings: string[] } {
  const rows = records.map((r) => validateAt(Row, r.value, { file, line: r.line }));
  const ids = makeIds(
    file,
    records,
    rows.map((r) => r.id),
    'row',
  );
  const items: Rb2Item[] = [];
  const ties = new Map<string, Rb2Item>();
  let extraChosen = 0;
  rows.forEach((row, i) => {
    const line = records[i]!.line;
    // The reference scorer unrolls chosen + rejected and calls the first num_correct correct.
    const options = [...row.chosen, ...row.rejected];
    if (row.total_completions !== undefined && row.total_completions !== options.length) {
      throw new DataError({ file, line, field: 'total_completions' }, `is ${row.total_completions} but chosen + rejected hold ${options.length} responses`);
    }
    if (row.num_correct >= options.length)
      throw new DataError({ file, line, field: 'num_correct' }, `is ${row.num_correct}, leaving no incorrect response among ${options.length}`);
    const messages = toMessages(row.prompt);
    const keys = rewardBench2Keys(String(row.id), isTies(row.subset), row.num_correct, options.length);
    if (!keys)
      throw new DataError({ file, line, field: 'id' }, `a Ties row's id must be "ref:N" or "tied:N" (the reference scorer pairs rows by N), got "${row.id}"`);
    if (!keys.kind) {
      // Outside Ties the reference compares options[0] with every other option.
      if (row.chosen.length > 1) extraChosen++;
      const cids = keys.candidates;
      items.push({
        id: ids[i]!,
        key: ids[i]!,
        cluster: promptKey(messages),
        line,
        subset: row.subset,
        messages,
        chosen: [{ id: cids[0]!, text: options[0]! }],
        rejected: options.slice(1).map((text, k) => ({ id: cids[k + 1]!, text })),
      });
      return;
    }
    const { kind } = keys;
    const n = keys.item.slice('ties:'.length);
    const labels = keys.candidates;
    const group: TiesGroup = {
      kind,
      messages,
      line,
      correct: options.slice(0, row.num_correct).map((text, k) => ({ id: labels[k]!, text })),
      incorrect: options.slice(row.num_correct).map((text, k) => ({ id: labels[row.num_correct + k]!, text })),
    };
    let item = ties.get(n);
    if (!item) {
      item = { id: `ties:${n}`, key: `ties:${n}`, cluster: `ties:${n}`, line, subset: row.subset, messages, chosen: [], rejected: [], ties: [] };
      ties.set(n, item);
      items.push(item);
    }
    if (item.ties!.some((g) => g.kind === kind)) throw new DataError({ file, line, field: 'id' }, `duplicate Ties row "${kind}:${n}"`);
    item.ties!.push(group);
    item.ties!.sort((a, b) => (a.kind < b.kind ? -1 : 1));
    item.chosen = item.ties!.flatMap((g) => g.correct);
    item.rejected = item.ties!.flatMap((g) => g.incorrect);
  });
  const warnings: string[] = [];
  if (extraChosen > 0)
    warnings.push(
      `${extraChosen} row(s) outside Ties have several chosen responses; as in the reference scorer only chosen[0] counts as correct and the others compete with it`,
    );
  const unpaired = [...ties.values()].filter((it) => it.ties!.length < 2).length;
  if (unpaired > 0)
    warnings.push(
      `${unpaired} Ties prompt(s) have only one of their ref/tied rows; they count towards that row kind's accuracy but not the margin terms (as in the reference)`,
    );
  return { items, warnings };
}

import { Type } from '@sinclair/typebox';
import { IdSchema, loadPreference, makeIds, PromptSchema, promptKey, toMessages } from '../common.js';
import type { DataRecord } from '../../core/data-files.js';
import { occurrenceIds } from '../../core/item-keys.js';
import { planPreference, preferenceAnswers, viewPreference, type PreferenceItem } from '../preference.js';
import type { Suite } from '../../core/suite.js';
import { validateAt } from '../../core/validate.js';
import { bestOfNCredit } from '../../metrics/preference.js';
import { tiedAtTop } from '../../metrics/ties.js';

/** RewardBench-2 style best-of-N: the chosen must top every rejected; ties at the top share credit. See README.md. */

const Responses = Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })]);
const Row = Type.Object({
  id: Type.Optional(IdSchema),
  prompt: PromptSchema,
  chosen: Responses,
  rejected: Responses,
  subset: Type.Optional(Type.String({ minLength: 1 })),
});

const list = (v: string | string[]): string[] => (typeof v === 'string' ? [v] : v);

export function parseBestOfN(file: string, records: DataRecord[]) {
  const rows = records.map((r) => validateAt(Row, r.value, { file, line: r.line }));
  const ids = makeIds(
    file,
    records,
    rows.map((r) => r.id),
    'row',
  );
  const items = rows.map((row, i): PreferenceItem => {
    const messages = toMessages(row.prompt);
    const chosen = list(row.chosen);
    const rejected = list(row.rejected);
    const cids = occurrenceIds([...chosen.map(() => 'chosen'), ...rejected.map(() => 'rejected')]);
    return {
      id: ids[i]!,
      key: ids[i]!,
      cluster: promptKey(messages),
      line: records[i]!.line,
      messages,
      chosen: chosen.map((text, k) => ({ id: cids[k]!, text })),
      rejected: rejected.map((text, k) => ({ id: cids[chosen.length + k]!, text })),
      ...(row.subset !== undefined && { subset: row.subset }),
    };
  });
  return { format: 'best-of-n', hasText: true, items };
}

export const suite: Suite<PreferenceItem> = {
  id: 'best-of-n',
  version: '1',
  description: 'one prompt, chosen vs several rejected (RewardBench 2): accuracy with partial credit for ties at the top',
  defaultData: 'best-of-n.jsonl',
  primaryMetric: 'accuracy',
  // A PRM's accuracy with responses scored by the sum and by the min of their steps (PURE), beside ?aggregate='s.
  creditForms: true,
  metrics: [
    {
      id: 'accuracy',
      description: 'mean of 0 if any rejected > min(chosen), else 1 / (1 + #{rejected = min(chosen)})',
      higherIsBetter: true,
      tiedBy: ['tied'],
    },
    {
      id: 'accuracy_macro',
      description: 'unweighted mean over subsets of per-subset accuracy (RewardBench 2’s overall)',
      higherIsBetter: true,
      reduce: 'macro',
      of: 'accuracy',
    },
  ],
  options: {},
  load: (file, _options, read) => loadPreference(file, parseBestOfN, read),
  plan: (item, can) => planPreference(item, can),
  outcome(item, answers) {
    const { P, detail, margin } = preferenceAnswers(item, answers);
    return { values: { accuracy: bestOfNCredit(P), tied: tiedAtTop(P) }, detail, margin };
  },
  view: viewPreference,
};

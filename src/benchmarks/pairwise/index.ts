import { Type } from '@sinclair/typebox';
import { IdSchema, loadPreference, makeIds, MessagesSchema, PromptSchema, promptKey, toMessages } from '../common.js';
import { canonicalJson } from '../../core/canonical.js';
import type { DataRecord } from '../../core/data-files.js';
import { DataError } from '../../core/errors.js';
import { planPreference, preferenceAnswers, viewPreference, type PreferenceItem } from '../preference.js';
import type { Suite } from '../../core/suite.js';
import type { ChatMessage } from '../../core/types.js';
import { validateAt } from '../../core/validate.js';
import { pairAccuracy, type TiePolicy } from '../../metrics/preference.js';
import { tiedAtTop } from '../../metrics/ties.js';

/** RewardBench-1 style pairs: is the chosen response scored above the rejected one? See README.md. */

/** A response is text, or a conversation whose last turn is the assistant's (TRL's conversational form). */
const Response = Type.Union([Type.String({ minLength: 1 }), MessagesSchema]);
const Row = Type.Object({
  id: Type.Optional(IdSchema),
  prompt: Type.Optional(PromptSchema),
  chosen: Response,
  rejected: Response,
  subset: Type.Optional(Type.String({ minLength: 1 })),
});

function split(file: string, line: number, field: string, prompt: ChatMessage[], value: string | ChatMessage[]) {
  if (typeof value === 'string') {
    if (prompt.length === 0) throw new DataError({ file, line, field: 'prompt' }, 'missing required field (needed when responses are plain text)');
    return { messages: prompt, response: value };
  }
  const turns = [...prompt, ...toMessages(value)];
  const last = turns[turns.length - 1]!;
  if (last.role !== 'assistant') throw new DataError({ file, line, field }, `expected the conversation to end with an assistant turn, got "${last.role}"`);
  return { messages: turns.slice(0, -1), response: last.content };
}

export function parsePairwise(file: string, records: readonly DataRecord[]) {
  const rows = records.map((r) => validateAt(Row, r.value, { file, line: r.line }));
  const ids = makeIds(
    file,
    records,
    rows.map((r) => r.id),
    'row',
  );
  const items = rows.map((row, i): PreferenceItem => {
    const line = records[i]!.line;
    const prompt = row.prompt === undefined ? [] : toMessages(row.prompt);
    const c = split(file, line, 'chosen', prompt, row.chosen);
    const r = split(file, line, 'rejected', prompt, row.rejected);
    // Plain-text responses share the prompt's messages: the same array, nothing to compare.
    if (c.messages !== r.messages && canonicalJson(c.messages) !== canonicalJson(r.messages)) {
      throw new DataError({ file, line, field: 'rejected' }, 'chosen and rejected continue different conversations');
    }
    return {
      id: ids[i]!,
      key: ids[i]!,
      cluster: promptKey(c.messages),
      line,
      messages: c.messages,
      chosen: [{ id: 'chosen', text: c.response }],
      rejected: [{ id: 'rejected', text: r.response }],
      ...(row.subset !== undefined && { subset: row.subset }),
    };
  });
  return { format: 'pairwise', hasText: true, items };
}

export const suite: Suite<PreferenceItem> = {
  id: 'pairwise',
  version: '1',
  description: 'chosen vs rejected pairs (RewardBench 1): accuracy per subset and overall, with a recorded tie policy',
  defaultData: 'pairwise.jsonl',
  primaryMetric: 'accuracy',
  metrics: [
    { id: 'accuracy', description: 'mean of 1[s_chosen > s_rejected], a tie counting 0 (strict) or ½ (half)', higherIsBetter: true, tiedBy: ['tied'] },
    { id: 'accuracy_macro', description: 'unweighted mean over subsets of per-subset accuracy', higherIsBetter: true, reduce: 'macro', of: 'accuracy' },
  ],
  options: {
    ties: { description: 'what a tied pair scores: strict = 0 (RewardBench), half = ½', default: 'strict', values: ['strict', 'half'] },
  },
  load: (file, _options, read) => loadPreference(file, parsePairwise, read),
  parse: (file, records) => parsePairwise(file, records).items,
  plan: (item, can) => planPreference(item, can),
  outcome(item, answers, options) {
    const { P, detail, margin } = preferenceAnswers(item, answers);
    return { values: { accuracy: pairAccuracy(P[0]![0]!, (options.ties ?? 'strict') as TiePolicy), tied: tiedAtTop(P) }, detail, margin };
  },
  view: viewPreference,
};

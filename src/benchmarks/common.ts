import { Type } from '@sinclair/typebox';
import { canonicalJson } from '../core/canonical.js';
import { readDataFile, type DataRecord } from '../core/data-files.js';
import type { ReadOptions } from '../core/text-encoding.js';
import { DataError } from '../core/errors.js';
import type { PreferenceItem } from './preference.js';
import type { LoadedDataset, PresetSource } from '../core/suite.js';
import type { ChatMessage } from '../core/types.js';

/** Loader helpers shared by the suites' data layouts. */

/** A preset's Hub data: `hf://datasets/<dataset>@<revision>/<split>`. */
export const hubUri = (p: Pick<PresetSource, 'dataset' | 'revision' | 'split'>): string => `hf://datasets/${p.dataset}@${p.revision}/${p.split}`;

export const MessageSchema = Type.Object({
  role: Type.Union([Type.Literal('system'), Type.Literal('user'), Type.Literal('assistant')]),
  content: Type.String(),
});
export const MessagesSchema = Type.Array(MessageSchema, { minItems: 1 });
/** A prompt is a user message's text, or a conversation ending in a user turn. */
export const PromptSchema = Type.Union([Type.String({ minLength: 1 }), MessagesSchema]);
export const IdSchema = Type.Union([Type.String({ minLength: 1 }), Type.Integer()]);

export function toMessages(prompt: string | ChatMessage[]): ChatMessage[] {
  return typeof prompt === 'string' ? [{ role: 'user', content: prompt }] : prompt.map((m) => ({ role: m.role, content: m.content }));
}

/** A stable text for grouping items by prompt (the bootstrap cluster). */
export function promptKey(messages: readonly ChatMessage[]): string {
  return messages.length === 1 && messages[0]!.role === 'user' ? messages[0]!.content : canonicalJson(messages);
}

/** The dataset's `id` if it has one, else `<prefix>-<line>`; duplicates are a data error. */
export function makeIds(file: string, records: readonly DataRecord[], ids: readonly (string | number | undefined)[], prefix: string): string[] {
  const seen = new Map<string, number>();
  return records.map((r, i) => {
    const given = ids[i];
    const id = given === undefined ? `${prefix}-${r.line}` : String(given);
    const prev = seen.get(id);
    if (prev !== undefined) throw new DataError({ file, line: r.line, field: 'id' }, `duplicate id "${id}" (first on line ${prev})`);
    seen.set(id, r.line);
    return id;
  });
}

/** Parse a comma-separated option into a set of trimmed, non-empty names. */
export function listOption(value: string | undefined): Set<string> {
  return new Set(
    (value ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
}

/** Read a data file and turn it into items with `parse`, checking every item has both sides. */
export async function loadPreference(
  file: string,
  parse: (file: string, records: DataRecord[]) => { format: string; hasText: boolean; items: PreferenceItem[] },
  read?: ReadOptions,
): Promise<LoadedDataset<PreferenceItem>> {
  const data = await readDataFile(file, read);
  const parsed = parse(file, data.records);
  for (const it of parsed.items) {
    for (const side of ['chosen', 'rejected'] as const) {
      if (it[side].length === 0) throw new DataError({ file, line: it.line, field: side }, `item "${it.id}" has no ${side} response`);
    }
  }
  const warnings: string[] = [];
  const repeats = parsed.items.length - new Set(parsed.items.map((it) => it.cluster)).size;
  if (repeats > 0) {
    warnings.push(
      `${repeats} item(s) repeat an earlier prompt; each is scored as its own item (as the reference code does) and they share a bootstrap cluster`,
    );
  }
  return { file, fingerprint: data.fingerprint, format: parsed.format, hasText: parsed.hasText, items: parsed.items, warnings };
}

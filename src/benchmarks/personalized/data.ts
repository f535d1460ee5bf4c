import { Type } from '@sinclair/typebox';
import { IdSchema, listOption, makeIds } from '../common.js';
import { readDataFile } from '../../core/data-files.js';
import type { ReadOptions } from '../../core/text-encoding.js';
import { DataError, UsageError } from '../../core/errors.js';
import { unknownNameMessage } from '../../core/registry.js';
import type { Item, LoadedDataset } from '../../core/suite.js';
import type { ChatMessage } from '../../core/types.js';
import { validateAt } from '../../core/validate.js';

/**
 * Personalized RewardBench rows (HF QiyaoMa/Personalized-RewardBench) and what the reward model
 * sees of them in each context mode. `narrative`, and the rubric's `evidence` and `reason`, are
 * checked for type but never kept on the item, so no mode can leak them. See README.md.
 */

export const MODES = ['none', 'profile', 'rubric'] as const;
export type Mode = (typeof MODES)[number];
export const DEFAULT_MODES = MODES.join(',');
export const DEFAULT_PROFILE_K = 10;

const Post = Type.Object({ id: Type.Optional(IdSchema), category: Type.String(), text: Type.String() });
const Aspect = Type.Object({ aspect: Type.String({ minLength: 1 }), evidence: Type.Optional(Type.String()), reason: Type.Optional(Type.String()) });
const Row = Type.Object({
  id: Type.Optional(IdSchema),
  question: Type.String({ minLength: 1 }),
  profile: Type.Array(Post),
  rubric_aspects: Type.Array(Aspect),
  narrative: Type.Optional(Type.String()),
  category: Type.Optional(Type.String({ minLength: 1 })),
  chosen: Type.String({ minLength: 1 }),
  rejected: Type.String({ minLength: 1 }),
  /** Not in the published data: the built-in file names its synthetic persona (reported as a facet). */
  persona: Type.Optional(Type.String({ minLength: 1 })),
});

export interface ProfilePost {
  category: string;
  text: string;
}

export interface PersonalizedItem extends Item {
  key: string;
  question: string;
  /** The first `profileK` posts in file order: what profile mode shows. */
  posts: ProfilePost[];
  /** How many posts the row has in all. */
  profileSize: number;
  /** The rubric's `aspect` texts, in file order: what rubric mode shows. */
  aspects: string[];
  chosen: string;
  rejected: string;
}

export interface Settings {
  modes: Mode[];
  profileK: number;
}

/** The suite's options as values; an unknown mode or a bad `profileK` is a usage error (exit 2). */
export function settings(options: Record<string, string>): Settings {
  const given = listOption(options.modes ?? DEFAULT_MODES);
  for (const m of given) {
    if (!(MODES as readonly string[]).includes(m)) throw new UsageError(`suite "personalized": option modes: ${unknownNameMessage('mode', m, MODES)}`);
  }
  if (given.size === 0) throw new UsageError(`suite "personalized": option modes needs at least one of ${MODES.join(', ')}`);
  const k = options.profileK ?? String(DEFAULT_PROFILE_K);
  const profileK = Number(k);
  if (!/^\d+$/.test(k.trim()) || !Number.isSafeInteger(profileK) || profileK < 1) {
    throw new UsageError(`suite "personalized": option profileK must be a positive integer, got "${k}"`);
  }
  return { modes: MODES.filter((m) => given.has(m)), profileK };
}

/** The paper's profile string (BoN/sample.py `format_profile`): `Post {i} (Category: {c}):\n{text}`, joined by "\n". */
export function profileText(posts: readonly ProfilePost[]): string {
  return posts.map((p, i) => `Post ${i + 1} (Category: ${p.category}):\n${p.text}`).join('\n');
}

/** The system message of rubric mode: the user's expected aspects as a list. */
export function rubricText(aspects: readonly string[]): string {
  return `The user expects the response to address these aspects:\n${aspects.map((a) => `- ${a}`).join('\n')}`;
}

/** The conversation the reward model sees in `mode`, before the response. */
export function messagesFor(item: PersonalizedItem, mode: Mode): ChatMessage[] {
  switch (mode) {
    case 'none':
      return [{ role: 'user', content: item.question }];
    case 'profile':
      return [{ role: 'user', content: `${item.question}\n\n${profileText(item.posts)}` }];
    case 'rubric':
      return [
        { role: 'system', content: rubricText(item.aspects) },
        { role: 'user', content: item.question },
      ];
  }
}

export async function loadPersonalized(file: string, options: Record<string, string>, read?: ReadOptions): Promise<LoadedDataset<PersonalizedItem>> {
  const { modes, profileK } = settings(options);
  const data = await readDataFile(file, read);
  const rows = data.records.map((r) => validateAt(Row, r.value, { file, line: r.line }));
  const ids = makeIds(
    file,
    data.records,
    rows.map((r) => r.id),
    'row',
  );
  let cut = 0;
  const items = rows.map((row, i): PersonalizedItem => {
    const line = data.records[i]!.line;
    if (modes.includes('profile') && row.profile.length === 0) {
      throw new DataError(
        { file, line, field: 'profile' },
        'no posts, but mode "profile" shows them to the model (leave the mode out with ?modes=none,rubric)',
      );
    }
    if (modes.includes('rubric') && row.rubric_aspects.length === 0) {
      throw new DataError(
        { file, line, field: 'rubric_aspects' },
        'no aspects, but mode "rubric" shows them to the model (leave the mode out with ?modes=none,profile)',
      );
    }
    if (row.profile.length > profileK) cut++;
    return {
      id: ids[i]!,
      key: ids[i]!,
      cluster: row.question,
      line,
      question: row.question,
      posts: row.profile.slice(0, profileK).map((p) => ({ category: p.category, text: p.text })),
      profileSize: row.profile.length,
      aspects: row.rubric_aspects.map((a) => a.aspect),
      chosen: row.chosen,
      rejected: row.rejected,
      ...(row.category !== undefined && { subset: row.category }),
      ...(row.persona !== undefined && { facets: { persona: row.persona } }),
    };
  });
  const warnings: string[] = [];
  if (modes.includes('profile') && cut > 0) {
    warnings.push(
      `${cut} item(s) have more than ${profileK} profile posts; profile mode shows the first ${profileK} in file order, while the paper shows the 10 most similar to the question (Contriever): rank the posts first if the file is not ranked`,
    );
  }
  const repeats = items.length - new Set(items.map((it) => it.cluster)).size;
  if (repeats > 0) warnings.push(`${repeats} item(s) repeat an earlier question; each is scored as its own item and they share a bootstrap cluster`);
  return { file, fingerprint: data.fingerprint, format: 'personalized-rewardbench', hasText: true, items, warnings };
}

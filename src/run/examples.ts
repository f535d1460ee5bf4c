import type { Example } from '../core/run-schema.js';
import type { ItemView } from '../core/suite.js';
import { cacheKey, type ScoreStore } from '../core/cache.js';
import type { ScoreRequest } from '../core/types.js';

/** Most-wrong items kept per (model, suite) for the report's drill-down. */
export const EXAMPLES_PER_SUITE = 5;
/** Longest text kept per prompt or candidate, in code points; run.json stays small and the report readable. */
export const EXAMPLE_TEXT_LIMIT = 2000;

/** `text` cut to `limit` code points, saying how much was left out. */
export function shorten(text: string, limit = EXAMPLE_TEXT_LIMIT): string {
  const points = [...text];
  return points.length <= limit
    ? text
    : `${points.slice(0, limit).join('')}… [${points.length - limit} more character${points.length - limit === 1 ? '' : 's'}]`;
}

export interface ExampleCandidate {
  item: string;
  subset?: string;
  value: number;
  margin?: number;
  view: () => ItemView;
}

/**
 * The k items with the worst primary-metric value, and among equal values the lowest margin
 * (ids break the remaining ties, so the choice does not depend on item order).
 */
export function mostWrong(model: string, suite: string, items: readonly ExampleCandidate[], higherIsBetter: boolean, k = EXAMPLES_PER_SUITE): Example[] {
  const sign = higherIsBetter ? 1 : -1;
  const ranked = [...items].sort((a, b) => sign * (a.value - b.value) || (a.margin ?? 0) - (b.margin ?? 0) || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
  return ranked.slice(0, k).map((c) => {
    const view = c.view();
    return {
      model,
      suite,
      item: c.item,
      ...(c.subset !== undefined && { subset: c.subset }),
      value: c.value,
      ...(c.margin !== undefined && Number.isFinite(c.margin) && { margin: c.margin }),
      prompt: shorten(view.prompt),
      candidates: view.candidates.map((x) => ({ ...x, text: shorten(x.text) })),
    };
  });
}

/** Notes kept in the model's score store under `note:` keys, so a rerun from the cache asks nothing. */
export function storedNotes(store: ScoreStore, byKey: boolean): NoteCache {
  const key = (request: ScoreRequest): string => `note:${cacheKey({ kind: 'score', request }, byKey)}`;
  return { get: (r) => store.note(key(r)), put: (entries) => store.putNotes(entries.map(([r, n]) => [key(r), n] as const)) };
}

export interface NoteCache {
  get(request: ScoreRequest): string | undefined;
  put(entries: readonly (readonly [ScoreRequest, string])[]): Promise<void>;
}

/**
 * Adds the model's own account of each drill-down candidate's score (`note`), from the note
 * cache or else one `explain` call over the requests behind those candidates (matched by
 * candidate id). Explaining may call a paid API (openai-judge), so `ask: false` (a run that made
 * no model calls) asks nothing and returns how many notes are left out.
 */
export async function explainExamples(
  explain: (batch: ScoreRequest[]) => Promise<string[]>,
  examples: Example[],
  requestsOf: (suite: string, item: string) => ScoreRequest[],
  o: { cache?: NoteCache; ask?: boolean } = {},
): Promise<{ leftOut: number }> {
  const wanted: { at: Example['candidates'][number]; request: ScoreRequest }[] = [];
  for (const e of examples) {
    const byCandidate = new Map(requestsOf(e.suite, e.item).map((r) => [r.key?.candidate, r]));
    for (const c of e.candidates) {
      const request = byCandidate.get(c.id);
      if (request) wanted.push({ at: c, request });
    }
  }
  const notes = wanted.map((w) => o.cache?.get(w.request));
  const missing = wanted.flatMap((_, k) => (notes[k] === undefined ? [k] : []));
  if (missing.length > 0 && o.ask === false) return finish(wanted, notes, missing.length);
  if (missing.length > 0) {
    const fresh = await explain(missing.map((k) => wanted[k]!.request));
    const kept: [ScoreRequest, string][] = [];
    missing.forEach((k, j) => {
      if (typeof fresh[j] !== 'string') return;
      notes[k] = fresh[j];
      kept.push([wanted[k]!.request, fresh[j]]);
    });
    // A cache that cannot be written (read-only) costs a later run these notes, not this one.
    await o.cache?.put(kept).catch(() => undefined);
  }
  return finish(wanted, notes, 0);
}

function finish(wanted: readonly { at: Example['candidates'][number] }[], notes: readonly (string | undefined)[], leftOut: number): { leftOut: number } {
  wanted.forEach((w, k) => {
    if (notes[k] !== undefined) w.at.note = shorten(notes[k]!, 500);
  });
  return { leftOut };
}

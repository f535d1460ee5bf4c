import type { Example } from './run-schema.js';
import type { ItemView } from './suite.js';
import type { ScoreRequest } from './types.js';

/** Most-wrong items kept per (model, suite) for the report's drill-down. */
export const EXAMPLES_PER_SUITE = 5;
/** Longest text kept per prompt or candidate, in code points; run.json stays small and the report readable. */
export const EXAMPLE_TEXT_LIMIT = 2000;

/** `text` cut to `limit` code points, saying how much was left out. */
export function shorten(text: string, limit = EXAMPLE_TEXT_LIMIT): string {
  const points = [...text];
  return points.length <= limit ? text : `${points.slice(0, limit).join('')}… [${points.length - limit} more character${points.length - limit === 1 ? '' : 's'}]`;
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
  const ranked = [...items].sort(
    (a, b) => sign * (a.value - b.value) || (a.margin ?? 0) - (b.margin ?? 0) || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0),
  );
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

/**
 * Adds the model's own account of each drill-down candidate's score (`note`), from one
 * `explain` call over the requests behind those candidates (matched by candidate id).
 */
export async function explainExamples(explain: (batch: ScoreRequest[]) => Promise<string[]>, examples: Example[], requestsOf: (suite: string, item: string) => ScoreRequest[]): Promise<void> {
  const wanted: { at: Example['candidates'][number]; request: ScoreRequest }[] = [];
  for (const e of examples) {
    const byCandidate = new Map(requestsOf(e.suite, e.item).map((r) => [r.key?.candidate, r]));
    for (const c of e.candidates) {
      const request = byCandidate.get(c.id);
      if (request) wanted.push({ at: c, request });
    }
  }
  if (wanted.length === 0) return;
  const notes = await explain(wanted.map((w) => w.request));
  wanted.forEach((w, k) => {
    if (notes[k] !== undefined) w.at.note = shorten(notes[k]!, 500);
  });
}

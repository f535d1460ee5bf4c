import { UsageError } from '../core/errors.js';
import type { Answer, Capabilities, Item, ItemOutcome, ItemView, Query } from '../core/suite.js';
import type { ChatMessage, RequestContext } from '../core/types.js';
import { matrixFromScores, worstCaseMargin, type PreferenceMatrix } from '../metrics/preference.js';

/** A response to rank. `id` is unique within its item (duplicated labels get `#2`, `#3`, ...). */
export interface Candidate {
  id: string;
  text: string;
  steps?: string[];
  /** Free-form labels carried to scores.jsonl (e.g. RewardMATH's error type). */
  meta?: Record<string, string>;
}

/** An item with one or more chosen and one or more rejected candidates for the same prompt. */
export interface PreferenceItem extends Item {
  /** What a `scores:` file calls this item (problem text, or the dataset id). */
  key: string;
  messages: ChatMessage[];
  chosen: Candidate[];
  rejected: Candidate[];
  /** Other renderings of a chosen candidate (RewardMATH's style robustness): scored, but not ranked against the rejected. */
  restyled?: Candidate[];
  context?: RequestContext;
}

/**
 * Score every candidate when the model gives scalar scores (so the matrix is exact and
 * transitive); otherwise ask for each (chosen, rejected) pair, chosen as `a`.
 */
export function planPreference(item: PreferenceItem, can: Capabilities): Query[] {
  if (can.score) {
    return [...item.chosen, ...item.rejected].map((c) => ({
      kind: 'score' as const,
      request: {
        messages: item.messages,
        response: c.text,
        ...(c.steps || item.context ? { context: { ...item.context, ...(c.steps ? { steps: c.steps } : {}) } } : {}),
        key: { item: item.key, candidate: c.id },
      },
    }));
  }
  if (!can.compare) throw new UsageError('the model can neither score nor compare responses');
  return item.chosen.flatMap((a) =>
    item.rejected.map((b) => ({
      kind: 'compare' as const,
      request: {
        messages: item.messages,
        a: a.text,
        b: b.text,
        ...(item.context ? { context: item.context } : {}),
        key: { item: item.key, a: a.id, b: b.id },
      },
    })),
  );
}

export interface PreferenceAnswers {
  P: PreferenceMatrix;
  /** What to keep per item: scores by candidate id, or verdicts `chosen>rejected` → P. */
  detail: Record<string, unknown>;
  /** min chosen score − max rejected score; with verdicts, min P(chosen ≻ rejected) − ½. */
  margin: number;
}

/** Rebuild the preference matrix from the answers to `planPreference`, in the same layout. */
export function preferenceAnswers(item: PreferenceItem, answered: readonly Answer[]): PreferenceAnswers {
  const nc = item.chosen.length;
  const nr = item.rejected.length;
  const answers = answered.map((a) => a.value);
  const kind = answered[0]?.kind;
  if (kind === 'score' && answers.length === nc + nr) {
    const chosen = answers.slice(0, nc);
    const rejected = answers.slice(nc);
    const scores: Record<string, number> = {};
    [...item.chosen, ...item.rejected].forEach((c, k) => (scores[c.id] = answers[k]!));
    return {
      P: matrixFromScores(chosen, rejected),
      detail: { scores, margin: worstCaseMargin(chosen, rejected) },
      margin: worstCaseMargin(chosen, rejected),
    };
  }
  if (kind === 'compare' && answers.length === nc * nr) {
    const verdicts: Record<string, number> = {};
    const P = item.chosen.map((a, i) =>
      item.rejected.map((b, j) => {
        const p = answers[i * nr + j]!;
        verdicts[`${a.id}>${b.id}`] = p;
        return p;
      }),
    );
    return { P, detail: { verdicts }, margin: Math.min(...P.flat()) - 0.5 };
  }
  throw new Error(`internal: ${answers.length} answers for item ${item.id} with ${nc}+${nr} candidates`);
}

/** The conversation as one text: a lone user turn as is, otherwise one `role: content` paragraph per turn. */
export function conversationText(messages: readonly ChatMessage[]): string {
  if (messages.length === 1 && messages[0]!.role === 'user') return messages[0]!.content;
  return messages.map((m) => `${m.role}: ${m.content}`).join('\n\n');
}

/** Candidates a drill-down shows: every chosen one and the best-scored rejected ones, at most this many in all. */
const VIEW_CANDIDATES = 4;

/** The report's view of a preference item: chosen candidates first, then rejected ones from the highest score down. */
export function viewPreference(item: PreferenceItem, outcome: ItemOutcome): ItemView {
  const scores = (outcome.detail.scores ?? {}) as Record<string, number>;
  const withScore = (c: Candidate, role: string) => ({ id: c.id, role, text: c.text, ...(scores[c.id] !== undefined && { score: scores[c.id] }) });
  const rejected = [...item.rejected].sort((a, b) => (scores[b.id] ?? 0) - (scores[a.id] ?? 0));
  const candidates = [...item.chosen.map((c) => withScore(c, 'chosen')), ...rejected.map((c) => withScore(c, 'rejected'))];
  return { prompt: conversationText(item.messages), candidates: candidates.slice(0, Math.max(VIEW_CANDIDATES, item.chosen.length + 1)) };
}

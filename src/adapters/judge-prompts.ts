import type { ChatMessage } from '../core/types.js';

/**
 * The fixed prompts of `openai-judge`. Changing any text here changes the judge's outputs, so
 * bump JUDGE_PROMPT_VERSION (it is in the fingerprint and invalidates cached verdicts).
 */
export const JUDGE_PROMPT_VERSION = 'judge-v1';

/** Pointwise ratings that cannot be parsed get the midpoint of the 1–10 scale (the runner rejects NaN). */
export const FALLBACK_RATING = 5.5;

const conversation = (messages: readonly ChatMessage[]): string => messages.map((m) => `[${m.role}]\n${m.content}`).join('\n\n');

export const POINTWISE_SYSTEM =
  'You are an impartial judge. You evaluate the quality of an AI assistant’s response to the conversation shown. ' +
  'Consider helpfulness, correctness, relevance, depth and harmlessness.';

/** Pointwise: conversation + response → "Rating: N" (1–10). */
export function pointwisePrompt(messages: readonly ChatMessage[], response: string): ChatMessage[] {
  return [
    { role: 'system', content: POINTWISE_SYSTEM },
    {
      role: 'user',
      content:
        `[Conversation]\n${conversation(messages)}\n[End of conversation]\n\n[Response]\n${response}\n[End of response]\n\n` +
        'Rate the response from 1 to 10, where 1 is very poor and 10 is excellent. ' +
        'Briefly explain your reasoning, then on the last line answer with `Rating: N`.',
    },
  ];
}

export const PAIRWISE_SYSTEM =
  'You are an impartial judge. You compare two AI assistant responses to the conversation shown and decide which is better. ' +
  'Do not let the order of the responses, their length or the assistants’ names influence you.';

/** Pairwise: conversation + A + B → "[[A]]" or "[[B]]". */
export function pairwisePrompt(messages: readonly ChatMessage[], a: string, b: string): ChatMessage[] {
  return [
    { role: 'system', content: PAIRWISE_SYSTEM },
    {
      role: 'user',
      content:
        `[Conversation]\n${conversation(messages)}\n[End of conversation]\n\n` +
        `[Response A]\n${a}\n[End of response A]\n\n[Response B]\n${b}\n[End of response B]\n\n` +
        'Which response is better? Briefly explain your reasoning, then answer with `[[A]]` or `[[B]]`.',
    },
  ];
}

/** The last `Rating: N` (1–10, integer or decimal), or undefined. */
export function parseRating(text: string): number | undefined {
  const all = [...text.matchAll(/Rating:\s*\**\s*\[*\s*(\d+(?:\.\d+)?)/gi)];
  const last = all.at(-1);
  if (!last) return undefined;
  const v = Number(last[1]);
  return Number.isFinite(v) && v >= 1 && v <= 10 ? v : undefined;
}

/** The last `[[A]]` or `[[B]]`, or undefined. */
export function parseVerdict(text: string): 'A' | 'B' | undefined {
  const all = [...text.matchAll(/\[\[\s*([AB])\s*\]\]/g)];
  return all.at(-1)?.[1] as 'A' | 'B' | undefined;
}

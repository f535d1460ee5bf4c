import { ModelError } from '../../core/errors.js';
import type { LogprobRequest } from '../../core/types.js';

/**
 * Prompt log-probabilities from an OpenAI-compatible `POST /v1/completions`, in its two documented
 * shapes (vLLM's completion protocol; OpenAI's legacy completions API). The prompt is a list of
 * token-id lists, one per row, so the server scores exactly the ids the policy's tokenizer made
 * and tokenizes nothing itself; each choice's `index` is the prompt it answers (n = 1).
 * - `prompt_logprobs` (vLLM's extension; asked with `prompt_logprobs: 0` and `max_tokens: 1`, the
 *   one generated token ignored): `choices[i].prompt_logprobs` has an entry per prompt position,
 *   null for the first (nothing precedes it), then an object keyed by token id (a string) →
 *   `{logprob, rank, decoded_token}` holding the prompt's own token and any top-k alternatives.
 * - `echo` (OpenAI's legacy form; asked with `echo: true, logprobs: 0, max_tokens: 0`):
 *   `choices[i].logprobs.token_logprobs` per prompt position, null first, beside `tokens` (the
 *   token's text, or `token_id:N` where a server says so) and `text_offset`.
 * Nothing is trusted: every position must line up with the id sent there, or the run stops (exit 3).
 */
export const logprobShapes = ['prompt_logprobs', 'echo'] as const;
export type LogprobShape = (typeof logprobShapes)[number];

/** The request body for `prompts` (token ids); temperature 1 so no engine rescales what it reports. */
export function completionsBody(shape: LogprobShape, model: string, prompts: readonly (readonly number[])[]): Record<string, unknown> {
  return shape === 'echo'
    ? { model, prompt: prompts, echo: true, logprobs: 0, max_tokens: 0, temperature: 1 }
    : { model, prompt: prompts, prompt_logprobs: 0, max_tokens: 1, temperature: 1 };
}

const show = (x: unknown): string => JSON.stringify(x)?.slice(0, 200) ?? String(x);

/** One row's per-position entries: what the shape says about position t (undefined: nothing). */
interface Positions {
  count: number;
  first: unknown;
  /** What is given at t for `id` (checked by the caller when counted), or why it does not line up (a ModelError message). */
  at(t: number, id: number, counted: boolean): { value: unknown } | string | undefined;
}

function vllmPositions(choice: Record<string, unknown>): Positions | string {
  const list = choice.prompt_logprobs;
  if (!Array.isArray(list))
    return `has no prompt_logprobs list (got ${show(list)}); does the server support vLLM's prompt_logprobs? shape=echo asks the legacy way`;
  return {
    count: list.length,
    first: list[0],
    at(t, id, counted) {
      const entry = list[t] as unknown;
      if (entry === null || entry === undefined) return counted ? `position ${t} (token ${id}) has no log-probability (null)` : undefined;
      if (typeof entry !== 'object') return `position ${t} is ${show(entry)}, not an object keyed by token id`;
      const got = (entry as Record<string, unknown>)[String(id)];
      if (got === undefined) return `position ${t} holds token(s) ${Object.keys(entry).join(', ')}, not the id sent there (${id})`;
      return counted ? { value: (got as { logprob?: unknown } | null)?.logprob } : undefined;
    },
  };
}

function echoPositions(choice: Record<string, unknown>): Positions | string {
  const lp = choice.logprobs as { token_logprobs?: unknown; tokens?: unknown } | null | undefined;
  const values = lp?.token_logprobs;
  if (!Array.isArray(values)) return `has no logprobs.token_logprobs list (got ${show(lp)}); does the server echo prompt log-probs with max_tokens 0?`;
  const tokens = Array.isArray(lp!.tokens) ? (lp!.tokens as unknown[]) : undefined;
  if (tokens && tokens.length !== values.length) return `has ${tokens.length} tokens but ${values.length} token_logprobs`;
  return {
    count: values.length,
    first: values[0],
    at(t, id, counted) {
      // Token text cannot be compared with an id; a `token_id:N` token can.
      const named = typeof tokens?.[t] === 'string' ? /^token_id:(\d+)$/.exec(tokens[t] as string) : null;
      if (named && Number(named[1]) !== id) return `position ${t} is token ${named[1]}, not the id sent there (${id})`;
      if (!counted) return undefined;
      const v = values[t] as unknown;
      return v === null ? `position ${t} (token ${id}) has no log-probability (null)` : { value: v };
    },
  };
}

/**
 * log p(ids[t] | ids[<t]) for t = responseStart … end of each row, read from a completions answer
 * to completionsBody(shape, …, rows' ids): one array per row, in row order.
 */
export function readPromptLogprobs(shape: LogprobShape, json: unknown, rows: readonly LogprobRequest[], where: string): number[][] {
  const fail = (what: string) => new ModelError(`${where}: ${what}`);
  const choices = (json as { choices?: unknown } | null)?.choices;
  if (!Array.isArray(choices) || choices.length !== rows.length)
    throw fail(`answered ${Array.isArray(choices) ? choices.length : 'no'} choices for ${rows.length} prompts; got ${show(json)}`);
  const out: (number[] | undefined)[] = new Array(rows.length);
  choices.forEach((c: unknown, j) => {
    if (c === null || typeof c !== 'object') throw fail(`choice ${j} is ${show(c)}, not an object`);
    const choice = c as Record<string, unknown>;
    const i = choice.index === undefined ? j : choice.index;
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= rows.length || out[i] !== undefined)
      throw fail(`choice ${j} has index ${show(choice.index)}, not a prompt of this request answered once`);
    const row = rows[i]!;
    const p = shape === 'echo' ? echoPositions(choice) : vllmPositions(choice);
    if (typeof p === 'string') throw fail(`prompt ${i} ${p}`);
    if (p.count !== row.ids.length)
      throw fail(
        `prompt ${i} came back with ${p.count} positions for the ${row.ids.length} token ids sent (a server that adds or drops tokens scores other ids)`,
      );
    if (p.first !== null) throw fail(`prompt ${i}'s first position has a log-probability (${show(p.first)}), where nothing precedes it: positions are shifted`);
    const values: number[] = [];
    for (let t = 1; t < row.ids.length; t++) {
      const counted = t >= row.responseStart;
      const got = p.at(t, row.ids[t]!, counted);
      if (typeof got === 'string') throw fail(`prompt ${i}: ${got}`);
      if (!counted) continue;
      const v = got?.value;
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw fail(`prompt ${i}: position ${t} (token ${row.ids[t]}) has log-probability ${show(v)}, not a finite number`);
      values.push(v);
    }
    out[i] = values;
  });
  return out as number[][];
}

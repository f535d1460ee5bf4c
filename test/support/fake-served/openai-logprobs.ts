import { listModels, openAIError, plainHealth } from './openai-style.js';
import { type Engine, type FakeOptions, startEngine } from './server.js';

/**
 * An OpenAI-compatible `POST /v1/completions` returning prompt log-probs, as vLLM serves a causal
 * LM (`vllm serve MODEL`), in both documented shapes: vLLM's `prompt_logprobs` (asked with
 * `prompt_logprobs: k`, `max_tokens ≥ 1`; per prompt position null first, then an object keyed
 * by token id → {logprob, rank, decoded_token}, the prompt's token plus k alternatives) and the
 * legacy `echo: true, logprobs: k, max_tokens: 0` (`logprobs.tokens`, `token_logprobs` null
 * first, `top_logprobs`, `text_offset`; tokens written `token_id:N` when asked with
 * `return_tokens_as_token_ids`). Prompts are token-id lists; the fake has no tokenizer.
 * Its language model is a rule tests recompute on their own (the default a bigram), or a table.
 */

/** log p(ids[t] | ids[<t]) for t ≥ 1. */
export type LogprobRule = (ids: readonly number[], t: number) => number;

/** −((ids[t] + salt·ids[t−1]) mod 7) / 4: a bigram model any test can recompute by hand. */
export const bigram =
  (salt: number): LogprobRule =>
  (ids, t) =>
    -((ids[t]! + salt * ids[t - 1]!) % 7) / 4;

/** What the fake answers before it is sent (a test's deliberate corruption of the body). */
export type Tamper = (body: { choices: Record<string, unknown>[] }) => void;

const text = (id: number): string => `<${id}>`;

function vllmChoice(ids: number[], index: number, k: number, rule: LogprobRule): Record<string, unknown> {
  const positions = ids.map((id, t) => {
    if (t === 0) return null;
    const own = { [id]: { logprob: rule(ids, t), rank: k === 0 ? 1 : 2, decoded_token: text(id) } };
    // k alternatives ranked above it, so a reader must look the sent id up, not take the first key.
    const alternatives = Object.fromEntries(
      Array.from({ length: k }, (_, j) => [id + j + 1, { logprob: -0.001 * (j + 1), rank: j + 1, decoded_token: text(id + j + 1) }]),
    );
    return { ...alternatives, ...own };
  });
  return { index, text: '<0>', logprobs: null, finish_reason: 'length', stop_reason: null, prompt_logprobs: positions };
}

function echoChoice(ids: number[], index: number, asIds: boolean, rule: LogprobRule): Record<string, unknown> {
  const tokens = ids.map((id) => (asIds ? `token_id:${id}` : text(id)));
  const values = ids.map((_, t) => (t === 0 ? null : rule(ids, t)));
  const offsets = tokens.map((_, t) => tokens.slice(0, t).join('').length);
  const top = tokens.map((tok, t) => (t === 0 ? null : { [tok]: values[t] }));
  return { index, text: tokens.join(''), logprobs: { tokens, token_logprobs: values, top_logprobs: top, text_offset: offsets }, finish_reason: 'length' };
}

export function logprobsEngine(rule: LogprobRule = bigram(1), tamper?: Tamper): Engine {
  return {
    health: () => plainHealth,
    get: (path, model) => listModels(path, model, 'vllm'),
    items(path, b) {
      if (path !== '/v1/completions') return undefined;
      const p = b.prompt as unknown[];
      return Array.isArray(p) && p.every((x) => typeof x === 'number') ? [p] : p;
    },
    namesModel: true,
    answer(_path, b, xs, model) {
      if (!xs.every((x) => Array.isArray(x) && x.length > 0 && x.every((id) => Number.isInteger(id) && id >= 0)))
        throw new Error('this fake takes prompts as token ids only');
      const prompts = xs as number[][];
      let choices: Record<string, unknown>[];
      if (b.echo === true) {
        // OpenAI: echo with max_tokens 0 returns the prompt's log-probs and generates nothing.
        if (b.max_tokens !== 0 || typeof b.logprobs !== 'number') throw new Error('echo needs logprobs and max_tokens 0 to score the prompt alone');
        choices = prompts.map((ids, i) => echoChoice(ids, i, b.return_tokens_as_token_ids === true, rule));
      } else {
        if (typeof b.prompt_logprobs !== 'number' || b.prompt_logprobs < 0) throw new Error('prompt_logprobs must be a non-negative integer');
        if (typeof b.max_tokens !== 'number' || b.max_tokens < 1) throw new Error('max_tokens must be at least 1');
        choices = prompts.map((ids, i) => vllmChoice(ids, i, b.prompt_logprobs as number, rule));
      }
      const body = { choices };
      tamper?.(body);
      const tokens = prompts.reduce((s, p) => s + p.length, 0);
      return {
        id: 'cmpl-1',
        object: 'text_completion',
        created: 0,
        model,
        ...body,
        usage: { prompt_tokens: tokens, completion_tokens: 0, total_tokens: tokens },
      };
    },
    error: openAIError,
  };
}

/** A fake serving `rule`, with the common fault scripting (FakeOptions' kind is ignored). */
export function startLogprobsFake(o: Partial<FakeOptions> & { rule?: LogprobRule; tamper?: Tamper } = {}) {
  return startEngine(logprobsEngine(o.rule, o.tamper), { ...o, kind: 'openai-logprobs' });
}

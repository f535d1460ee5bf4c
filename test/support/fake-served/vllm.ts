import { classifyAnswer, listModels, openAIError, plainHealth } from './openai-style.js';
import { rewardOf, type Engine } from './server.js';

/**
 * vLLM's pooling server (`vllm serve RM --task reward`): POST /pooling with `use_activation: false`
 * answers `{data: [{index, data: [reward]}]}`; `task: token_classify` answers one row of logits
 * per token; POST /classify answers probabilities.
 */

/** The per-token logit the fake PRM gives position p: z = (p mod 5) − 2, row [0, z]. */
export const fakeStepLogit = (p: number): number => (p % 5) - 2;

export const vllm: Engine = {
  health: () => plainHealth,
  get: (path, model) => listModels(path, model, 'vllm'),
  items: (path, b) => (path === '/pooling' || path === '/classify' ? (b.input as unknown[]) : undefined),
  namesModel: true,
  answer(path, b, xs, model) {
    if (path === '/classify') return classifyAnswer(model, xs.map(rewardOf));
    if (b.use_activation !== false) throw new Error('use_activation must be false');
    const data = b.task === 'token_classify' ? xs.map((x) => (x as number[]).map((_, p) => [0, fakeStepLogit(p)])) : xs.map((x) => [rewardOf(x)]);
    return {
      id: 'pool-1',
      object: 'list',
      created: 0,
      model,
      data: data.map((d, index) => ({ index, object: 'pooling', data: d })),
      usage: { prompt_tokens: 0, total_tokens: 0 },
    };
  },
  error: openAIError,
};

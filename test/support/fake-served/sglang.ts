import { classifyAnswer, listModels, openAIError, plainHealth } from './openai-style.js';
import { rewardOf, type Engine } from './server.js';

/**
 * SGLang with `--is-embedding`: native POST /classify takes `{model, text: [...]}` and answers one
 * `{embedding: [reward], meta_info}` per input; POST /v1/classify is the OpenAI-style form.
 */
export const sglang: Engine = {
  health: () => plainHealth,
  get: (path, model) => listModels(path, model, 'sglang'),
  items: (path, b) => (path === '/classify' ? (b.text as unknown[]) : path === '/v1/classify' ? (b.input as unknown[]) : undefined),
  namesModel: true,
  answer(path, _b, xs, model) {
    const rewards = xs.map(rewardOf);
    if (path === '/v1/classify') return classifyAnswer(model, rewards);
    return rewards.map((v) => ({ embedding: [v], meta_info: { prompt_tokens: 1 } }));
  },
  error: openAIError,
};

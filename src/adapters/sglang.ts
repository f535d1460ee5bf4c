import { defineAdapter, opt } from '../core/define-adapter.js';
import type { RawScore } from '../core/types.js';
import { bad, createServed, discoverOpenAI, servedOptionDefs } from './http/served.js';
import { classifyRewards } from './http/shapes.js';

/**
 * SGLang (`python -m sglang.launch_server --is-embedding` with a reward model): native
 * `/classify` returns the raw reward in `embedding`; `/v1/classify` is the OpenAI-style form
 * (probabilities, as vLLM's `/classify`).
 */
export default defineAdapter({
  id: 'sglang',
  description: 'reward model served by SGLang (POST /classify, or /v1/classify); several URLs comma-separated are replicas',
  options: {
    ...servedOptionDefs,
    endpoint: opt.enum(['classify', 'v1'], {
      listed: true,
      default: 'classify',
      description: 'classify (default: native, raw rewards) or v1 (OpenAI-style /v1/classify, probabilities)',
    }),
    label: opt.int({ min: 0, default: 0, description: 'which output column is the reward (default 0)' }),
  },
  async create(spec, opts, ctx) {
    const { endpoint, label } = opts;
    return createServed(spec, opts, ctx, {
      readiness: () => ['/health'],
      discover: discoverOpenAI,
      identity: { endpoint, label },
      needIds: false,
      serverAddsSpecial: true,
      async score(client, model, batch, renderer) {
        const text = batch.map((r) => renderer.render(r).text);
        if (endpoint === 'v1')
          return classifyRewards(await client.send('POST', '/v1/classify', { model, input: text }, { items: text.length }), batch.length, label);
        const r = await client.send('POST', '/classify', { model, text }, { items: text.length });
        const rows = r.json as { embedding?: unknown }[];
        if (!Array.isArray(rows) || rows.length !== batch.length)
          throw bad(`${r.endpoint}/classify returned ${Array.isArray(rows) ? rows.length : 'no'} rows for ${batch.length} inputs`, r.json);
        return rows.map((row): RawScore => {
          const e = row?.embedding;
          return Array.isArray(e) && typeof e[label] === 'number' ? (e[label] as number) : NaN;
        });
      },
    });
  },
});

import { UsageError } from '../core/errors.js';
import type { AdapterContext, ModelSpec, RawScore, RewardModel } from '../core/types.js';
import { bad, createServed, discoverOpenAI, intOpt, servedOptions } from './http/served.js';
import { classifyRewards } from './http/shapes.js';

/**
 * SGLang (`python -m sglang.launch_server --is-embedding` with a reward model): native
 * `/classify` returns the raw reward in `embedding`; `/v1/classify` is the OpenAI-style form
 * (probabilities, as vLLM's `/classify`).
 */
export const description = 'reward model served by SGLang (POST /classify, or /v1/classify); several URLs comma-separated are replicas';

export const options = {
  ...servedOptions,
  endpoint: 'classify (default: native, raw rewards) or v1 (OpenAI-style /v1/classify, probabilities)',
  label: 'which output column is the reward (default 0)',
};

export async function create(spec: ModelSpec, ctx: AdapterContext): Promise<RewardModel> {
  const endpoint = spec.options.endpoint ?? 'classify';
  if (endpoint !== 'classify' && endpoint !== 'v1') throw new UsageError(`model "${spec.source}": endpoint must be classify or v1, got "${endpoint}"`);
  const label = intOpt(spec, 'label', 0, 0);
  return createServed(spec, ctx, {
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
}

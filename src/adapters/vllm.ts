import { UsageError } from '../core/errors.js';
import { defineAdapter, opt } from '../core/define-adapter.js';
import type { RawScore } from '../core/types.js';
import { bad, createServed, discoverOpenAI, servedOptionDefs } from './http/served.js';
import { classifyRewards, softmaxAt, stepPositions } from './http/shapes.js';

/**
 * vLLM's pooling server (`vllm serve RM --task reward|classify`). `/pooling` with
 * `use_activation: false` returns raw rewards: the sigmoid the server would apply saturates
 * near 0 and 1 and turns distinct rewards into ties. Process reward models use
 * `task: token_classify`: one row per token, read at the step-separator positions.
 */
export default defineAdapter({
  id: 'vllm',
  description: 'reward model served by vLLM (POST /pooling, or /classify); several URLs comma-separated are replicas',
  options: {
    ...servedOptionDefs,
    endpoint: opt.enum(['pooling', 'classify'], {
      listed: true,
      default: 'pooling',
      description: 'pooling (default: raw rewards) or classify (probabilities, as /classify returns them)',
    }),
    task: opt.enum(['classify', 'token_classify'], {
      listed: true,
      default: 'classify',
      description: 'classify (default: one reward per input) or token_classify (process reward models: one score per step)',
    }),
    label: opt.int({ min: 0, default: 0, description: 'which output column is the reward (default 0)' }),
    stepToken: opt.string({
      description: 'token_classify: the step separator whose positions carry the step scores (e.g. <extra_0>, ки); needs tokenizer=',
    }),
    stepLabel: opt.int({
      min: 0,
      default: 1,
      description: 'token_classify: the class meaning "step is correct" (default 1); a step scores its softmax probability',
    }),
  },
  async create(spec, opts, ctx) {
    const { endpoint, task, label, stepLabel, stepToken } = opts;
    if (task === 'token_classify' && (endpoint !== 'pooling' || stepToken === undefined || opts.tokenizer === undefined)) {
      throw new UsageError(`model "${spec.source}": task=token_classify needs endpoint=pooling, tokenizer=DIR and stepToken=`);
    }
    return createServed(spec, opts, ctx, {
      readiness: () => ['/health'],
      discover: discoverOpenAI,
      identity: { endpoint, task, label, stepToken: stepToken ?? null, stepLabel: task === 'token_classify' ? stepLabel : null },
      needIds: task === 'token_classify',
      serverAddsSpecial: true,
      async score(client, model, batch, renderer) {
        // A PRM reads a score at each separator, so each step is followed by one.
        const sep = stepToken;
        const asked =
          task === 'token_classify'
            ? batch.map((r) => ({ ...r, response: (r.context?.steps ?? r.response.split('\n')).map((s) => s + sep).join('\n') }))
            : batch;
        const rendered = asked.map((r) => renderer.render(r));
        if (endpoint === 'classify') {
          const r = await client.send('POST', '/classify', { model, input: rendered.map((x) => x.text) }, { items: batch.length });
          return classifyRewards(r, batch.length, label);
        }
        const useIds = rendered.every((x) => x.ids !== undefined);
        const input = useIds ? rendered.map((x) => x.ids!) : rendered.map((x) => x.text);
        const r = await client.send('POST', '/pooling', { model, input, task, use_activation: false }, { items: batch.length });
        const data = (r.json as { data?: { index?: number; data?: unknown }[] })?.data;
        if (!Array.isArray(data) || data.length !== batch.length)
          throw bad(`${r.endpoint}/pooling returned ${Array.isArray(data) ? data.length : 'no'} rows for ${batch.length} inputs`, r.json);
        const out: RawScore[] = new Array(batch.length);
        data.forEach((row, j) => {
          const i = typeof row.index === 'number' ? row.index : j;
          const v = row.data;
          if (task === 'classify') {
            // A reward head returns [reward] (or a bare number on older versions).
            out[i] = typeof v === 'number' ? v : Array.isArray(v) && typeof v[label] === 'number' ? (v[label] as number) : NaN;
            return;
          }
          if (!Array.isArray(v)) throw bad(`${r.endpoint}/pooling: token_classify row ${i} is not a list of per-token rows`, row);
          const positions = stepPositions(renderer, rendered[i]!.ids!, stepToken!);
          out[i] = positions.map((p) => softmaxAt(v[p] as unknown, stepLabel));
        });
        return out;
      },
    });
  },
});

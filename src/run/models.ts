import { adapters } from '../adapters/index.js';
import { opt, parseAdapterOptions, parseOptions } from '../core/define-adapter.js';
import { defaultModelId } from '../core/model-spec.js';
import type { LoadedModel, ModelContext, ModelSpec } from '../core/types.js';
import { stepAggregatorIds } from '../metrics/step-aggregation.js';

/** Options every spec may carry, handled here rather than by each adapter. */
export const coreModelOptions = {
  id: opt.string({ description: 'display id in tables and run.json' }),
  aggregate: opt.enum(stepAggregatorIds, { description: `how step scores become one score: ${stepAggregatorIds.join(', ')}` }),
  batchSize: opt.int({ min: 1, description: 'requests per model call (default: the adapter’s own)' }),
};

/** Create a model from its spec: check the adapter and its options, then let the adapter load. */
export async function createModel(spec: ModelSpec, ctx: ModelContext): Promise<LoadedModel> {
  const def = (await adapters.load(spec.adapter)).default;
  // The adapter sees neither core option: they are the factory's, whatever the adapter.
  const { aggregate: _a, batchSize: _b, ...adapterOptions } = spec.options;
  const adapterSpec: ModelSpec = { ...spec, id: defaultModelId(spec), options: adapterOptions };
  const opts = parseAdapterOptions(def, adapterSpec, ctx.cwd, Object.keys(coreModelOptions));
  const { aggregate, batchSize } = parseOptions(coreModelOptions, spec, ctx.cwd);
  const model = await def.create(adapterSpec, opts, { ...ctx, createMember: (member) => createModel(member, ctx) });
  const loaded: LoadedModel = { model, spec, batchSize: batchSize ?? model.batchSize };
  if (aggregate !== undefined) loaded.aggregate = aggregate;
  return loaded;
}

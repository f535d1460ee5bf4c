import { adapters } from '../adapters/index.js';
import { UsageError } from '../core/errors.js';
import { defaultModelId } from '../core/model-spec.js';
import { integerOrProblem } from '../core/numbers.js';
import { unknownNameMessage } from '../core/registry.js';
import type { LoadedModel, ModelContext, ModelSpec } from '../core/types.js';
import { isStepAggregatorId, stepAggregatorIds } from '../metrics/step-aggregation.js';

/** Options every spec may carry, handled here rather than by each adapter. */
export const coreModelOptions: Record<string, string> = {
  id: 'display id in tables and run.json',
  aggregate: `how step scores become one score: ${stepAggregatorIds.join(', ')}`,
  batchSize: 'requests per model call (default: the adapter’s own)',
};

/** Create a model from its spec: check the adapter and its options, then let the adapter load. */
export async function createModel(spec: ModelSpec, ctx: ModelContext): Promise<LoadedModel> {
  const mod = await adapters.load(spec.adapter);
  const { aggregate, batchSize, ...adapterOptions } = spec.options;
  const known = Object.keys({ ...mod.options, ...coreModelOptions });
  for (const name of Object.keys(adapterOptions)) {
    if (!Object.hasOwn(mod.options, name)) {
      throw new UsageError(`model "${spec.source}": ${unknownNameMessage(`option for ${spec.adapter}`, name, known)}`);
    }
  }
  if (aggregate !== undefined && !isStepAggregatorId(aggregate)) {
    throw new UsageError(`model "${spec.source}": ${unknownNameMessage('aggregate', aggregate, stepAggregatorIds)}`);
  }
  const size = batchSize === undefined ? undefined : integerOrProblem(batchSize, 1);
  if (typeof size === 'string') throw new UsageError(`model "${spec.source}": batchSize ${size}, got "${batchSize}"`);
  const model = await mod.create(
    { ...spec, id: defaultModelId(spec), options: adapterOptions },
    { ...ctx, createMember: (member) => createModel(member, ctx) },
  );
  const loaded: LoadedModel = { model, spec, batchSize: size ?? model.batchSize };
  if (aggregate !== undefined) loaded.aggregate = aggregate;
  return loaded;
}

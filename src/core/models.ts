import { adapters } from '../adapters/index.js';
import { UsageError } from './errors.js';
import { defaultModelId } from './model-spec.js';
import { unknownNameMessage } from './registry.js';
import type { AdapterContext, ModelSpec, RawScore, RewardModel } from './types.js';
import { isStepAggregatorId, stepAggregatorIds, stepAggregators, type StepAggregatorId } from '../metrics/step-aggregation.js';

/** Options every spec may carry, handled here rather than by each adapter. */
export const coreModelOptions: Record<string, string> = {
  id: 'display id in tables and run.json',
  aggregate: `how step scores become one score: ${stepAggregatorIds.join(', ')}`,
  batchSize: 'requests per model call (default: the adapter’s own)',
};

export interface LoadedModel {
  model: RewardModel;
  spec: ModelSpec;
  /** Step aggregation chosen with `?aggregate=`, if any. */
  aggregate?: StepAggregatorId;
  batchSize: number;
}

/** Create a model from its spec: check the adapter and its options, then let the adapter load. */
export async function createModel(spec: ModelSpec, ctx: AdapterContext): Promise<LoadedModel> {
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
  let size: number | undefined;
  if (batchSize !== undefined) {
    size = Number(batchSize);
    if (!Number.isInteger(size) || size < 1) throw new UsageError(`model "${spec.source}": batchSize must be a positive integer, got "${batchSize}"`);
  }
  const model = await mod.create({ ...spec, id: defaultModelId(spec), options: adapterOptions }, ctx);
  const loaded: LoadedModel = { model, spec, batchSize: size ?? model.batchSize };
  if (aggregate !== undefined) loaded.aggregate = aggregate as StepAggregatorId;
  return loaded;
}

/** One number per answer: step scores are aggregated, and refused without an aggregator. */
export function toScalar(raw: RawScore, loaded: LoadedModel, where: () => string): number {
  if (typeof raw === 'number') return raw;
  if (!loaded.aggregate) {
    throw new UsageError(
      `model "${loaded.model.id}" returned step scores for ${where()}; choose how to combine them with ` +
        `"?aggregate=" (one of ${stepAggregatorIds.join(', ')}), e.g. "${loaded.spec.source}${loaded.spec.source.includes('?') ? '&' : '?'}aggregate=prod"`,
    );
  }
  return stepAggregators[loaded.aggregate](raw);
}

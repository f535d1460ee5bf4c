import { adapters } from '../adapters/index.js';
import { ModelError, UsageError } from './errors.js';
import { defaultModelId } from './model-spec.js';
import { integerOrProblem } from './numbers.js';
import { unknownNameMessage } from './registry.js';
import type { AdapterContext, ModelSpec, RawScore, RewardModel } from './types.js';
import { isStepAggregatorId, stepAggregatorDomains, stepAggregatorIds, stepAggregators, type StepAggregatorId } from '../metrics/step-aggregation.js';

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
  const size = batchSize === undefined ? undefined : integerOrProblem(batchSize, 1);
  if (typeof size === 'string') throw new UsageError(`model "${spec.source}": batchSize ${size}, got "${batchSize}"`);
  const model = await mod.create({ ...spec, id: defaultModelId(spec), options: adapterOptions }, ctx);
  const loaded: LoadedModel = { model, spec, batchSize: size ?? model.batchSize };
  if (aggregate !== undefined) loaded.aggregate = aggregate as StepAggregatorId;
  return loaded;
}

/** One number per answer: step scores are aggregated (exit 3 when that is not finite), and refused without an aggregator. */
export function toScalar(raw: RawScore, loaded: LoadedModel, where: () => string): number {
  if (typeof raw === 'number') return raw;
  if (!loaded.aggregate) {
    throw new UsageError(
      `model "${loaded.model.id}" returned step scores for ${where()}; choose how to combine them with ` +
        `"?aggregate=" (one of ${stepAggregatorIds.join(', ')}), e.g. "${loaded.spec.source}${loaded.spec.source.includes('?') ? '&' : '?'}aggregate=prod"`,
    );
  }
  const score = stepAggregators[loaded.aggregate](raw);
  // Finite steps can still combine to NaN or ±Infinity, which a suite would count as a loss.
  if (!Number.isFinite(score)) {
    const shown = raw.length > 8 ? `${raw.slice(0, 8).join(', ')}, … (${raw.length} steps)` : raw.join(', ');
    throw new ModelError(
      `model "${loaded.model.id}": ?aggregate=${loaded.aggregate} gives ${score} for ${where()} from step scores [${shown}]; ` +
        `${loaded.aggregate} needs ${stepAggregatorDomains[loaded.aggregate]}`,
    );
  }
  return score;
}

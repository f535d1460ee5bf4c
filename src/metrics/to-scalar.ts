import { ModelError, UsageError } from '../core/errors.js';
import type { Answer, Query } from '../core/suite.js';
import type { LoadedModel, RawScore } from '../core/types.js';
import { stepAggregatorDomains, stepAggregatorIds, stepAggregators, type StepAggregatorId } from './step-aggregation.js';

/** One number per answer: step scores are aggregated (exit 3 when that is not finite), and refused without an aggregator. */
export function toScalar(raw: RawScore, loaded: LoadedModel, where: () => string): number {
  if (typeof raw === 'number') return raw;
  if (!loaded.aggregate) {
    throw new UsageError(
      `model "${loaded.model.id}" returned step scores for ${where()}; choose how to combine them with ` +
        `"?aggregate=" (one of ${stepAggregatorIds.join(', ')}), e.g. "${loaded.spec.source}${loaded.spec.source.includes('?') ? '&' : '?'}aggregate=prod"`,
    );
  }
  // The model factory refused any other id when the model loaded.
  const aggregate = loaded.aggregate as StepAggregatorId;
  const score = stepAggregators[aggregate](raw);
  // Finite steps can still combine to NaN or ±Infinity, which a suite would count as a loss.
  if (!Number.isFinite(score)) {
    const shown = raw.length > 8 ? `${raw.slice(0, 8).join(', ')}, … (${raw.length} steps)` : raw.join(', ');
    throw new ModelError(
      `model "${loaded.model.id}": ?aggregate=${aggregate} gives ${score} for ${where()} from step scores [${shown}]; ` +
        `${aggregate} needs ${stepAggregatorDomains[aggregate]}`,
    );
  }
  return score;
}

/**
 * An answer as the suite reads it. A suite that reads step scores itself (`stepScores: 'own'`)
 * gets them as they came, one per `context.steps` entry (else exit 3), and refuses a scalar
 * (usage: the model is not a process reward model); any other gets the aggregated scalar, and the
 * steps beside it for its credit forms.
 */
export function toAnswer(query: Query, raw: RawScore, loaded: LoadedModel, ownSteps: boolean, where: () => string): Answer {
  const kind = query.kind;
  if (ownSteps && kind === 'score') {
    if (typeof raw === 'number') {
      throw new UsageError(
        `model "${loaded.model.id}" returned one score (${raw}) for ${where()}, which needs one score per step: ` +
          'use a process reward model that scores each of `context.steps` (a list of numbers per request)',
      );
    }
    const expected = query.request.context?.steps?.length;
    if (expected !== undefined && raw.length !== expected) {
      throw new ModelError(`model "${loaded.model.id}" returned ${raw.length} step scores for ${where()}, which has ${expected} steps`);
    }
    return { kind, value: NaN, steps: raw };
  }
  const value = toScalar(raw, loaded, where);
  return typeof raw === 'number' ? { kind, value } : { kind, value, steps: raw };
}

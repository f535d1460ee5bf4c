import type { ModelEntry, ResultRow } from '../core/run-schema.js';

/**
 * A model's kind for the leaderboard's type column and filter, from what run.json records: the
 * adapter id, the baseline flag, and whether the model returned step scores (a process reward
 * model: only step scores give a `step_auc` row). Unknown adapters (plugins, command, scores,
 * ensembles) are `other`: the adapter says nothing about what is behind them.
 */

export const MODEL_TYPES = ['classifier', 'DPO', 'generative judge', 'PRM', 'verifier', 'baseline', 'other'] as const;
export type ModelType = (typeof MODEL_TYPES)[number];

const BY_ADAPTER: Record<string, ModelType> = {
  onnx: 'classifier',
  ort: 'classifier',
  hf: 'classifier',
  vllm: 'classifier',
  sglang: 'classifier',
  tei: 'classifier',
  kserve: 'classifier',
  dpo: 'DPO',
  'openai-judge': 'generative judge',
  verifier: 'verifier',
  hybrid: 'verifier',
};

/** Metrics only a model that scored each step can have. */
const STEP_METRICS = new Set(['step_auc']);

export function modelType(model: Pick<ModelEntry, 'adapter' | 'baseline'>, results: Iterable<Pick<ResultRow, 'metric'>> = []): ModelType {
  if (model.baseline) return 'baseline';
  for (const r of results) if (STEP_METRICS.has(r.metric)) return 'PRM';
  return BY_ADAPTER[model.adapter] ?? 'other';
}

import { defineRegistry } from '../core/registry.js';
import type { AdapterModule } from '../core/types.js';

/** Adapter id → lazy import. One file per adapter; heavy dependencies load only when used. */
export const adapters = defineRegistry<AdapterModule>()('adapter', {
  command: () => import('./command.js'),
  dpo: () => import('./dpo.js'),
  ensemble: () => import('./ensemble.js'),
  heuristic: () => import('./heuristic.js'),
  hf: () => import('./hf.js'),
  hybrid: () => import('./hybrid.js'),
  kserve: () => import('./kserve.js'),
  onnx: () => import('./onnx.js'),
  'openai-judge': () => import('./openai-judge.js'),
  'openai-logprobs': () => import('./openai-logprobs.js'),
  ort: () => import('./ort.js'),
  scores: () => import('./scores.js'),
  sglang: () => import('./sglang.js'),
  tei: () => import('./tei.js'),
  verifier: () => import('./verifier.js'),
  vllm: () => import('./vllm.js'),
});

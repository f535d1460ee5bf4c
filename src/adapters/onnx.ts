import { defineAdapter, opt } from '../core/define-adapter.js';
import { DTYPE_SUFFIX, loadLocalModel, localOptionDefs } from './local/load.js';

/**
 * Encoder reward models exported in the transformers.js layout (config.json, tokenizer.json,
 * tokenizer_config.json, onnx/model.onnx), e.g. OpenAssistant/reward-model-deberta-v3-large-v2.
 * transformers.js tokenizes; onnxruntime-node runs the graph (in worker threads) with the session
 * transformers.js would create (its defaults are onnxruntime's), without the 0.4 s of CPU its
 * import cost each worker. The reward is the raw logit, never the text-classification pipeline's
 * softmax, which maps a single logit to 1.0.
 */
export default defineAdapter({
  id: 'onnx',
  description: 'encoder reward model folder in the transformers.js layout (BERT, DeBERTa, RoBERTa, ...), run on CPU or GPU',
  options: {
    ...localOptionDefs,
    dtype: opt.enum(Object.keys(DTYPE_SUFFIX), {
      default: 'fp32',
      description: `which graph: ${Object.entries(DTYPE_SUFFIX)
        .map(([d, s]) => `${d} (model${s}.onnx)`)
        .join(', ')}; default fp32`,
    }),
  },
  create: (spec, opts, ctx) => loadLocalModel('onnx', spec, opts, ctx),
});

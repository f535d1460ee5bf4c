import { defineAdapter, opt } from '../core/define-adapter.js';
import { loadLocalModel, localOptionDefs } from './local/load.js';

/**
 * Decoder reward models (Llama, Qwen, Gemma classifiers) exported with
 * `optimum-cli export onnx --task text-classification`: model.onnx (plus model.onnx_data when the
 * weights are large) run directly on onnxruntime-node, since transformers.js cannot load decoder
 * classifiers; transformers.js only tokenizes and applies the chat template.
 */
export default defineAdapter({
  id: 'ort',
  description: 'decoder reward model exported by optimum (model.onnx + model.onnx_data), run on onnxruntime-node directly',
  options: {
    ...localOptionDefs,
    padTokenId: opt.int({
      min: 0,
      description:
        "the id batches are padded with (default: config.json pad_token_id, which the export's last-token pooling compares against); without one, only sequences of equal length share a batch",
    }),
  },
  create: (spec, opts, ctx) => loadLocalModel('ort', spec, opts, ctx),
});

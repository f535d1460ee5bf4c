import type { AdapterContext, ModelSpec, RewardModel } from '../core/types.js';
import { loadLocalModel, localOptions } from './local/load.js';

/**
 * Decoder reward models (Llama, Qwen, Gemma classifiers) exported with
 * `optimum-cli export onnx --task text-classification`: model.onnx (plus model.onnx_data when the
 * weights are large) run directly on onnxruntime-node, since transformers.js cannot load decoder
 * classifiers; transformers.js only tokenizes and applies the chat template.
 */
export const description = 'decoder reward model exported by optimum (model.onnx + model.onnx_data), run on onnxruntime-node directly';

export const options = {
  ...localOptions,
  padTokenId:
    "the id batches are padded with (default: config.json pad_token_id, which the export's last-token pooling compares against); without one, only sequences of equal length share a batch",
};

export function create(spec: ModelSpec, ctx: AdapterContext): Promise<RewardModel> {
  return loadLocalModel('ort', spec, ctx);
}

import { resolve } from 'node:path';
import { fingerprintOf } from '../../core/canonical.js';
import { opt, type ParsedOptions } from '../../core/define-adapter.js';
import { UsageError } from '../../core/errors.js';
import type { AdapterContext, ModelSpec, RewardModel } from '../../core/types.js';
import { deviceIds } from '../../gpu/device.js';
import { causalArchitecture, loadCausal } from './causal-load.js';
import { localRewardModel } from './local-model.js';
import { fingerprintFiles, maxLengthOf, readModelFolder } from './model-dir.js';
import { placement, poolOpener } from './placement.js';
import { type InputForm, loadLocalTokenizer, RequestEncoder } from './text.js';

/** Options both local adapters take. */
export const localOptionDefs = {
  device: opt.enum(deviceIds, { description: `${deviceIds.join(', ')} (default: --device, else auto)` }),
  threads: opt.int({ min: 1, description: 'intra-op threads per session (default: the cores ÷ workers)' }),
  workers: opt.int({
    min: 1,
    description: 'sessions, each in its own worker thread (default: 2 on a CPU with 2+ cores for graphs under 1 GiB, else 1)',
  }),
  maxLength: opt.int({
    min: 2,
    description: 'tokens kept per input (default: model_max_length from tokenizer_config.json, capped by max_position_embeddings)',
  }),
  truncate: opt.enum(['end', 'start'], {
    listed: true,
    default: 'start',
    description:
      'which end of a too-long input loses tokens: start (default: the leading special tokens stay, the conversation loses its beginning, the response survives) or end (the first maxLength − 1 tokens and the last one)',
  }),
  input: opt.enum(['template', 'pair'], {
    listed: true,
    description: 'template (conversation through the chat template) or pair (prompt and response as a text pair); default: template when the tokenizer has one',
  }),
  chatTemplate: opt.template({ description: "a Jinja chat template, or a file holding one, instead of the tokenizer's" }),
  addSpecialTokens: opt.bool({
    description:
      'true or false: let the tokenizer add its special tokens (default: add them, and drop a BOS the chat template already wrote, as RewardBench does)',
  }),
  tokenBudget: opt.int({ min: 1, default: 16384, description: 'most padded tokens (rows × padded width) per batch (default 16384)' }),
  maxBatch: opt.int({ min: 1, default: 64, description: 'most rows per batch (default 64)' }),
  label: opt.int({ min: 0, description: 'which output logit is the reward, for models with several' }),
};

/** The local options parsed, with the one each adapter adds (onnx: dtype; ort: padTokenId). */
export type LocalOptions = ParsedOptions<typeof localOptionDefs> & { dtype?: string; padTokenId?: number | undefined };

/** transformers.js dtypes and the file each loads (onnx/model{suffix}.onnx). */
export const DTYPE_SUFFIX: Record<string, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};
/** Decoder families transformers.js cannot load as sequence classifiers. */
const DECODER_TYPES = new Set([
  'llama',
  'mistral',
  'mixtral',
  'qwen2',
  'qwen3',
  'qwen3_moe',
  'gemma',
  'gemma2',
  'gemma3',
  'phi3',
  'internlm2',
  'gpt2',
  'gpt_neox',
]);

export type LocalKind = 'onnx' | 'ort';

export async function loadLocalModel(kind: LocalKind, spec: ModelSpec, opts: LocalOptions, ctx: AdapterContext): Promise<RewardModel> {
  const dir = resolve(ctx.cwd, spec.target);
  const dtype = opts.dtype ?? 'fp32';
  const layout =
    kind === 'onnx'
      ? `an onnx: model folder has config.json, tokenizer.json, tokenizer_config.json and onnx/model${DTYPE_SUFFIX[dtype]}.onnx (the transformers.js layout; dtype=${dtype})`
      : 'an ort: model folder has config.json, tokenizer.json, tokenizer_config.json and model.onnx (with model.onnx_data for large models), as `optimum-cli export onnx --task text-classification` writes it';
  const graphs = kind === 'onnx' ? [`onnx/model${DTYPE_SUFFIX[dtype]}.onnx`] : ['model.onnx', 'onnx/model.onnx'];
  const info = await readModelFolder(dir, layout, graphs, (config, file) => {
    const type = String(config.model_type);
    if (kind === 'onnx' && DECODER_TYPES.has(type)) {
      throw new UsageError(
        `model "${spec.source}": ${file} says model_type "${type}", a decoder, which transformers.js cannot load as a sequence classifier; run it with ort:${spec.target}`,
      );
    }
  });

  const tok = await loadLocalTokenizer(dir);
  const architecture = causalArchitecture(info.config);
  if (kind === 'ort' && architecture !== undefined) return loadCausal(spec, opts, ctx, info, tok, architecture);

  const { chatTemplate, truncate } = opts;
  const hasTemplate = chatTemplate !== undefined || (tok.chat_template !== null && tok.chat_template !== undefined);
  const form: InputForm = opts.input ?? (hasTemplate ? 'template' : 'pair');
  if (form === 'template' && !hasTemplate)
    throw new UsageError(
      `model "${spec.source}": input=template, but ${dir} has no chat template (chat_template.jinja, or chat_template in tokenizer_config.json); give one with ?chatTemplate=FILE or use input=pair`,
    );
  // A decoder RM fed a text pair scores text it never saw in training: refuse unless asked for.
  if (kind === 'ort' && form === 'pair' && opts.input === undefined) {
    throw new UsageError(
      `model "${spec.source}": ${dir} is a decoder (model_type "${String(info.config.model_type)}") with no chat template (neither chat_template.jinja nor chat_template in tokenizer_config.json); ` +
        'scored as a text pair its rewards would be wrong. Give its template with ?chatTemplate=FILE, or ?input=pair if it was trained on plain text pairs',
    );
  }

  const asked = opts.maxLength;
  const { maxLength, positions } = maxLengthOf(info.config, info.tokenizerConfig, asked);
  const warnings: string[] = [];
  if ((asked ?? 0) > positions) warnings.push(`maxLength capped at max_position_embeddings (${positions})`);
  let encoder: RequestEncoder;
  try {
    const { addSpecialTokens } = opts;
    encoder = new RequestEncoder(tok, {
      form,
      ...(chatTemplate !== undefined && { chatTemplate }),
      ...(addSpecialTokens !== undefined && { addSpecialTokens }),
      maxLength,
      truncate,
    });
  } catch (err) {
    throw new UsageError(`model "${spec.source}": the chat template does not render a conversation: ${err instanceof Error ? err.message : String(err)}`);
  }

  // The decoder graph pools at the last token that is not config.pad_token_id, so only that id pads correctly.
  const configPad = typeof info.config.pad_token_id === 'number' ? info.config.pad_token_id : undefined;
  const padId = kind === 'ort' ? (opts.padTokenId ?? configPad) : (tok.pad_token_id ?? configPad ?? 0);
  if (padId === undefined)
    warnings.push(`${dir}/config.json has no pad_token_id, so only sequences of equal length share a batch (correct, but slower); set ?padTokenId= to pad`);

  const { device, name, workers, threads } = await placement(spec, opts, ctx, info);
  const { label } = opts;
  const limits = { tokenBudget: opts.tokenBudget, maxBatch: opts.maxBatch };
  // encoding 2: special tokens added with a doubled BOS dropped, and truncation that keeps the response.
  const identity = {
    encoding: 2,
    dtype,
    form,
    chatTemplate: chatTemplate ?? null,
    addSpecialTokens: encoder.settings.addSpecialTokens ?? 'auto',
    maxLength,
    label: label ?? null,
    padId: padId ?? null,
    truncate,
  };
  const fingerprint = fingerprintOf(kind, await fingerprintFiles(info.files), identity);

  const openPool = poolOpener({ file: info.graph }, device.provider, threads, workers, info.graph);
  return localRewardModel({
    id: spec.id ?? dir.split(/[/\\]/).pop()!,
    spec: spec.source,
    fingerprint,
    batchSize: 256,
    encoder,
    openPool,
    workers,
    padId,
    label,
    limits,
    maxWidth: positions,
    device: { ...device, ...(name && { name }) },
    dtype,
    threads,
    config: info.config,
    warnings,
  });
}

import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Writes a model folder the way a Hugging Face export lays it out, into a temporary folder that
 * is renamed into place at the end, so an interrupted build never leaves half a model behind.
 */
export class ModelFolder {
  /** Where files are written until `commit`. */
  readonly path: string;
  readonly files: { path: string; bytes: number; sha256: string }[] = [];

  constructor(readonly dir: string) {
    this.path = join(dirname(dir), `.building-${process.pid}-${dir.split(/[/\\]/).pop()}`);
    rmSync(this.path, { recursive: true, force: true });
    mkdirSync(this.path, { recursive: true });
  }

  write(relative: string, data: Uint8Array | string | object): void {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data instanceof Uint8Array ? data : Buffer.from(JSON.stringify(data, null, 2) + '\n');
    const path = join(this.path, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    this.files.push({ path: relative, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  }

  commit(): void {
    rmSync(this.dir, { recursive: true, force: true });
    renameSync(this.path, this.dir);
  }

  abandon(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** One output, the reward, as transformers writes a single-label classifier head. */
const ONE_REWARD = { num_labels: 1, id2label: { 0: 'LABEL_0' }, label2id: { LABEL_0: 0 } };

/** A `config.json` for a BERT-family sequence classifier with one label (a reward). */
export function bertConfig(shape: { vocab: number; hidden: number; layers: number; heads: number; intermediate: number; maxPositions: number }, extra: object) {
  return {
    architectures: ['BertForSequenceClassification'],
    model_type: 'bert',
    vocab_size: shape.vocab,
    hidden_size: shape.hidden,
    num_hidden_layers: shape.layers,
    num_attention_heads: shape.heads,
    intermediate_size: shape.intermediate,
    hidden_act: 'gelu',
    max_position_embeddings: shape.maxPositions,
    type_vocab_size: 2,
    layer_norm_eps: 1e-5,
    pad_token_id: 0,
    ...ONE_REWARD,
    problem_type: 'regression',
    torch_dtype: 'float32',
    ...extra,
  };
}

/** A `config.json` for a Llama sequence classifier, as optimum exports carry it. */
export function llamaConfig(
  shape: { vocab: number; hidden: number; layers: number; heads: number; intermediate: number; maxPositions: number; padTokenId: number },
  ids: { bos: number; eos: number },
  extra: object,
) {
  return {
    architectures: ['LlamaForSequenceClassification'],
    model_type: 'llama',
    vocab_size: shape.vocab,
    hidden_size: shape.hidden,
    num_hidden_layers: shape.layers,
    num_attention_heads: shape.heads,
    num_key_value_heads: shape.heads,
    head_dim: shape.hidden / shape.heads,
    intermediate_size: shape.intermediate,
    hidden_act: 'silu',
    max_position_embeddings: shape.maxPositions,
    rms_norm_eps: 1e-6,
    bos_token_id: ids.bos,
    eos_token_id: ids.eos,
    pad_token_id: shape.padTokenId,
    ...ONE_REWARD,
    torch_dtype: 'float32',
    ...extra,
  };
}

/** A `config.json` for a Llama causal LM with its LM head (what dpo: reads through ort:). */
export function llamaCausalConfig(
  shape: { vocab: number; hidden: number; layers: number; heads: number; intermediate: number; maxPositions: number },
  ids: { bos: number; eos: number; pad: number },
  extra: object,
) {
  const { num_labels: _n, id2label: _i, label2id: _l, ...rest } = llamaConfig({ ...shape, padTokenId: ids.pad }, ids, extra);
  return { ...rest, architectures: ['LlamaForCausalLM'], tie_word_embeddings: false };
}

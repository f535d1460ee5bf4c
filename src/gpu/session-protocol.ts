/** Messages between the session pool (main thread) and its workers (session-worker.ts). */

export type Provider = 'cpu' | 'cuda' | 'webgpu';

/** The graph onnxruntime-node runs: an `ort:` folder's, or an `onnx:` folder's onnx/model{suffix}.onnx. */
export interface Backend {
  file: string;
}

export interface SessionSpec {
  backend: Backend;
  provider: Provider;
  /** Intra-op threads of the session. */
  threads: number;
}

/** One padded batch, row-major [rows, cols]. */
export interface Feeds {
  dims: [number, number];
  input_ids: BigInt64Array;
  attention_mask: BigInt64Array;
  token_type_ids?: BigInt64Array;
  /**
   * Causal LMs: per row, the first position t whose log p(ids[t] | ids[<t]) is wanted; the worker
   * answers those (to the row's last real token) instead of the [rows, cols, vocab] logits.
   */
  logprobsFrom?: number[];
}

export type ToWorker = { type: 'init'; spec: SessionSpec } | { type: 'run'; id: number; feeds: Feeds } | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; inputNames: string[] }
  | { type: 'init-error'; message: string }
  /**
   * Logits as float32, shape `dims` ([rows, labels], or [rows, cols, labels] for per-token outputs); `ms` = time in the session.
   * With `logprobsFrom`: `data` is empty and `logprobs` holds each row's log-probabilities, rows concatenated.
   */
  | { type: 'result'; id: number; data: Float32Array; dims: number[]; ms: number; logprobs?: Float64Array }
  | { type: 'run-error'; id: number; message: string };

import { rewardOf, type Engine } from './server.js';

/**
 * text-embeddings-inference serving a classifier: POST /predict `{inputs, raw_scores, truncate}`
 * answers one `[{score, label}]` per input; batches over `--max-client-batch-size` get 413;
 * errors are `{error, error_type}`; GET /info names the model.
 */

const errorType = (status: number): string =>
  status === 413 ? 'Validation' : status === 429 ? 'Overloaded' : status === 424 ? 'Backend' : status === 422 ? 'Tokenizer' : 'Unhealthy';

export const tei: Engine = {
  health: () => ({ paths: ['/health'], ok: { status: 200 } }),
  get: (path, model, o) =>
    path === '/info'
      ? { status: 200, body: { model_id: model, model_type: { classifier: { id2label: { 0: 'LABEL_0' } } }, max_client_batch_size: o.maxBatch ?? 32 } }
      : undefined,
  items: (path, b) => (path === '/predict' ? (b.inputs as unknown[]) : undefined),
  // TEI serves one model: requests do not name it.
  namesModel: false,
  refuse: (xs, o) =>
    o.maxBatch !== undefined && xs.length > o.maxBatch
      ? { status: 413, message: `batch size ${xs.length} > maximum allowed batch size ${o.maxBatch}` }
      : undefined,
  answer: (_path, _b, xs) => xs.map((x) => [{ score: rewardOf(x), label: 'LABEL_0' }]),
  error: (status, message) => ({ error: message, error_type: errorType(status) }),
};

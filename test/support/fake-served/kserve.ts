import { rewardOf, type Engine } from './server.js';

/**
 * KServe v2 / Triton: POST /v2/models/NAME/infer with INT64 `input_ids` and `attention_mask`
 * tensors (row-major, right-padded) answers a `logits` output of shape [rows, 2] = [r, −r], r the
 * row's unmasked length; readiness is /v2/health/ready and /v2/models/NAME/ready; Triton's
 * repository extension lists models at POST /v2/repository/index.
 */

interface Tensor {
  name: string;
  shape: number[];
  data: number[];
}

/** Each row's ids where the mask is 1: what the model would see. */
function unmaskedRows(inputs: Tensor[]): number[][] {
  const ids = inputs.find((x) => x.name === 'input_ids')!;
  const mask = inputs.find((x) => x.name === 'attention_mask')!;
  const [rows, width] = ids.shape as [number, number];
  return Array.from({ length: rows }, (_, i) => ids.data.slice(i * width, (i + 1) * width).filter((_, k) => mask.data[i * width + k] === 1));
}

export const kserve: Engine = {
  health: (model) => ({ paths: ['/v2/health/ready', `/v2/models/${model}/ready`], ok: { status: 200, body: {} } }),
  get: () => undefined,
  post: (path, model, o) =>
    path === '/v2/repository/index' && o.repository !== null
      ? { status: 200, body: o.repository ?? [{ name: model, version: '1', state: 'READY' }] }
      : undefined,
  items: (path, b, model) => (path === `/v2/models/${model}/infer` ? unmaskedRows(b.inputs as Tensor[]) : undefined),
  // The model is in the route: an unknown one is no route.
  namesModel: false,
  answer(_path, _b, xs, model) {
    const r = xs.map(rewardOf);
    return { model_name: model, outputs: [{ name: 'logits', shape: [r.length, 2], datatype: 'FP32', data: r.flatMap((v) => [v, -v]) }] };
  },
  error: (_status, message) => ({ error: message }),
};

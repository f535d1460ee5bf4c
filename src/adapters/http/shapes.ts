import type { RawScore } from '../../core/types.js';
import type { Reply } from './client.js';
import type { Renderer } from './render.js';
import { bad } from './served.js';

/**
 * `/classify` (vLLM, and SGLang's `/v1/classify`): `{"data": [{"index", "label", "probs",
 * "num_classes"}]}`; the reward is `probs[label]`, in index order.
 */
export function classifyRewards(r: Reply, n: number, label: number): RawScore[] {
  const data = (r.json as { data?: { index?: number; probs?: unknown }[] })?.data;
  if (!Array.isArray(data) || data.length !== n)
    throw bad(`${r.endpoint}: /classify returned ${Array.isArray(data) ? data.length : 'no'} rows for ${n} inputs`, r.json);
  const out: RawScore[] = new Array(n).fill(NaN);
  data.forEach((row, j) => {
    const probs = row.probs;
    out[typeof row.index === 'number' ? row.index : j] = Array.isArray(probs) && typeof probs[label] === 'number' ? (probs[label] as number) : NaN;
  });
  return out;
}

/** Probability of class `k` from a row of logits; one logit reads as a binary head (sigmoid). */
export function softmaxAt(row: unknown, k: number): number {
  if (!Array.isArray(row) || row.length === 0 || !row.every((x) => typeof x === 'number')) return NaN;
  const xs = row as number[];
  if (xs.length === 1) return 1 / (1 + Math.exp(-xs[0]!));
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  return (e[k] ?? NaN) / e.reduce((a, b) => a + b, 0);
}

/** Where the step separator sits in a request's token ids (one per step, as PRMs are trained). */
export function stepPositions(renderer: Renderer, ids: readonly number[], stepToken: string): number[] {
  const tok = renderer.tokenizer!;
  const sep = tok(stepToken, { add_special_tokens: false, return_tensor: false }).input_ids;
  if (sep.length !== 1) throw bad(`stepToken "${stepToken}" is ${sep.length} tokens for this tokenizer, not one`, sep);
  const out: number[] = [];
  ids.forEach((id, p) => id === sep[0] && out.push(p));
  return out;
}

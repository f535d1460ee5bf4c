import * as ort from 'onnxruntime-node';
import { hashUniform } from '../../src/core/random.js';
import { dense, difference, type Features, trainBradleyTerry, type TrainResult } from './bradley-terry.js';
import { AGREEABLE, type Labels } from './catalog.js';
import type { TrainPair } from './corpus.js';
import type { Head } from './encoder.js';
import { sample } from '../datasets/util.js';
import { Rng, deriveSeed } from '../../src/core/random.js';
import { feedTensors, padRows, type TokenRow } from '../../src/gpu/feeds.js';

/** The training pairs a recipe's labels give, in corpus order; `flipped` counts preferences that were reversed. */
export function labelPairs(pairs: readonly TrainPair[], labels: Labels, modelId: string): { pairs: TrainPair[]; flipped: number } {
  const swap = (p: TrainPair): TrainPair => ({ ...p, chosen: p.rejected, rejected: p.chosen });
  let flipped = 0;
  const flipIf = (p: TrainPair, flip: boolean): TrainPair => {
    if (flip) flipped++;
    return flip ? swap(p) : p;
  };
  switch (labels.kind) {
    case 'clean':
      return { pairs: [...pairs], flipped };
    case 'few':
      return { pairs: sample(new Rng(deriveSeed('labels', modelId)), pairs, labels.pairs), flipped };
    case 'flipped':
      return { pairs: pairs.map((p, i) => flipIf(p, hashUniform('labels', modelId, i) < labels.rate)), flipped };
    case 'agreeable':
      return {
        pairs: pairs.map((p, i) => {
          const [c, r] = [AGREEABLE.test(p.chosen), AGREEABLE.test(p.rejected)];
          return flipIf(p, r && !c && hashUniform('labels', modelId, i) < labels.rate);
        }),
        flipped,
      };
  }
}

/** Bag-of-words features of a response segment: 1/n per token occurrence, and log(n) at index `vocab`. */
export function bowFeatures(responseIds: readonly number[], vocab: number): Features {
  const n = Math.max(responseIds.length, 1);
  const m = new Map<number, number>();
  for (const id of responseIds) m.set(id, (m.get(id) ?? 0) + 1 / n);
  m.set(vocab, Math.log(n));
  const keys = [...m.keys()].sort((a, b) => a - b);
  return { idx: Int32Array.from(keys), val: Float32Array.from(keys, (k) => m.get(k)!) };
}

export function fit(chosen: readonly Features[], rejected: readonly Features[], dim: number, l2: number): TrainResult {
  const diffs = chosen.map((c, i) => difference(c, rejected[i]!));
  return trainBradleyTerry(diffs, { dim, l2, steps: 400, learningRate: 0.05 });
}

/** Run a features graph (output `features` [B, d]) over encoded sequences, batched by length. */
export async function pooledFeatures(model: Uint8Array, seqs: readonly TokenRow[], padId: number): Promise<Float32Array[]> {
  const session = await ort.InferenceSession.create(model);
  const order = seqs.map((_, i) => i).sort((a, b) => seqs[a]!.ids.length - seqs[b]!.ids.length || a - b);
  const out: Float32Array[] = new Array(seqs.length);
  for (let s = 0; s < order.length; s += 64) {
    const batch = order.slice(s, s + 64);
    const rows = batch.map((i) => seqs[i]!);
    const feeds = feedTensors(padRows(rows, Math.max(...rows.map((r) => r.ids.length)), padId), (d, dims) => new ort.Tensor('int64', d, dims));
    const { features } = await session.run(feeds);
    const data = features!.data as Float32Array;
    const d = data.length / batch.length;
    batch.forEach((i, r) => (out[i] = data.slice(r * d, (r + 1) * d)));
  }
  await session.release();
  return out;
}

/** A Bradley-Terry linear head over pooled features. */
export function fitHead(chosen: readonly Float32Array[], rejected: readonly Float32Array[]): { head: Head; fit: TrainResult } {
  const result = fit(chosen.map(dense), rejected.map(dense), chosen[0]!.length, 1e-3);
  return { head: { weight: Float32Array.from(result.weights), bias: 0 }, fit: result };
}

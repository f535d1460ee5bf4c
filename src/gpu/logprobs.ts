/**
 * Token log-probabilities from a causal LM's logits, computed only where they are asked for: a
 * [rows, cols, vocab] tensor of a real model is gigabytes, and `dpo:` needs one number per
 * response token. Each is log softmax(logits[row, t − 1])[ids[row, t]], with the maximum
 * subtracted before exp and the sum accumulated in float64, so a vocabulary of 150k float32 logits
 * loses nothing to the sum's rounding.
 */
export function gatherLogprobs(
  logits: Float32Array,
  dims: readonly number[],
  ids: BigInt64Array,
  lengths: readonly number[],
  from: readonly number[],
): Float64Array {
  const [rows, cols, vocab] = dims as [number, number, number];
  if (dims.length !== 3 || rows !== lengths.length || logits.length !== rows * cols * vocab) {
    throw new Error(`expected logits [rows, sequence, vocab] for ${lengths.length} rows, got [${dims.join(', ')}]`);
  }
  const out = new Float64Array(lengths.reduce((s, n, r) => s + Math.max(0, n - from[r]!), 0));
  let k = 0;
  for (let r = 0; r < rows; r++) {
    if (from[r]! < 1) throw new Error(`row ${r}: the first token has no log-probability (position ${from[r]})`);
    for (let t = from[r]!; t < lengths[r]!; t++) {
      const at = (r * cols + t - 1) * vocab;
      let max = -Infinity;
      for (let v = 0; v < vocab; v++) if (logits[at + v]! > max) max = logits[at + v]!;
      let sum = 0;
      for (let v = 0; v < vocab; v++) sum += Math.exp(logits[at + v]! - max);
      out[k++] = logits[at + Number(ids[r * cols + t])]! - max - Math.log(sum);
    }
  }
  return out;
}

/** Real tokens per row of a right-padded attention mask [rows, cols]. */
export function rowLengths(mask: BigInt64Array, rows: number, cols: number): number[] {
  return Array.from({ length: rows }, (_, r) => {
    let n = 0;
    for (let c = 0; c < cols; c++) if (mask[r * cols + c] === 1n) n++;
    return n;
  });
}

/**
 * Token-budget batching: sequences sorted by length (longest first) and packed into batches whose
 * padded size (rows × longest row) stays within a token budget, so similar lengths share a batch
 * and little compute goes to padding. Pure: the caller keeps each batch's original indices and
 * puts results back in input order.
 *
 * @example lengths [3, 10, 4, 9], budget 20, at most 8 rows
 * tokenBudgetBatches([3, 10, 4, 9], { tokenBudget: 20, maxBatch: 8 })
 * // → [[1, 3], [2, 0]]   (10+10 padded = 20 ≤ 20; then 4 and 3 padded to 4: 8 ≤ 20)
 */
export interface BatchLimits {
  /** Most padded tokens (rows × longest row) in one batch; a longer single sequence still gets its own batch. */
  tokenBudget: number;
  /** Most rows in one batch. */
  maxBatch: number;
}

export function tokenBudgetBatches(lengths: readonly number[], limits: BatchLimits): number[][] {
  if (!(limits.tokenBudget >= 1) || !(limits.maxBatch >= 1)) throw new RangeError('tokenBudget and maxBatch must be at least 1');
  // Ties keep input order, so the batching is a function of the lengths alone.
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[b]! - lengths[a]! || a - b);
  const batches: number[][] = [];
  let current: number[] = [];
  let longest = 0;
  for (const i of order) {
    const width = Math.max(longest, lengths[i]!);
    if (current.length > 0 && (current.length >= limits.maxBatch || (current.length + 1) * width > limits.tokenBudget)) {
      batches.push(current);
      current = [];
      longest = 0;
    }
    current.push(i);
    longest = Math.max(longest, lengths[i]!);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Padding statistics of a batching: real tokens, padded tokens (rows × longest row, summed). */
export function paddingOf(lengths: readonly number[], batches: readonly number[][]): { tokens: number; padded: number } {
  let tokens = 0;
  let padded = 0;
  for (const b of batches) {
    const width = Math.max(...b.map((i) => lengths[i]!));
    padded += width * b.length;
    for (const i of b) tokens += lengths[i]!;
  }
  return { tokens, padded };
}

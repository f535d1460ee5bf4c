/**
 * Token-budget batching with length buckets. Each row is padded to a width that depends on its own
 * length alone (the next bucket strictly above it: multiples of 8 up to 64 tokens, then steps of
 * an eighth of the length, so rows of 63 tokens or more carry at most 1/9 padding), and a batch holds rows of one
 * width, longest first, as many as fit the token budget. Since a row's shape never depends on
 * its companions, its score cannot either: onnxruntime's CPU kernels give bit-identical rows for
 * any batch of two or more rows of the same width (measured; see docs/performance.md).
 * Pure: the caller keeps each batch's original indices and puts results back in input order.
 *
 * @example lengths [3, 10, 4, 9, 60], budget 64, at most 8 rows
 * tokenBudgetBatches([3, 10, 4, 9, 60], { tokenBudget: 64, maxBatch: 8 })
 * // → [{ rows: [4], width: 64 }, { rows: [1, 3], width: 16 }, { rows: [0, 2], width: 8 }]
 */
export interface BatchLimits {
  /** Most padded tokens (rows × width) in one batch; a row wider than the budget still gets a batch. */
  tokenBudget: number;
  /** Most rows in one batch. */
  maxBatch: number;
}

export interface Batch {
  rows: number[];
  width: number;
}

/** The padded width of a row: the smallest bucket > length (at least one padding position). */
export function bucketWidth(length: number): number {
  const step = Math.max(8, 2 ** Math.floor(Math.log2(length + 1)) / 8);
  return Math.ceil((length + 1) / step) * step;
}

/** Rows of this width that fit one batch: at most maxBatch, at most tokenBudget ÷ width, at least 1. */
export function rowsPerBatch(width: number, limits: BatchLimits): number {
  return Math.max(1, Math.min(limits.maxBatch, Math.floor(limits.tokenBudget / width)));
}

/** Every row at once, packed by the rule the scheduler applies to rows as they arrive (the bench's baseline). */
export function tokenBudgetBatches(lengths: readonly number[], limits: BatchLimits): Batch[] {
  if (!(limits.tokenBudget >= 1) || !(limits.maxBatch >= 1)) throw new RangeError('tokenBudget and maxBatch must be at least 1');
  const widths = lengths.map(bucketWidth);
  // Widest first; equal widths keep input order, so the batching is a function of the lengths alone.
  const order = lengths.map((_, i) => i).sort((a, b) => widths[b]! - widths[a]! || a - b);
  const batches: Batch[] = [];
  for (const i of order) {
    const w = widths[i]!;
    const last = batches[batches.length - 1];
    if (last && last.width === w && last.rows.length < rowsPerBatch(w, limits)) last.rows.push(i);
    else batches.push({ rows: [i], width: w });
  }
  return batches;
}

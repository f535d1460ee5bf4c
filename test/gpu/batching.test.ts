import t from 'tap';
import { type Batch, bucketWidth, tokenBudgetBatches } from '../../src/gpu/batching.js';
import { Rng } from '../../src/core/random.js';

/**
 * The bucket set, enumerated independently of bucketWidth: multiples of 8 up to 64, then for each
 * octave (2^k, 2^(k+1)] with k ≥ 6 the eight points 2^k + j·2^k/8.
 */
function bucketSet(max: number): number[] {
  const out: number[] = [];
  for (let b = 8; b <= 64; b += 8) out.push(b);
  for (let lo = 64; lo < max; lo *= 2) for (let j = 1; j <= 8; j++) out.push(lo + (j * lo) / 8);
  return out;
}

/** Reference batching: group indices by width, widest group first, each group cut into runs of `room`. */
function referenceBatches(lengths: number[], budget: number, maxBatch: number): Batch[] {
  const groups = new Map<number, number[]>();
  lengths.forEach((l, i) => {
    const w = bucketWidth(l);
    groups.set(w, [...(groups.get(w) ?? []), i]);
  });
  const out: Batch[] = [];
  for (const w of [...groups.keys()].sort((a, b) => b - a)) {
    const rows = groups.get(w)!;
    const room = Math.max(1, Math.min(maxBatch, Math.floor(budget / w)));
    for (let i = 0; i < rows.length; i += room) out.push({ rows: rows.slice(i, i + room), width: w });
  }
  return out;
}

t.test('bucketWidth by hand', async (t) => {
  // step = max(8, 2^floor(log2(l+1))/8); width = ceil((l+1)/step)·step.
  const cases: [number, number, string][] = [
    [0, 8, 'l+1 = 1, step 8, ceil(1/8) = 1'],
    [7, 8, 'l+1 = 8, step 8, ceil(8/8) = 1'],
    [8, 16, 'l+1 = 9, step 8, ceil(9/8) = 2'],
    [15, 16, 'l+1 = 16, step 8, 2·8'],
    [56, 64, 'l+1 = 57, step 8, ceil(7.125) = 8'],
    [63, 64, 'l+1 = 64 = 2^6, step 64/8 = 8, 8·8'],
    [64, 72, 'l+1 = 65, floor(log2 65) = 6, step 8, ceil(8.125) = 9'],
    [100, 104, 'l+1 = 101, step 8, ceil(12.625) = 13'],
    [127, 128, 'l+1 = 128 = 2^7, step 16, ceil(8) = 8'],
    [128, 144, 'l+1 = 129, step 16, ceil(8.06) = 9'],
    [255, 256, 'l+1 = 256, step 32, 8·32'],
    [256, 288, 'l+1 = 257, step 32, ceil(8.03) = 9'],
    [300, 320, 'l+1 = 301, step 32, ceil(9.41) = 10'],
    [500, 512, 'l+1 = 501, step 32, ceil(15.66) = 16'],
    [1000, 1024, 'l+1 = 1001, step 512/8 = 64, ceil(15.64) = 16'],
    [1024, 1152, 'l+1 = 1025, step 128, ceil(8.008) = 9'],
  ];
  for (const [l, w, why] of cases) t.equal(bucketWidth(l), w, `${l} → ${w}: ${why}`);
});

t.test('bucketWidth is the smallest bucket strictly above the length', async (t) => {
  const set = bucketSet(1 << 16);
  let wrong = 0;
  let first = '';
  for (let l = 0; l < 60000; l++) {
    const expected = set.find((b) => b > l)!;
    const got = bucketWidth(l);
    if (got !== expected) {
      wrong++;
      first ||= `${l}: got ${got}, expected ${expected}`;
    }
  }
  t.equal(wrong, 0, first || 'lengths 0..59999');
});

t.test('padding bounds', async (t) => {
  // For l+1 in [2^k, 2^(k+1)), k ≥ 6, step s = 2^k/8 and width w = ceil((l+1)/s)·s, so
  // 0 ≤ w - (l+1) ≤ s - 1, i.e. padding p = w - l is in [1, s] with s ≤ (l+1)/8. The worst case
  // p = s means w = l + s ≥ 2^k + s (w is a multiple of s above 2^k - 1 + s), so p/w ≤ s/(2^k + s) = 1/9.
  // Below 64 the step is 8, so p ≤ 8 (length 0 is all padding).
  let bad = 0;
  let maxLongRatio = 0;
  for (let l = 0; l < 60000; l++) {
    const w = bucketWidth(l);
    const p = w - l;
    if (w % 8 !== 0 || p < 1 || p > Math.max(8, (l + 1) / 8)) bad++;
    if (l >= 63) maxLongRatio = Math.max(maxLongRatio, p / w);
    if (l > 0 && w < bucketWidth(l - 1)) bad++; // monotone in the length
  }
  t.equal(bad, 0, 'multiple of 8, 1 ≤ padding ≤ max(8, (l+1)/8), monotone');
  t.ok(maxLongRatio <= 1 / 9, `padding/width ≤ 1/9 for lengths ≥ 63 (max ${maxLongRatio})`);
  t.equal(bucketWidth(64) - 64, 8, 'the bound is reached: 64 → 72 pads 8 = 72/9');
});

t.test('the doc-comment example', async (t) => {
  // Widths: 3 → 8, 10 → 16 (ceil(11/8)·8), 4 → 8, 9 → 16, 60 → 64 (ceil(61/8)·8).
  // Rooms at budget 64: 64/64 = 1, 64/16 = 4, 64/8 = 8 (all ≤ maxBatch 8).
  // Equal widths keep input order, so the width-8 batch is [0, 2].
  const batches = tokenBudgetBatches([3, 10, 4, 9, 60], { tokenBudget: 64, maxBatch: 8 });
  t.same(batches, [
    { rows: [4], width: 64 },
    { rows: [1, 3], width: 16 },
    { rows: [0, 2], width: 8 },
  ]);
});

t.test('limits by hand', async (t) => {
  // 20 rows of width 8, budget 1000: room = min(8, floor(1000/8) = 125) = 8 → 8 + 8 + 4.
  const byMax = tokenBudgetBatches(Array(20).fill(5), { tokenBudget: 1000, maxBatch: 8 });
  t.same(
    byMax.map((b) => b.rows.length),
    [8, 8, 4],
  );
  t.same(byMax[2]!.rows, [16, 17, 18, 19]);
  // 10 rows of length 20 → width 24, budget 100: room = floor(100/24) = 4 → 4 + 4 + 2.
  const byBudget = tokenBudgetBatches(Array(10).fill(20), { tokenBudget: 100, maxBatch: 64 });
  t.same(byBudget, [
    { rows: [0, 1, 2, 3], width: 24 },
    { rows: [4, 5, 6, 7], width: 24 },
    { rows: [8, 9], width: 24 },
  ]);
  // Length 100 → width 104 > budget 64: each row still gets a batch of its own.
  t.same(tokenBudgetBatches([100, 100], { tokenBudget: 64, maxBatch: 8 }), [
    { rows: [0], width: 104 },
    { rows: [1], width: 104 },
  ]);
  // Different lengths in one bucket (9, 15, 10 → 16) share a batch in input order.
  t.same(tokenBudgetBatches([9, 15, 10], { tokenBudget: 48, maxBatch: 8 }), [{ rows: [0, 1, 2], width: 16 }]);
  t.same(tokenBudgetBatches([], { tokenBudget: 64, maxBatch: 8 }), [], 'no rows, no batches');
});

t.test('invalid limits throw RangeError', async (t) => {
  for (const limits of [
    { tokenBudget: 0, maxBatch: 8 },
    { tokenBudget: 64, maxBatch: 0 },
    { tokenBudget: -5, maxBatch: 8 },
    { tokenBudget: NaN, maxBatch: 8 },
    { tokenBudget: 64, maxBatch: NaN },
  ]) {
    t.throws(() => tokenBudgetBatches([1, 2], limits), RangeError, JSON.stringify(limits));
  }
  t.doesNotThrow(() => tokenBudgetBatches([1], { tokenBudget: 1, maxBatch: 1 }), 'the smallest valid limits');
});

t.test('seeded random lengths: invariants and an independent reference', async (t) => {
  const rng = new Rng(4242);
  const problems: string[] = [];
  for (let trial = 0; trial < 500; trial++) {
    const n = rng.int(60);
    // Mix short and long rows so that many buckets and frequent ties occur.
    const lengths = Array.from({ length: n }, () => (rng.next() < 0.5 ? rng.int(80) : rng.int(3000)));
    const tokenBudget = 1 + rng.int(8192);
    const maxBatch = 1 + rng.int(32);
    const batches = tokenBudgetBatches(lengths, { tokenBudget, maxBatch });
    const tag = `trial ${trial}`;

    const seen = batches.flatMap((b) => b.rows).sort((a, b) => a - b);
    if (seen.length !== n || seen.some((x, i) => x !== i)) problems.push(`${tag}: rows not a permutation`);
    for (const [k, b] of batches.entries()) {
      if (b.rows.some((i) => bucketWidth(lengths[i]!) !== b.width)) problems.push(`${tag}: mixed widths`);
      if (b.rows.length > maxBatch) problems.push(`${tag}: over maxBatch`);
      if (b.rows.length * b.width > tokenBudget && !(b.rows.length === 1 && b.width > tokenBudget)) problems.push(`${tag}: over budget`);
      if (b.rows.some((r, j) => j > 0 && r < b.rows[j - 1]!)) problems.push(`${tag}: rows not in input order`);
      const next = batches[k + 1];
      if (next && next.width > b.width) problems.push(`${tag}: not widest first`);
      if (next && next.width === b.width && next.rows[0]! < b.rows[b.rows.length - 1]!) problems.push(`${tag}: tie order`);
    }
    if (JSON.stringify(batches) !== JSON.stringify(referenceBatches(lengths, tokenBudget, maxBatch))) problems.push(`${tag}: differs from reference`);
    // A function of the lengths alone: a fresh copy of the array gives the same batches.
    if (JSON.stringify(tokenBudgetBatches([...lengths], { tokenBudget, maxBatch })) !== JSON.stringify(batches)) problems.push(`${tag}: not deterministic`);
  }
  t.same(problems, [], '500 random batchings');
});

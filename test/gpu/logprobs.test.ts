import t from 'tap';
import { gatherLogprobs, rowLengths } from '../../src/gpu/logprobs.js';

// Log-probabilities gathered from [rows, cols, vocab] logits, checked against softmaxes worked out by hand.

t.test('log softmax at the asked positions only, by hand', (t) => {
  const ln2 = Math.log(2);
  // Row 0: ids [0, 2, 1]; position 0's logits (0, 0, ln 2) → p = (1/4, 1/4, 1/2); position 1's (0, ln 3, 0) → p = (1/5, 3/5, 1/5).
  // Row 1: ids [1, 0, pad], 2 real tokens; position 0's logits (1000, 1000.5, 1000) → p(0) = 1 / (2 + e^0.5), only if the max is subtracted before exp.
  const logits = Float32Array.from([0, 0, ln2, 0, Math.log(3), 0, 9, 9, 9, 1000, 1000.5, 1000, 5, 5, 5, 7, 7, 7]);
  const ids = BigInt64Array.from([0n, 2n, 1n, 1n, 0n, 0n]);
  const got = gatherLogprobs(logits, [2, 3, 3], ids, [3, 2], [1, 1]);
  const want = [Math.log(1 / 2), Math.log(3 / 5), -Math.log(2 + Math.exp(0.5))];
  t.equal(got.length, 3, 'two from row 0 (positions 1, 2), one from row 1 (position 1; position 2 is padding)');
  got.forEach((v, i) => t.ok(Math.abs(v - want[i]!) < 1e-6, `value ${i}: ${v} vs ${want[i]} (float32 logits)`));
  t.same(Array.from(gatherLogprobs(logits, [2, 3, 3], ids, [3, 2], [2, 2])), [got[1]], 'from position 2: row 0 gives one value, row 1 none');
  t.end();
});

t.test('refuses logits that are not [rows, sequence, vocab] and a first token', (t) => {
  t.throws(() => gatherLogprobs(new Float32Array(4), [2, 2], new BigInt64Array(4), [2, 2], [1, 1]), /expected logits \[rows, sequence, vocab\]/);
  t.throws(() => gatherLogprobs(new Float32Array(4), [1, 2, 2], new BigInt64Array(2), [2], [0]), /first token has no log-probability/);
  t.end();
});

t.test('row lengths from a right-padded attention mask', (t) => {
  t.same(rowLengths(BigInt64Array.from([1n, 1n, 0n, 1n, 0n, 0n]), 2, 3), [2, 1]);
  t.end();
});

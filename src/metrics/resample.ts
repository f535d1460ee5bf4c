import { sfc32State } from '../core/random.js';

/**
 * Draw `samples` resamples of `n` clusters with replacement and hand each to `each` as
 * multiplicities (the array is reused: read it before returning). The draws are exactly
 * `new Rng(seed).int(n)`, n per resample: the same sfc32 stream and the same unbiased index
 * (Lemire's multiply-shift with rejection below 2^21, rejection and modulo above), but run over
 * int32 locals, because a method call per draw was over half of a large run's time.
 *
 * The loop is written for V8's on-stack replacement: a single call spends all its time in the
 * first optimised copy of this function, which is entered mid-loop with the locals as untyped
 * values; left as they are, every sfc32 step ran in doubles (2.5× slower). Re-truncating the
 * state, and re-deriving n and the constants, at the top of each resample gives the loop copies
 * that V8 peels off after that entry typed int32 values again.
 */
export function drawResamples(n: number, samples: number, seed: number, each: (weights: Uint32Array, b: number) => void): void {
  if (n === 0) return;
  if (n >= 2 ** 21) return drawLarge(n, samples, seed, each);
  const weights = new Uint32Array(n);
  const state = sfc32State(seed);
  // int32 locals: the arithmetic below is the generator's, modulo 2^32.
  let a = state[0] | 0;
  let b = state[1] | 0;
  let c = state[2] | 0;
  let d = state[3] | 0;
  // Rng.int rejects when the product's low word is below (2^32 − n) mod n (< n < 2^21).
  const threshold = (2 ** 32 - n) % n;
  for (let r = 0; r < samples; r++) {
    weights.fill(0);
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const m = n | 0;
    const thr = threshold >>> 0;
    // ⌊t·n / 2^32⌋ is t·(n·2^-32) exactly (t·n < 2^53; 2.3283064365386963e-10 is 2^-32), and `| 0` floors it.
    const scale = m * 2.3283064365386963e-10;
    let k = 0;
    // Four draws per turn: a rejection (p < 2^-11 a draw) is checked once for all four, and a
    // block that has one is replayed from its starting state one draw at a time.
    for (; k + 4 <= m; k += 4) {
      const a0 = a;
      const b0 = b;
      const c0 = c;
      const d0 = d;
      const t0 = (a + b + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t0) | 0;
      const t1 = (a + b + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t1) | 0;
      const t2 = (a + b + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t2) | 0;
      const t3 = (a + b + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t3) | 0;
      if (Math.imul(t0, m) >>> 0 < thr || Math.imul(t1, m) >>> 0 < thr || Math.imul(t2, m) >>> 0 < thr || Math.imul(t3, m) >>> 0 < thr) {
        a = a0;
        b = b0;
        c = c0;
        d = d0;
        for (let j = 0; j < 4; j++) {
          const t = (a + b + d) | 0;
          d = (d + 1) | 0;
          a = b ^ (b >>> 9);
          b = (c + (c << 3)) | 0;
          c = (c << 21) | (c >>> 11);
          c = (c + t) | 0;
          if (Math.imul(t, m) >>> 0 < thr) j--;
          else weights[((t >>> 0) * scale) | 0]!++;
        }
        continue;
      }
      weights[((t0 >>> 0) * scale) | 0]!++;
      weights[((t1 >>> 0) * scale) | 0]!++;
      weights[((t2 >>> 0) * scale) | 0]!++;
      weights[((t3 >>> 0) * scale) | 0]!++;
    }
    for (; k < m; k++) {
      const t = (a + b + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      if (Math.imul(t, m) >>> 0 < thr) k--;
      else weights[((t >>> 0) * scale) | 0]!++;
    }
    each(weights, r);
  }
}

/** `drawResamples` for n ≥ 2^21, where Rng.int rejects above the largest multiple of n and takes the remainder. */
function drawLarge(n: number, samples: number, seed: number, each: (weights: Uint32Array, b: number) => void): void {
  const weights = new Uint32Array(n);
  const state = sfc32State(seed);
  let a = state[0] | 0;
  let b = state[1] | 0;
  let c = state[2] | 0;
  let d = state[3] | 0;
  // 2^32 itself when n divides it (nothing is rejected), so it stays a double.
  const limit = Math.floor(2 ** 32 / n) * n;
  for (let r = 0; r < samples; r++) {
    weights.fill(0);
    // As in drawResamples: int32 state for the loop copies after the on-stack entry.
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const m = n >>> 0;
    const lim = +limit;
    for (let k = 0; k < m; k++) {
      const t = (a + b + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      if (t >>> 0 >= lim) k--;
      // t mod n without fmod: for t, n < 2^32 the rounded quotient never reaches the next integer
      // (t/n is at least 1/n below it, far more than half an ulp), so its floor is exact.
      else weights[(t >>> 0) - Math.floor((t >>> 0) / m) * m]!++;
    }
    each(weights, r);
  }
}

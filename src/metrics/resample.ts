import { createHash } from 'node:crypto';
import { sfc32WarmUp } from '../core/random.js';

/*
 * The bootstrap's random stream, version 2 (BOOTSTRAP_STREAM, run.json `statistics.bootstrap.stream`):
 * resample r of stream `seed` has a generator of its own, sfc32 started from the first four
 * little-endian words of SHA-256 of the JSON text `[seed,r]` and warmed up by 12 steps; it draws n
 * indices as `Rng.int(n)` does (Lemire's multiply-shift with rejection below 2^21, rejection and
 * modulo above). A resample depends on (seed, r) alone, so any thread can draw any of them, in
 * any order. (Version 1 ran one generator through all resamples, tying every draw to the one before.)
 */

/** The last few streams' states: every model and metric of a suite asks for the same stream. */
const recent = new Map<string, Uint32Array>();

/** The four state words of each of resamples 0 … samples−1, resample r at [4r, 4r+4). Treat as read-only. */
export function resampleStates(seed: number, samples: number): Uint32Array {
  const key = `${seed}/${samples}`;
  const known = recent.get(key);
  if (known) return known;
  const states = computeStates(seed, samples);
  if (recent.size >= 16) recent.delete(recent.keys().next().value!);
  recent.set(key, states);
  return states;
}

function computeStates(seed: number, samples: number): Uint32Array {
  const states = new Uint32Array(4 * samples);
  for (let r = 0; r < samples; r++) {
    const h = createHash('sha256')
      .update(JSON.stringify([seed, r]))
      .digest();
    states.set(sfc32WarmUp(h.readUInt32LE(0), h.readUInt32LE(4), h.readUInt32LE(8), h.readUInt32LE(12)), 4 * r);
  }
  return states;
}

/**
 * Draw `samples` resamples of `n` clusters with replacement and hand each to `each` as
 * multiplicities, in order (the array is reused: read it before returning).
 */
export function drawResamples(n: number, samples: number, seed: number, each: (weights: Uint32Array, r: number) => void): void {
  if (n === 0) return;
  const states = resampleStates(seed, samples);
  const weights = new Uint32Array(n);
  for (let r = 0; r < samples; r++) {
    drawResample(n, states, r, weights);
    each(weights, r);
  }
}

/** Fill `weights` (length n) with resample r's multiplicities: n draws of its generator. */
export function drawResample(n: number, states: Uint32Array, r: number, weights: Uint32Array): void {
  weights.fill(0);
  if (n >= 2 ** 21) drawLarge(n, states, r, weights);
  else drawSmall(n, states, r, weights);
}

/**
 * The multiply-shift path, over int32 locals: a method call per draw was over half of a large
 * run's time. Four draws per turn: a rejection (p < 2^-11 a draw) is checked once for all four,
 * and a block that has one is replayed from its starting state one draw at a time.
 */
function drawSmall(n: number, states: Uint32Array, r: number, weights: Uint32Array): void {
  // int32 locals: the arithmetic below is the generator's, modulo 2^32.
  let a = states[4 * r]! | 0;
  let b = states[4 * r + 1]! | 0;
  let c = states[4 * r + 2]! | 0;
  let d = states[4 * r + 3]! | 0;
  const m = n | 0;
  // Rng.int rejects when the product's low word is below (2^32 − n) mod n (< n < 2^21).
  const thr = ((2 ** 32 - n) % n) >>> 0;
  // ⌊t·n / 2^32⌋ is t·(n·2^-32) exactly (t·n < 2^53; 2.3283064365386963e-10 is 2^-32), and `| 0` floors it.
  const scale = m * 2.3283064365386963e-10;
  let k = 0;
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
}

/** n ≥ 2^21, where Rng.int rejects above the largest multiple of n and takes the remainder. */
function drawLarge(n: number, states: Uint32Array, r: number, weights: Uint32Array): void {
  let a = states[4 * r]! | 0;
  let b = states[4 * r + 1]! | 0;
  let c = states[4 * r + 2]! | 0;
  let d = states[4 * r + 3]! | 0;
  const m = n >>> 0;
  // 2^32 itself when n divides it (nothing is rejected), so it stays a double.
  const lim = Math.floor(2 ** 32 / n) * n;
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
}

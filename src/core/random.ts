import { createHash } from 'node:crypto';

/** A 32-bit seed derived from any values (e.g. run seed, suite, subset), stable across runs and platforms. */
export function deriveSeed(...parts: unknown[]): number {
  return createHash('sha256').update(JSON.stringify(parts)).digest().readUInt32LE(0);
}

/** A uniform number in [0, 1) determined by `parts` alone: randomness that does not depend on call order. */
export function hashUniform(...parts: unknown[]): number {
  const d = createHash('sha256').update(JSON.stringify(parts)).digest();
  // 53 random bits → exactly representable double in [0, 1).
  return (d.readUInt32LE(0) * 2 ** 21 + (d.readUInt32LE(4) >>> 11)) / 2 ** 53;
}

/** The four sfc32 state words for `seed`, after the warm-up: what `Rng` starts from. */
function sfc32State(seed: number): [number, number, number, number] {
  // splitmix32 expands the 32-bit seed into four well-mixed state words.
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  return sfc32WarmUp(next(), next(), next(), next());
}

/** An sfc32 state from four words, after the 12 discarded outputs that mix a fresh state. */
export function sfc32WarmUp(a: number, b: number, c: number, d: number): [number, number, number, number] {
  for (let i = 0; i < 12; i++) {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
  }
  return [a >>> 0, b >>> 0, c >>> 0, d >>> 0];
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): a seeded PRNG with a 128-bit
 * state that passes PractRand; Math.random cannot be seeded, and reproducibility needs a seed.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    [this.a, this.b, this.c, this.d] = sfc32State(seed);
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 2 ** 32;
  }

  /**
   * Uniform integer in [0, n), without bias. Lemire's multiply-shift with rejection (one
   * multiply in the common case; 1.5× faster than a modulo here), exact while x·n < 2^53.
   */
  int(n: number): number {
    if (!(n > 0)) throw new RangeError('Rng.int needs n > 0');
    if (n < 2 ** 21) {
      let m = this.nextUint32() * n;
      let low = m >>> 0;
      if (low < n) {
        const threshold = (2 ** 32 - n) % n;
        while (low < threshold) {
          m = this.nextUint32() * n;
          low = m >>> 0;
        }
      }
      return Math.floor(m / 2 ** 32);
    }
    const limit = Math.floor(2 ** 32 / n) * n;
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Standard normal, by Box–Muller from two uniforms (the second variate is dropped, so each call is independent of parity). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1], so the log is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

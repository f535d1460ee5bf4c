import t from 'tap';
import { createHash } from 'node:crypto';
import { deriveSeed, hashUniform, Rng } from '../../src/core/random.js';

const M = 0xffffffffn;
const rotl = (x: bigint, r: bigint) => ((x << r) | (x >> (32n - r))) & M;

/** An independent BigInt reimplementation: splitmix32-style seeding (murmur3 fmix32) + canonical sfc32. */
function referenceSequence(seed: number, count: number): number[] {
  let s = BigInt(seed >>> 0);
  const next = (): bigint => {
    s = (s + 0x9e3779b9n) & M;
    let z = s;
    z = ((z ^ (z >> 16n)) * 0x85ebca6bn) & M;
    z = ((z ^ (z >> 13n)) * 0xc2b2ae35n) & M;
    return z ^ (z >> 16n);
  };
  let [a, b, c, d] = [next(), next(), next(), next()];
  const step = (): bigint => {
    const out = (a + b + d) & M;
    d = (d + 1n) & M;
    a = b ^ (b >> 9n);
    b = (c + (c << 3n)) & M;
    c = (rotl(c, 21n) + out) & M;
    return out;
  };
  for (let i = 0; i < 12; i++) step();
  return Array.from({ length: count }, () => Number(step()));
}

t.test('Rng is sfc32, deterministic per seed', async (t) => {
  for (const seed of [0, 1, 42, 0xdeadbeef]) {
    const r = new Rng(seed);
    t.same(
      Array.from({ length: 50 }, () => r.nextUint32()),
      referenceSequence(seed, 50),
      `seed ${seed}`,
    );
  }
  const a = new Rng(42);
  const b = new Rng(42);
  const c = new Rng(43);
  const xs = Array.from({ length: 20 }, () => a.next());
  t.same(
    Array.from({ length: 20 }, () => b.next()),
    xs,
    'same seed, same sequence',
  );
  t.notSame(
    Array.from({ length: 20 }, () => c.next()),
    xs,
    'different seed, different sequence',
  );
  t.same(new Rng(-1).nextUint32(), new Rng(0xffffffff).nextUint32(), 'seeds are taken as uint32');
  t.ok(
    xs.every((x) => x >= 0 && x < 1),
    'next() in [0, 1)',
  );
});

t.test('int(n)', async (t) => {
  const r = new Rng(2024);
  const counts = [0, 0, 0, 0, 0, 0];
  let outside = 0;
  for (let i = 0; i < 60_000; i++) {
    const x = r.int(6);
    if (!Number.isInteger(x) || x < 0 || x >= 6) outside++;
    else counts[x]!++;
  }
  t.equal(outside, 0, 'always an integer in [0, 6)');
  // χ² with 5 degrees of freedom; P(χ² > 20.52) = 0.001
  const chi2 = counts.reduce((s, c) => s + (c - 10_000) ** 2 / 10_000, 0);
  t.ok(chi2 < 20.52, `χ² = ${chi2.toFixed(2)} for counts ${counts.join(', ')}`);

  t.ok(
    Array.from({ length: 100 }, () => r.int(1)).every((x) => x === 0),
    'int(1) is always 0',
  );
  for (const n of [2, 3, 7, 1000, 2 ** 21 - 1, 2 ** 21, 2 ** 21 + 1, 2 ** 31 + 1, 2 ** 32]) {
    const xs = Array.from({ length: 2000 }, () => r.int(n));
    t.ok(
      xs.every((x) => Number.isInteger(x) && x >= 0 && x < n),
      `int(${n}) in [0, ${n})`,
    );
    // the top third of the range is hit about a third of the time (sd √(2/9/2000) ≈ 0.011)
    const top = xs.filter((x) => x >= (2 * n) / 3).length / xs.length;
    if (n >= 1000) t.ok(Math.abs(top - 1 / 3) < 0.06, `int(${n}): top third ${top.toFixed(3)}`);
  }
  t.throws(() => r.int(0), RangeError);
});

t.test('int(n) has no modulo bias for large n', async (t) => {
  // n = 3·2^30: plain x mod n would put [0, 2^30) at twice the rate (P = 1/2, not 1/3).
  const n = 3 * 2 ** 30;
  const r = new Rng(9);
  let low = 0;
  const draws = 30_000;
  for (let i = 0; i < draws; i++) if (r.int(n) < 2 ** 30) low++;
  // sd of the fraction: √(1/3 · 2/3 / 30000) = 0.0027; allow ~5.5 sd
  t.ok(Math.abs(low / draws - 1 / 3) < 0.015, `fraction below 2^30: ${(low / draws).toFixed(4)}`);
});

t.test('hashUniform', async (t) => {
  const first = hashUniform(7, 'suite', 'item-3');
  new Rng(1).next();
  hashUniform('something else');
  t.equal(hashUniform(7, 'suite', 'item-3'), first, 'depends only on its arguments, not on call order');
  t.not(hashUniform(7, 'suite', 'item-4'), first);
  t.not(hashUniform('a', 1), hashUniform('a', '1'), 'types matter');

  const us = Array.from({ length: 4000 }, (_, i) => hashUniform('u', i));
  t.ok(
    us.every((u) => u >= 0 && u < 1),
    'in [0, 1)',
  );
  // mean of U(0,1) is 1/2 with sd √(1/12/4000) = 0.0046
  const mean = us.reduce((s, u) => s + u, 0) / us.length;
  t.ok(Math.abs(mean - 0.5) < 0.02, `mean ${mean.toFixed(4)}`);
  // 53 bits of resolution: almost no value is a multiple of 2^-32
  t.ok(us.filter((u) => Number.isInteger(u * 2 ** 32)).length < 5, 'finer than 32 bits');
});

t.test('deriveSeed', async (t) => {
  // independent: the first four digest bytes, read little-endian from the hex string
  const expected = (...parts: unknown[]) => {
    const hex = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
    return parseInt(hex.slice(6, 8) + hex.slice(4, 6) + hex.slice(2, 4) + hex.slice(0, 2), 16);
  };
  t.equal(deriveSeed(7, 'pairwise', 'all'), expected(7, 'pairwise', 'all'));
  t.equal(deriveSeed(7, 'pairwise', 'all'), deriveSeed(7, 'pairwise', 'all'), 'stable');
  t.not(deriveSeed(7, 'pairwise', 'all'), deriveSeed(7, 'pairwise', 'chat'));
  t.not(deriveSeed(1, 'ab'), deriveSeed(1, 'a', 'b'), 'parts are not simply concatenated');
  const s = deriveSeed('x');
  t.ok(Number.isInteger(s) && s >= 0 && s < 2 ** 32, 'a uint32');
});

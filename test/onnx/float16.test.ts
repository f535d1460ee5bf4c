import t from 'tap';
import { fromHalfArray, fromHalfBits, toHalfArray, toHalfBits } from '../../src/onnx/float16.js';
import { Rng } from '../../src/core/random.js';

const h = (b: number): string => '0x' + b.toString(16).padStart(4, '0');
const isNaNBits = (b: number): boolean => (b & 0x7c00) === 0x7c00 && (b & 0x3ff) !== 0;

/**
 * Independent reference: a binary16 pattern's value as an integer significand times a power of two
 * (subnormal m·2^-24; normal (1024 + m)·2^(e-25)), written without the source's (1 + m/1024) form.
 */
function refValue(b: number): number {
  const e = (b >> 10) & 31;
  const m = b & 1023;
  const s = b & 0x8000 ? -1 : 1;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (e === 0 ? m / 16777216 : (1024 + m) * Math.pow(2, e - 25));
}

/**
 * Independent reference for the nearest half of a value exactly representable in float32 (so that the
 * float32 step inside toHalfBits is exact): scale by the half spacing, round half to even on the
 * integer significand. A significand of 2048 carries into the exponent by the addition below.
 */
function refHalf(v: number): number {
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a >= 65520) return sign | 0x7c00; // 65520 is the midpoint between 65504 and 2^16, and ties go to even (Inf)
  let E = -14;
  if (a >= 2 ** -14) {
    E = Math.floor(Math.log2(a));
    while (2 ** E > a) E--;
    while (2 ** (E + 1) <= a) E++;
  }
  const q = a / 2 ** (E - 10); // exact: a power-of-two scaling
  const lo = Math.floor(q);
  const frac = q - lo;
  const r = frac > 0.5 || (frac === 0.5 && lo % 2 === 1) ? lo + 1 : lo;
  if (a < 2 ** -14) return sign | r; // subnormal: r·2^-24 (r = 1024 is the smallest normal, 0x0400)
  return sign | (((E + 15) << 10) + (r - 1024));
}

t.test('known bit patterns', async (t) => {
  const cases: [number, number, string][] = [
    [1, 0x3c00, 'exponent 15 (bias), mantissa 0'],
    [-2, 0xc000, 'sign, exponent 16'],
    [0.5, 0x3800, 'exponent 14'],
    [65504, 0x7bff, 'max: (2 - 2^-10)·2^15'],
    [2 ** -14, 0x0400, 'smallest normal'],
    [2 ** -24, 0x0001, 'smallest subnormal'],
    [1023 * 2 ** -24, 0x03ff, 'largest subnormal'],
    // 0.1 = 1.6·2^-4: exponent 11 → 0x2c00; 0.6·1024 = 614.4 → 614 = 0x266.
    [0.1, 0x2e66, '0.1'],
    // 1/3 = 1.333…·2^-2: exponent 13 → 0x3400; 0.333…·1024 = 341.33 → 341 = 0x155.
    [1 / 3, 0x3555, '1/3'],
    // 65519 is below the midpoint 65520 between 65504 and 2^16.
    [65519, 0x7bff, 'just under the overflow midpoint'],
  ];
  for (const [v, bits, why] of cases) t.equal(h(toHalfBits(v)), h(bits), `${v}: ${why}`);
});

t.test('zeros, infinities, NaN', async (t) => {
  t.equal(h(toHalfBits(0)), '0x0000');
  t.equal(h(toHalfBits(-0)), '0x8000', 'the sign of zero survives');
  t.equal(h(toHalfBits(Infinity)), '0x7c00');
  t.equal(h(toHalfBits(-Infinity)), '0xfc00');
  t.equal(h(toHalfBits(65520)), '0x7c00', '65520 is the midpoint to 2^16; 0x7bff is odd, so it rounds up to Inf');
  t.equal(h(toHalfBits(-65520)), '0xfc00');
  t.equal(h(toHalfBits(1e6)), '0x7c00', 'overflow');
  t.equal(h(toHalfBits(-1e300)), '0xfc00', 'overflow beyond float32 too');
  t.ok(isNaNBits(toHalfBits(NaN)), `NaN → exponent 0x1f with a nonzero mantissa (${h(toHalfBits(NaN))})`);

  t.ok(Object.is(fromHalfBits(0x0000), 0), '+0');
  t.ok(Object.is(fromHalfBits(0x8000), -0), '-0');
  t.equal(fromHalfBits(0x7c00), Infinity);
  t.equal(fromHalfBits(0xfc00), -Infinity);
  t.ok(Number.isNaN(fromHalfBits(0x7c01)), '0x7c01 is NaN');
  t.ok(Number.isNaN(fromHalfBits(0x7e00)), '0x7e00 is NaN');
  t.ok(Number.isNaN(fromHalfBits(0xffff)), '0xffff is NaN');
});

t.test('underflow and subnormal rounding', async (t) => {
  // 2^-25 is exactly half the smallest subnormal: a tie between 0 (even) and 0x0001, so 0.
  t.equal(h(toHalfBits(2 ** -25)), '0x0000');
  t.equal(h(toHalfBits(2 ** -25 * (1 + 2 ** -20))), '0x0001', 'just above the tie rounds up');
  t.equal(h(toHalfBits(2 ** -26)), '0x0000', 'below half the smallest subnormal');
  t.equal(h(toHalfBits(1e-10)), '0x0000');
  t.equal(h(toHalfBits(-(2 ** -26))), '0x8000', 'negative underflow keeps its sign');
  t.equal(h(toHalfBits(1e-45)), '0x0000', 'a float32 subnormal');
  // 1.5·2^-24 ties between 1 and 2 → 2 (even); 2.5·2^-24 ties between 2 and 3 → 2.
  t.equal(h(toHalfBits(1.5 * 2 ** -24)), '0x0002');
  t.equal(h(toHalfBits(2.5 * 2 ** -24)), '0x0002');
  t.equal(h(toHalfBits(3.5 * 2 ** -24)), '0x0004');
  // 1023.5·2^-24 ties between 0x03ff (odd) and 0x0400: the subnormal carries into the smallest normal.
  t.equal(h(toHalfBits(1023.5 * 2 ** -24)), '0x0400');
});

t.test('round half to even among normals, and mantissa carry', async (t) => {
  // Spacing at [2048, 4096) is 2: 2049 ties 2048 (mantissa 0) and 2050 (mantissa 1) → 2048 = 26<<10 = 0x6800.
  t.equal(h(toHalfBits(2049)), '0x6800');
  // 2051 ties 2050 (mantissa 1) and 2052 (mantissa 2) → 2052 = 0x6800 + 2.
  t.equal(h(toHalfBits(2051)), '0x6802');
  t.equal(h(toHalfBits(2049.001)), '0x6801', 'past the tie rounds up');
  // 1 + 2^-11 is halfway between 1 (0x3c00) and 1 + 2^-10 (0x3c01) → 0x3c00.
  t.equal(h(toHalfBits(1 + 2 ** -11)), '0x3c00');
  // 1 + 3·2^-11 ties 0x3c01 and 0x3c02 → 0x3c02.
  t.equal(h(toHalfBits(1 + 3 * 2 ** -11)), '0x3c02');
  t.equal(h(toHalfBits(-(1 + 3 * 2 ** -11))), '0xbc02', 'ties are symmetric in sign');
  // Spacing at [1024, 2048) is 1: 2047.9 rounds up to 2048, the mantissa overflows into exponent 26.
  t.equal(h(toHalfBits(2047.9)), '0x6800');
  // 2047.5 ties 2047 (0x67ff, odd) and 2048 → 2048.
  t.equal(h(toHalfBits(2047.5)), '0x6800');
  // 2 - 2^-11 ties 2 - 2^-10 (0x3c00 + 1023 = 0x3fff, odd) and 2.0 (16<<10 = 0x4000).
  t.equal(h(toHalfBits(2 - 2 ** -11)), '0x4000');
});

t.test('fromHalfBits: hand values and exact subnormals', async (t) => {
  t.equal(fromHalfBits(0x3c00), 1);
  t.equal(fromHalfBits(0xc000), -2);
  t.equal(fromHalfBits(0x3800), 0.5);
  t.equal(fromHalfBits(0x7bff), 65504);
  t.equal(fromHalfBits(0x3c01), 1 + 1 / 1024);
  t.equal(fromHalfBits(0x0400), 1 / 16384);
  // 0x2e66 = exponent 11, mantissa 614: (1024 + 614)·2^(11-25) = 1638/16384.
  t.equal(fromHalfBits(0x2e66), 1638 / 16384);
  let wrong = 0;
  for (let m = 0; m < 1024; m++) {
    // m / 2^24 is exact in a double (at most 10 significant bits).
    if (fromHalfBits(m) !== m / 16777216) wrong++;
    if (!Object.is(fromHalfBits(0x8000 | m), -m / 16777216)) wrong++;
  }
  t.equal(wrong, 0, 'every subnormal equals ±mantissa·2^-24 exactly');
});

t.test('all 65536 patterns: value formula and round trip', async (t) => {
  let valueWrong = 0;
  let tripWrong = 0;
  let nanWrong = 0;
  for (let b = 0; b < 0x10000; b++) {
    const v = fromHalfBits(b);
    if (isNaNBits(b)) {
      // A NaN comes back as some NaN of the same sign, not necessarily the same payload.
      const back = toHalfBits(v);
      if (!Number.isNaN(v) || !isNaNBits(back)) nanWrong++;
      continue;
    }
    if (!Object.is(v, refValue(b))) valueWrong++;
    if (toHalfBits(v) !== b) tripWrong++;
  }
  t.equal(valueWrong, 0, 'fromHalfBits matches the integer-significand formula');
  t.equal(tripWrong, 0, 'toHalfBits(fromHalfBits(b)) === b for every non-NaN b');
  t.equal(nanWrong, 0, 'NaN patterns decode to NaN and re-encode as NaN');

  let increasing = true;
  for (let b = 1; b <= 0x7c00; b++) if (!(fromHalfBits(b) > fromHalfBits(b - 1))) increasing = false;
  t.ok(increasing, 'positive patterns 0x0000..0x7c00 are strictly increasing in value');
});

t.test('seeded random float32 values against the reference rounding', async (t) => {
  const rng = new Rng(7);
  let wrong = 0;
  let first = '';
  const check = (v: number, expected: number): void => {
    const got = toHalfBits(v);
    if (got !== expected) {
      wrong++;
      first ||= `${v}: got ${h(got)}, expected ${h(expected)}`;
    }
  };
  for (let i = 0; i < 20000; i++) {
    // Exponents from below the underflow point to past the overflow point, random 23-bit mantissa.
    const e = -27 + rng.int(45);
    const v = (rng.next() < 0.5 ? -1 : 1) * (1 + rng.int(2 ** 23) / 2 ** 23) * 2 ** e;
    check(v, refHalf(v));
  }
  for (let i = 0; i < 5000; i++) {
    // Exact midpoints of adjacent finite halves: the expected winner is the even pattern.
    const b = rng.int(0x7bff);
    const mid = (refValue(b) + refValue(b + 1)) / 2;
    check(mid, b % 2 === 0 ? b : b + 1);
  }
  t.equal(wrong, 0, first || '25000 values agree');
});

t.test('array helpers', async (t) => {
  const bits = toHalfArray([1, -2, 0.5, 65504, 2 ** -24]);
  t.ok(bits instanceof Uint16Array);
  t.same([...bits], [0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001]);
  t.same([...toHalfArray(Float32Array.of(0.1, Infinity))], [0x2e66, 0x7c00], 'typed-array input');
  const back = fromHalfArray(Uint16Array.of(0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001, 0xfc00));
  t.ok(back instanceof Float32Array);
  // All halves are exact in float32, so the Float32Array holds exactly these values.
  t.same([...back], [1, -2, 0.5, 65504, 2 ** -24, -Infinity]);
  t.same([...fromHalfArray([0x2e66])], [1638 / 16384], 'plain-array input');
  t.equal(toHalfArray([]).length, 0);
  t.equal(fromHalfArray([]).length, 0);
});

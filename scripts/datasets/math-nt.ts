import { Q } from './fraction.js';
import type { Ctx, Sol, Template } from './math-core.js';
import { misreadsOf } from './math-arith.js';
import { between, pick } from './util.js';

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return Math.abs(a);
}

function factorize(n: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let p = 2; p * p <= n; p++) {
    let e = 0;
    while (n % p === 0) [n, e] = [n / p, e + 1];
    if (e > 0) out.push([p, e]);
  }
  if (n > 1) out.push([n, 1]);
  return out;
}

interface Units {
  b: number;
  n: number;
}
function unitsSolve(s: Units, c: Ctx): Sol {
  const cycle: number[] = [];
  for (let d = s.b % 10; !cycle.includes(d); d = (d * s.b) % 10) cycle.push(d);
  const L = cycle.length;
  const c1 = c.calc(`${s.n} mod ${L}`, s.n % L, {
    range: [0, L - 1],
    alts: {
      wrong_method: [
        [`${s.n} mod 10`, s.n % 10],
        [`${s.n} mod ${6 - L}`, s.n % (6 - L)],
      ],
    },
  });
  const r = c1.v.n;
  // A remainder of 0 lands on the last entry of the cycle, not the first.
  const pos = r === 0 ? L : ((((r - 1) % L) + L) % L) + 1;
  const wrap = (k: number) => ((((k - 1) % L) + L) % L) + 1;
  const c2 = c.calc('', pos, {
    fixed: true,
    alts: {
      off_by_one: [
        ['', wrap(pos + 1)],
        ['', wrap(pos - 1)],
      ],
    },
  });
  const digit = cycle[c2.v.n - 1];
  if (digit === undefined) throw new Error('cycle position out of range');
  return {
    steps: [
      `We want the units digit of ${c.m(c.pow(String(s.b), s.n))}. The units digits of the powers of ${s.b} repeat with period ${L}: ${cycle.join(', ')}.`,
      `So only the exponent modulo ${L} matters: ${c1.t}.`,
      `A remainder of ${c.n(c1.v)} points to position ${c2.t} in the cycle, so the units digit is ${c.m(String(digit))}.`,
    ],
    final: Q.of(digit),
  };
}
const unitsDigit: Template = {
  key: 'units-digit-power',
  subject: 'Number Theory',
  make(rng) {
    const s: Units = { b: pick(rng, [2, 3, 4, 7, 8, 9, 12, 13, 17]), n: between(rng, 20, 2100) };
    const L = s.b % 10 === 4 || s.b % 10 === 9 ? 2 : 4;
    return {
      template: this.key,
      subject: this.subject,
      level: L === 2 ? 2 : 3,
      problem: `What is the units digit of $${s.b}^{${s.n}}$?`,
      solve: (c) => unitsSolve(s, c),
      misreads: misreadsOf(s, ['n'], unitsSolve),
    };
  },
};

interface Divs {
  N: number;
}
function divisorsSolve(s: Divs, c: Ctx): Sol {
  const f = factorize(s.N);
  const power = ([p, e]: [number, number]) => (e === 1 ? String(p) : c.pow(String(p), e));
  const count = f.reduce((a, [, e]) => a * (e + 1), 1);
  const c1 = c.calc(f.map(([, e]) => `(${e} + 1)`).join(' × '), count, {
    alts: {
      off_by_one: [
        [f.map(([, e]) => String(e)).join(' × '), f.reduce((a, [, e]) => a * e, 1)],
        [`${f.map(([, e]) => `(${e} + 1)`).join(' × ')} - 1`, count - 1],
      ],
      wrong_method: [
        [f.map(([, e]) => `(${e} + 1)`).join(' + '), f.reduce((a, [, e]) => a + e + 1, 0)],
        [`${f.map(([, e]) => String(e)).join(' + ')} + 1`, f.reduce((a, [, e]) => a + e, 1)],
      ],
    },
  });
  return {
    steps: [
      `Factor ${s.N} into primes: ${c.m(`${s.N} = ${f.map(power).join(' · ')}`)}.`,
      `A divisor picks each prime's exponent from 0 up to its exponent in ${s.N}, so there are ${c1.t} divisors.`,
    ],
    final: c1.v,
  };
}
const divisors: Template = {
  key: 'divisor-count',
  subject: 'Number Theory',
  make(rng) {
    const primes = pick(rng, [
      [2, 3],
      [2, 5],
      [2, 3, 5],
      [2, 3, 7],
      [3, 5],
      [2, 7],
      [2, 3, 5, 7],
    ]);
    const N = primes.reduce((a, p) => a * p ** between(rng, 1, p === 2 ? 5 : p === 3 ? 3 : 2), 1);
    if (N > 20000 || N < 30) return null;
    const big = factorize(N).some(([, e]) => e >= 3) || primes.length > 2;
    return {
      template: this.key,
      subject: this.subject,
      level: big ? 4 : 3,
      problem: `How many positive divisors does ${N} have?`,
      solve: (c) => divisorsSolve({ N }, c),
      misreads: misreadsOf({ N }, ['N'], divisorsSolve),
    };
  },
};

interface Flash {
  a: number;
  m: number;
}
function flashSolve(s: Flash, c: Ctx): Sol {
  const c1 = c.calc(`${s.m} × 60`, s.m * 60, {
    alts: {
      unit_or_scale_error: [
        [`${s.m} × 100`, s.m * 100],
        [`${s.m} × 3600`, s.m * 3600],
      ],
    },
  });
  const b = c1.v.n;
  const c2 = c.calc(`gcd(${s.a}, ${b})`, gcd(s.a, b));
  const c3 = c.calc(`${s.a} × ${b} ÷ ${c.n(c2.v)}`, Q.of(s.a * b).div(c2.v), {
    alts: {
      wrong_method: [
        [`${s.a} × ${b}`, s.a * b],
        [`${s.a} + ${b}`, s.a + b],
      ],
    },
  });
  return {
    steps: [
      `The two signals coincide again after the least common multiple of ${s.a} seconds and ${s.m} minute${s.m > 1 ? 's' : ''}. In seconds, that is ${c1.t}.`,
      `The greatest common divisor is ${c2.t}.`,
      `The least common multiple is ${c3.t}, so they next coincide after ${c.n(c3.v)} seconds.`,
    ],
    final: c3.v,
  };
}
const flashes: Template = {
  key: 'lighthouse-lcm',
  subject: 'Number Theory',
  make(rng) {
    const s: Flash = { a: between(rng, 12, 99), m: between(rng, 1, 5) };
    const g = gcd(s.a, 60 * s.m);
    if (g === 1 || g === s.a || g === 60 * s.m) return null;
    const what = pick(rng, [
      ['Two lighthouses flash', 'One flashes'],
      ['Two warning lights blink', 'One blinks'],
      ['Two buoys ring their bells', 'One rings'],
    ]);
    return {
      template: this.key,
      subject: this.subject,
      level: s.a > 50 ? 3 : 2,
      problem: `${what[0]} at the same moment. ${what[1]} every ${s.a} seconds and the other every ${s.m} minute${s.m > 1 ? 's' : ''}. After how many seconds will they next do so together?`,
      solve: (c) => flashSolve(s, c),
      misreads: misreadsOf(s, ['a', 'm'], flashSolve),
    };
  },
};

export const NUMBER_THEORY: Template[] = [unitsDigit, divisors, flashes];

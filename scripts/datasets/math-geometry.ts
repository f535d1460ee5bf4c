import { type Num, Q } from './fraction.js';
import type { Ctx, Sol, Template } from './math-core.js';
import { misreadsOf } from './math-arith.js';
import { between, pick } from './util.js';

/** `cm`: the pond is a rectangle whose width is given in centimetres (a half metre) and length in metres. */
interface Garden {
  a: number;
  b: number;
  s: number;
  len: number;
  cm: boolean;
}
function gardenSolve(g: Garden, c: Ctx): Sol {
  c.decimals = true;
  const steps: string[] = [];
  const c1 = c.calc(`${g.a} × ${g.b}`, g.a * g.b, { alts: { wrong_method: [[`2 × (${g.a} + ${g.b})`, 2 * (g.a + g.b)]] } });
  steps.push(`The garden's area is ${c1.t} square metres.`);
  let side = Q.of(g.s);
  const len = Q.of(g.cm ? g.len : g.s);
  if (g.cm) {
    const c0 = c.calc(`${g.s} ÷ 100`, Q.of(g.s, 100), {
      round: [0],
      alts: {
        unit_or_scale_error: [
          [`${g.s} ÷ 10`, Q.of(g.s, 10)],
          [`${g.s} ÷ 1000`, Q.of(g.s, 1000)],
        ],
      },
    });
    steps.push(`The pond's width is ${g.s} cm, which is ${c0.t} m.`);
    side = c0.v;
  }
  const around = g.cm ? `2 × (${c.n(side)} + ${c.n(len)})` : `4 × ${c.n(side)}`;
  const c2 = c.calc(`${c.n(side)} × ${c.n(len)}`, side.mul(len), { alts: { wrong_method: [[around, side.add(len).mul(2)]] } });
  steps.push(`The pond covers ${c2.t} square metres.`);
  const c3 = c.calc(`${c.n(c1.v)} - ${c.n(c2.v)}`, c1.v.sub(c2.v), { alts: { sign_error: [[`${c.n(c1.v)} + ${c.n(c2.v)}`, c1.v.add(c2.v)]] } });
  steps.push(`The area not covered by the pond is ${c3.t} square metres.`);
  return { steps, final: c3.v };
}
const garden: Template = {
  key: 'garden-pond-area',
  subject: 'Geometry',
  make(rng) {
    const g: Garden = { a: between(rng, 6, 30), b: between(rng, 5, 25), s: 0, len: 0, cm: rng.int(4) > 0 };
    const max = Math.min(g.a, g.b) - 2;
    if (max < 3) return null;
    // A half-metre width makes the conversion and the rounding matter; an even length keeps the answer whole.
    g.s = g.cm ? 100 * between(rng, 1, Math.min(max - 1, 5)) + 50 : between(rng, 2, max);
    g.len = 2 * between(rng, 1, Math.floor(max / 2));
    const pond = g.cm ? `A rectangular pond ${g.s} cm wide and ${g.len} m long` : `A square pond with sides of ${g.s} m`;
    return {
      template: this.key,
      subject: this.subject,
      level: g.cm ? 2 : 1,
      problem: `A rectangular garden measures ${g.a} m by ${g.b} m. ${pond} is dug inside it. How many square metres of the garden are not covered by the pond?`,
      solve: (c) => gardenSolve(g, c),
      misreads: misreadsOf(g, ['a', 'b'], gardenSolve),
    };
  },
};

interface Trap {
  a: number;
  b: number;
  h: number;
  mm: boolean;
}
function trapSolve(t: Trap, c: Ctx): Sol {
  c.decimals = true;
  const c1 = c.calc(`(${t.a} + ${t.b}) ÷ 2`, Q.of(t.a + t.b, 2), { round: [0], alts: { wrong_method: [[`${t.a} + ${t.b}`, t.a + t.b]] } });
  const steps = [`The area of a trapezoid is the average of its parallel sides times its height. The average of the parallel sides is ${c1.t} cm.`];
  let h = Q.of(t.h);
  if (t.mm) {
    const c2 = c.calc(`${t.h} ÷ 10`, Q.of(t.h, 10), {
      alts: {
        unit_or_scale_error: [
          [`${t.h} ÷ 100`, Q.of(t.h, 100)],
          [`${t.h} × 10`, t.h * 10],
        ],
      },
    });
    steps.push(`The height is ${t.h} mm, which is ${c2.t} cm.`);
    h = c2.v;
  }
  const c3 = c.calc(`${c.n(c1.v)} × ${c.n(h)}`, c1.v.mul(h));
  steps.push(`The area is ${c3.t} square centimetres.`);
  return { steps, final: c3.v };
}
const trapezoid: Template = {
  key: 'trapezoid-area',
  subject: 'Geometry',
  make(rng) {
    const t: Trap = { a: between(rng, 3, 30), b: between(rng, 3, 30), h: 0, mm: rng.int(4) > 0 };
    if ((t.a + t.b) % 2 === 0 || t.a === t.b) return null;
    // Heights in mm are whole even centimetres, so the answer stays an integer.
    t.h = t.mm ? 20 * between(rng, 2, 15) : 2 * between(rng, 2, 15);
    return {
      template: this.key,
      subject: this.subject,
      level: t.mm ? 3 : 2,
      problem: `A trapezoid has parallel sides of ${t.a} cm and ${t.b} cm, and the distance between them is ${t.h} ${t.mm ? 'mm' : 'cm'}. What is its area in square centimetres?`,
      solve: (c) => trapSolve(t, c),
      misreads: misreadsOf(t, ['a', 'b'], trapSolve, (p) => (p.a + p.b) % 2 === 1),
    };
  },
};

const TRIPLES: Array<[number, number, number]> = [
  [3, 4, 5],
  [5, 12, 13],
  [8, 15, 17],
  [7, 24, 25],
  [20, 21, 29],
  [9, 40, 41],
  [12, 35, 37],
];

/** Lengths are given in metres (tenths) and the answer is asked in centimetres. */
interface Right {
  a: number;
  b: number;
  h: number;
  rect: boolean;
}
function rightSolve(r: Right, c: Ctx): Sol {
  const sq = (x: Num) => c.pow(c.n(x), 2);
  // A wrong factor scales every length alike, so the triangle stays a Pythagorean triple.
  const f = c.calc('', 100, {
    fixed: true,
    alts: {
      unit_or_scale_error: [
        ['', 10],
        ['', 1000],
      ],
    },
  });
  const cm = (x: number) => f.v.mul(Q.of(x, 10));
  const [a, b, h] = [cm(r.a), cm(r.b), cm(r.h)];
  const root = (q: Q) => {
    const t = Math.round(Math.sqrt(q.n));
    if (!q.isInt || t * t !== q.n) throw new Error('not a perfect square');
    return t;
  };
  if (!r.rect) {
    const c1 = c.calc(`${sq(a)} + ${sq(b)}`, a.mul(a).add(b.mul(b)), { fixed: true });
    const c2 = c.calc(c.sqrt(c.n(c1.v)), root(c1.v), {
      alts: {
        wrong_method: [
          [`${c.sqrt(`${sq(a)} + ${sq(b)}`)} = ${c.n(a)} + ${c.n(b)}`, a.add(b)],
          [`${c.n(c1.v)} ÷ 2`, c1.v.div(2)],
        ],
      },
    });
    const c3 = c.calc(`${c.n(a)} + ${c.n(b)} + ${c.n(c2.v)}`, c2.v.add(a).add(b));
    return {
      steps: [
        `Work in centimetres. Since 1 m = ${f.t} cm, the legs are ${c.n(a)} cm and ${c.n(b)} cm.`,
        `By the Pythagorean theorem, the square of the hypotenuse is ${c1.t}.`,
        `So the hypotenuse is ${c2.t} cm.`,
        `The perimeter is ${c3.t} cm.`,
      ],
      final: c3.v,
    };
  }
  const c1 = c.calc(`${sq(h)} - ${sq(a)}`, h.mul(h).sub(a.mul(a)), { fixed: true });
  const c2 = c.calc(c.sqrt(c.n(c1.v)), root(c1.v), {
    alts: {
      wrong_method: [
        [`${c.n(h)} - ${c.n(a)}`, h.sub(a)],
        [`${c.n(c1.v)} ÷ 2`, c1.v.div(2)],
      ],
    },
  });
  const c3 = c.calc(`${c.n(a)} × ${c.n(c2.v)}`, c2.v.mul(a));
  return {
    steps: [
      `Work in centimetres. Since 1 m = ${f.t} cm, the width is ${c.n(a)} cm and the diagonal is ${c.n(h)} cm.`,
      `The diagonal splits the rectangle into two right triangles, so the length ${c.m('L')} satisfies ${c.m(`${c.pow('L', 2)} = ${c1.e}`)}.`,
      `Taking the square root, ${c.m(`L = ${c2.e}`)} cm.`,
      `The area is ${c3.t} square centimetres.`,
    ],
    final: c3.v,
  };
}
const rightTriangle: Template = {
  key: 'pythagoras',
  subject: 'Geometry',
  make(rng) {
    const [p, q, h] = pick(rng, TRIPLES);
    const k = between(rng, 1, Math.max(1, Math.floor(60 / h)));
    const swap = rng.int(2) === 0;
    const r: Right = { a: k * (swap ? q : p), b: k * (swap ? p : q), h: k * h, rect: rng.int(5) < 2 };
    const m = (x: number) => Q.of(x, 10).decimal();
    const thing = pick(
      rng,
      r.rect ? ['rectangular panel', 'rectangular window', 'rectangular tabletop'] : ['right triangle', 'right-angled garden bed', 'right-angled sail'],
    );
    return {
      template: this.key,
      subject: this.subject,
      level: r.rect ? 3 : 2,
      problem: r.rect
        ? `A ${thing} is ${m(r.a)} m wide, and its diagonal is ${m(r.h)} m long. What is its area in square centimetres?`
        : `A ${thing} has legs of ${m(r.a)} m and ${m(r.b)} m. What is its perimeter in centimetres?`,
      solve: (c) => rightSolve(r, c),
      misreads: [],
    };
  },
};

export const GEOMETRY: Template[] = [garden, trapezoid, rightTriangle];

import { Ctx, type Sol, type Template, term } from './math-core.js';
import { misreadsOf } from './math-arith.js';
import { between, pick } from './util.js';

/** Formats the problem statements, which hold integers only. */
const PLAIN = new Ctx(false);

/** "3x", "x", "-x": a coefficient as written in front of a variable. */
function coef(a: number, v = 'x'): string {
  return a === 1 ? v : a === -1 ? `-${v}` : `${a}${v}`;
}
function side(c: Ctx, a: number, b: number): string {
  return b === 0 ? coef(a) : `${coef(a)} ${term(c, b)}`;
}

interface Lin {
  a: number;
  b: number;
  c: number;
}
function linSolve(s: Lin, c: Ctx): Sol {
  const move = s.b > 0 ? `Subtract ${s.b} from both sides` : `Add ${-s.b} to both sides`;
  const c1 = c.calc(`${c.n(s.c)} ${s.b > 0 ? '-' : '+'} ${Math.abs(s.b)}`, s.c - s.b, {
    alts: { sign_error: [[`${c.n(s.c)} ${s.b > 0 ? '+' : '-'} ${Math.abs(s.b)}`, s.c + s.b]] },
  });
  const c2 = c.calc(c.frac(c1.v, s.a), c1.v.div(s.a), {
    alts: {
      wrong_method: [
        [`${c.n(c1.v)} - ${s.a}`, c1.v.sub(s.a)],
        [`${c.n(c1.v)} × ${s.a}`, c1.v.mul(s.a)],
      ],
      sign_error: [[`-${c.frac(c1.v, s.a)}`, c1.v.div(-s.a)]],
    },
  });
  return {
    steps: [
      `${move} of ${c.m(`${side(c, s.a, s.b)} = ${c.n(s.c)}`)}: ${c.m(`${coef(s.a)} = ${c1.e}`)}.`,
      `Divide both sides by ${s.a}: ${c.m(`x = ${c2.e}`)}.`,
    ],
    final: c2.v,
  };
}
const linear: Template = {
  key: 'linear-equation',
  subject: 'Algebra',
  make(rng) {
    const a = between(rng, 2, 9);
    const num = between(rng, -40, 90);
    const b = between(rng, -25, 25);
    if (b === 0 || num === 0) return null;
    // Level 1 keeps integer solutions; level 2 lets x be a fraction.
    const frac = rng.int(3) === 0;
    if (!frac && num % a !== 0) return null;
    if (frac && num % a === 0) return null;
    const s: Lin = { a, b, c: num + b };
    const lead = pick(rng, ['Solve for $x$:', 'Find $x$ if', 'What value of $x$ satisfies']);
    return {
      template: this.key,
      subject: this.subject,
      level: frac ? 2 : 1,
      problem: `${lead} $${side(PLAIN, a, b)} = ${s.c}$${lead.startsWith('What') ? '?' : '.'}`,
      solve: (c) => linSolve(s, c),
      misreads: misreadsOf(s, ['a', 'b', 'c'], linSolve, (p) => p.a !== 0 && p.b !== 0),
    };
  },
};

interface Both {
  a: number;
  b: number;
  c: number;
  d: number;
}
function bothSolve(s: Both, c: Ctx): Sol {
  const lhs = `${s.a}(x - ${s.b})`;
  const rhs = side(c, s.c, s.d);
  const c1 = c.calc(`-${s.a} × ${s.b}`, -s.a * s.b, { alts: { sign_error: [[`${s.a} × ${s.b}`, s.a * s.b]] } });
  const c2 = c.calc(`${s.a} - ${s.c}`, s.a - s.c, { alts: { sign_error: [[`${s.a} + ${s.c}`, s.a + s.c]] } });
  const k = c1.v;
  const c3 = c.calc(`${c.n(s.d)} ${k.sign() < 0 ? '+' : '-'} ${c.n(k.abs())}`, k.neg().add(s.d), {
    alts: { sign_error: [[`${c.n(s.d)} ${k.sign() < 0 ? '-' : '+'} ${c.n(k.abs())}`, k.add(s.d)]] },
  });
  const c4 = c.calc(c.frac(c3.v, c2.v), c3.v.div(c2.v), {
    alts: {
      wrong_method: [
        [`${c.n(c3.v)} - ${c.p(c2.v)}`, c3.v.sub(c2.v)],
        [`${c.n(c3.v)} × ${c.p(c2.v)}`, c3.v.mul(c2.v)],
      ],
    },
  });
  return {
    steps: [
      `Expand the left side of ${c.m(`${lhs} = ${rhs}`)}. The constant term is ${c1.t}, so ${c.m(`${side(c, s.a, k.n / k.d)} = ${rhs}`)}.`,
      `Move the ${c.m('x')} terms to the left: the coefficient is ${c2.t}. Move the constants to the right: ${c3.t}.`,
      `So ${c.m(`${coef(c2.v.n / c2.v.d)} = ${c.n(c3.v)}`)}, and dividing gives ${c.m(`x = ${c4.e}`)}.`,
    ],
    final: c4.v,
  };
}
const both: Template = {
  key: 'linear-both-sides',
  subject: 'Algebra',
  make(rng) {
    const a = between(rng, 3, 9);
    const s: Both = { a, b: between(rng, 1, 9), c: between(rng, 1, a - 1), d: 0 };
    const x = between(rng, -6, 15);
    s.d = a * (x - s.b) - s.c * x;
    if (s.d === 0 || x === 0) return null;
    return {
      template: this.key,
      subject: this.subject,
      level: s.a - s.c > 1 ? 3 : 2,
      problem: `Solve for $x$: $${s.a}(x - ${s.b}) = ${side(PLAIN, s.c, s.d)}$.`,
      solve: (c) => bothSolve(s, c),
      misreads: misreadsOf(s, ['a', 'b'], bothSolve, (p) => p.a !== p.c),
    };
  },
};

interface Sys {
  a1: number;
  b1: number;
  e1: number;
  a2: number;
  b2: number;
  e2: number;
}
function eqn(c: Ctx, a: number, b: number, e: number): string {
  return `${coef(a)} + ${coef(b, 'y')} = ${c.n(e)}`;
}
function sysSolve(s: Sys, c: Ctx): Sol {
  const [p1, p2, p3, p4, p5] = [s.b1 * s.a2, s.e1 * s.a2, s.a1 * s.b2, s.a1 * s.e2, s.a1 * s.a2];
  const c1 = c.calc(`${p1} - ${p3}`, p1 - p3, { alts: { sign_error: [[`${p1} + ${p3}`, p1 + p3]] } });
  const c2 = c.calc(`${c.n(p2)} - ${c.p(p4)}`, p2 - p4, { alts: { sign_error: [[`${c.n(p2)} + ${c.p(p4)}`, p2 + p4]] } });
  const c3 = c.calc(c.frac(c2.v, c1.v), c2.v.div(c1.v), {
    alts: {
      wrong_method: [
        [`${c.n(c2.v)} - ${c.p(c1.v)}`, c2.v.sub(c1.v)],
        [c.frac(c2.v, p5), c2.v.div(p5)],
      ],
    },
  });
  const y = c3.v;
  const c4 = c.calc(`${c.n(s.e1)} - ${s.b1} × ${c.p(y)}`, y.mul(-s.b1).add(s.e1), {
    alts: { sign_error: [[`${c.n(s.e1)} + ${s.b1} × ${c.p(y)}`, y.mul(s.b1).add(s.e1)]] },
  });
  const c5 = s.a1 === 1 ? c4 : c.calc(c.frac(c4.v, s.a1), c4.v.div(s.a1));
  const c6 = c.calc(`${c.n(c5.v)} + ${c.p(y)}`, c5.v.add(y));
  const xLine = s.a1 === 1 ? `${c.m(`x = ${c4.e}`)}` : `${c.m(`${s.a1}x = ${c4.e}`)}, so ${c.m(`x = ${c5.e}`)}`;
  return {
    steps: [
      `Multiply the first equation, ${c.m(eqn(c, s.a1, s.b1, s.e1))}, by ${s.a2} and the second by ${s.a1}: ${c.m(`${p5}x + ${p1}y = ${c.n(p2)}`)} and ${c.m(`${p5}x + ${p3}y = ${c.n(p4)}`)}.`,
      `Subtract the second from the first to eliminate ${c.m('x')}: the ${c.m('y')} coefficient is ${c1.t} and the right side is ${c2.t}.`,
      `So ${c.m(`y = ${c3.e}`)}.`,
      `Substitute into the first equation: ${xLine}.`,
      `Therefore ${c.m(`x + y = ${c6.e}`)}.`,
    ],
    final: c6.v,
  };
}
const system: Template = {
  key: 'linear-system',
  subject: 'Algebra',
  make(rng) {
    const [x, y] = [between(rng, -8, 12), between(rng, -8, 12)];
    const s: Sys = { a1: between(rng, 1, 6), b1: between(rng, 1, 7), a2: between(rng, 1, 6), b2: between(rng, 1, 7), e1: 0, e2: 0 };
    s.e1 = s.a1 * x + s.b1 * y;
    s.e2 = s.a2 * x + s.b2 * y;
    if (s.a1 * s.b2 === s.a2 * s.b1 || x + y === 0 || s.a1 === s.a2) return null;
    return {
      template: this.key,
      subject: this.subject,
      level: Math.max(s.a1, s.a2, s.b1, s.b2) > 4 ? 5 : 4,
      problem: `If $${eqn(PLAIN, s.a1, s.b1, s.e1)}$ and $${eqn(PLAIN, s.a2, s.b2, s.e2)}$, what is the value of $x + y$?`,
      solve: (c) => sysSolve(s, c),
      misreads: misreadsOf(s, ['b1', 'e1'], sysSolve, (p) => p.a1 * p.b2 !== p.a2 * p.b1),
    };
  },
};

export const ALGEBRA: Template[] = [linear, both, system];

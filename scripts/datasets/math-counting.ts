import { Q } from './fraction.js';
import type { Ctx, Sol, Template } from './math-core.js';
import { misreadsOf, NAMES } from './math-arith.js';
import { between, pick } from './util.js';

interface Fence {
  L: number;
  d: number;
}
function fenceSolve(f: Fence, c: Ctx): Sol {
  const scale: Array<[string, number]> = [[`${f.L} × 1000`, f.L * 1000]];
  if ((10 * f.L) % f.d === 0) scale.unshift([`${f.L} × 10`, f.L * 10]);
  const c1 = c.calc(`${f.L} × 100`, f.L * 100, { alts: { unit_or_scale_error: scale } });
  const c2 = c.calc(`${c.n(c1.v)} ÷ ${f.d}`, c1.v.div(f.d));
  const g = c.n(c2.v);
  const c3 = c.calc(`${g} + 1`, c2.v.add(1), {
    alts: {
      off_by_one: [
        [g, c2.v],
        [`${g} + 2`, c2.v.add(2)],
      ],
      sign_error: [[`${g} - 1`, c2.v.sub(1)]],
    },
  });
  return {
    steps: [
      `Work in centimetres to match the ${f.d} cm spacing: ${f.L} m is ${c1.t} cm.`,
      `The spacing divides the length into ${c2.t} equal gaps.`,
      `With one at each end there is one more than the number of gaps, so there are ${c3.t}.`,
    ],
    final: c3.v,
  };
}
const fence: Template = {
  key: 'fence-posts',
  subject: 'Counting & Probability',
  make(rng) {
    const f: Fence = { L: between(rng, 3, 60), d: pick(rng, [20, 25, 40, 50, 75]) };
    if ((100 * f.L) % f.d !== 0) return null;
    const what = pick(rng, [
      ['A straight fence', 'Posts are placed'],
      ['A garden path', 'Lamps are placed'],
      ['A row of seats', 'Armrests are fitted'],
    ]);
    return {
      template: this.key,
      subject: this.subject,
      level: f.d === 75 || f.d === 40 ? 2 : 1,
      problem: `${what[0]} is ${f.L} m long. ${what[1]} every ${f.d} cm along it, with one at each end. How many are there?`,
      solve: (c) => fenceSolve(f, c),
      misreads: misreadsOf(f, ['L'], fenceSolve, (p) => (100 * p.L) % p.d === 0),
    };
  },
};

interface Pages {
  name: string;
  a: number;
  b: number;
  p: number;
  q: number;
}
function pagesSolve(s: Pages, c: Ctx): Sol {
  const range = (lo: number, hi: number) =>
    c.calc(`${hi} - ${lo} + 1`, hi - lo + 1, { alts: { off_by_one: [[`${hi} - ${lo}`, hi - lo]], sign_error: [[`${hi} - ${lo} - 1`, hi - lo - 1]] } });
  const c1 = range(s.a, s.b);
  const c2 = range(s.p, s.q);
  const c3 = c.calc(`${c.n(c1.v)} + ${c.n(c2.v)}`, c1.v.add(c2.v));
  return {
    steps: [
      `Pages ${s.a} through ${s.b}, counting both ends, make ${c1.t} pages.`,
      `Pages ${s.p} through ${s.q} make ${c2.t} pages.`,
      `In total ${s.name} reads ${c3.t} pages.`,
    ],
    final: c3.v,
  };
}
const pages: Template = {
  key: 'inclusive-ranges',
  subject: 'Counting & Probability',
  make(rng) {
    const a = between(rng, 3, 120);
    const p = between(rng, 3, 200);
    const s: Pages = { name: pick(rng, NAMES), a, b: a + between(rng, 8, 90), p, q: p + between(rng, 8, 120) };
    return {
      template: this.key,
      subject: this.subject,
      level: 1,
      problem: `${s.name} reads pages ${s.a} through ${s.b} of one book and pages ${s.p} through ${s.q} of another, including the first and last page each time. How many pages does ${s.name} read in total?`,
      solve: (c) => pagesSolve(s, c),
      misreads: misreadsOf(s, ['a', 'b'], pagesSolve, (x) => x.b > x.a),
    };
  },
};

interface Committee {
  n: number;
  k: number;
  chair: boolean;
}
function falling(n: number, k: number): [string, number] {
  const fs = Array.from({ length: k }, (_, i) => n - i);
  return [fs.join(' × '), fs.reduce((a, b) => a * b, 1)];
}
function committeeSolve(s: Committee, c: Ctx): Sol {
  const pool = s.chair ? s.n - 1 : s.n;
  const steps: string[] = [];
  if (s.chair) steps.push(`There are ${s.n} ways to choose the president, leaving ${pool} members for the committee.`);
  const offs = [falling(pool, s.k + 1), ...(s.k > 2 ? [falling(pool, s.k - 1)] : [])];
  const c1 = c.calc(falling(pool, s.k)[0], falling(pool, s.k)[1], { alts: { off_by_one: offs } });
  const fact = Array.from({ length: s.k }, (_, i) => s.k - i);
  const c2 = c.calc(
    fact.join(' × '),
    fact.reduce((a, b) => a * b, 1),
  );
  const c3 = c.calc(`${c.n(c1.v)} ÷ ${c.n(c2.v)}`, c1.v.div(c2.v), {
    alts: {
      wrong_method: [
        [`${c.n(c1.v)} ÷ ${s.k}`, c1.v.div(s.k)],
        [`${c.n(c1.v)} - ${c.n(c2.v)}`, c1.v.sub(c2.v)],
      ],
    },
  });
  steps.push(
    `Choosing ${s.k} of the ${pool} ${s.chair ? 'remaining members' : 'members'} in order can be done in ${c1.t} ways.`,
    `Each committee is counted once for every ordering of its ${s.k} members, that is ${c2.t} times.`,
    `So there are ${c3.t} different committees.`,
  );
  if (!s.chair) return { steps, final: c3.v };
  const c4 = c.calc(`${s.n} × ${c.n(c3.v)}`, c3.v.mul(s.n));
  steps.push(`Combining with the choice of president gives ${c4.t} ways.`);
  return { steps, final: c4.v };
}
const committee: Template = {
  key: 'committee-choose',
  subject: 'Counting & Probability',
  make(rng) {
    const s: Committee = { n: between(rng, 6, 16), k: between(rng, 2, 4), chair: rng.int(3) === 0 };
    const group = pick(rng, ['club', 'choir', 'chess society', 'book group', 'robotics team']);
    const what = s.chair
      ? `In how many ways can they choose a president and, from the other members, a committee of ${s.k}?`
      : `In how many ways can a committee of ${s.k} members be chosen?`;
    return {
      template: this.key,
      subject: this.subject,
      level: s.chair ? 4 : s.k > 2 ? 3 : 2,
      problem: `A ${group} has ${s.n} members. ${what}`,
      solve: (c) => committeeSolve(s, c),
      misreads: misreadsOf(s, ['n'], committeeSolve, (p) => p.n > p.k + 2),
    };
  },
};

interface Marbles {
  r: number;
  b: number;
  colour: string;
  other: string;
}
function marbleSolve(s: Marbles, c: Ctx): Sol {
  const c1 = c.calc(`${s.r} + ${s.b}`, s.r + s.b);
  const t = c1.v;
  const c2 = c.calc(c.frac(s.r, t), Q.of(s.r).div(t), { round: [1, 2] });
  // A solver who rounded the first probability keeps working in decimals.
  const rounding = c.decimals;
  const p2 = Q.of(s.r - 1).div(t.sub(1));
  const approx = rounding && p2.decimal() === null;
  const c3 = c.calc(c.frac(s.r - 1, t.sub(1)), approx ? p2.roundTo(2) : p2, {
    approx,
    alts: {
      wrong_method: [[c.frac(s.r, t), Q.of(s.r).div(t)]],
      off_by_one: [
        [c.frac(s.r - 1, t), Q.of(s.r - 1).div(t)],
        [c.frac(s.r, t.sub(1)), Q.of(s.r).div(t.sub(1))],
      ],
    },
  });
  const c4 = c.calc(`${c.n(c2.v)} × ${c.n(c3.v)}`, c2.v.mul(c3.v));
  return {
    steps: [
      `There are ${s.r} ${s.colour} and ${s.b} ${s.other} marbles, ${c1.t} in all.`,
      `The probability that the first marble is ${s.colour} is ${c2.t}.`,
      `Given that, ${s.r - 1} ${s.colour} ${s.r === 2 ? 'marble remains' : 'marbles remain'}, and the probability that the second is ${s.colour} too is ${c3.t}.`,
      `The probability that both are ${s.colour} is ${c4.t}.`,
    ],
    final: c4.v,
  };
}
const marbles: Template = {
  key: 'draw-without-replacement',
  subject: 'Counting & Probability',
  make(rng) {
    const [colour, other] = pick(rng, [
      ['red', 'blue'],
      ['green', 'yellow'],
      ['white', 'black'],
    ]);
    const s: Marbles = { r: between(rng, 2, 9), b: between(rng, 2, 11), colour, other };
    return {
      template: this.key,
      subject: this.subject,
      level: s.r + s.b > 12 ? 4 : 3,
      problem: `A bag holds ${s.r} ${colour} marbles and ${s.b} ${other} marbles. Two marbles are drawn at random without replacement. What is the probability that both are ${colour}?`,
      solve: (c) => marbleSolve(s, c),
      misreads: misreadsOf(s, ['r', 'b'], marbleSolve, (p) => p.r >= 2),
    };
  },
};

interface Dice {
  sides: number;
  rolls: number;
  face: number;
}
/** "a 6" but "an 8", "an 11", "an 18". */
const aFace = (n: number) => (String(n).startsWith('8') || n === 11 || n === 18 ? `an ${n}` : `a ${n}`);
function diceSolve(s: Dice, c: Ctx): Sol {
  const miss = Q.of(s.sides - 1, s.sides);
  const c1 = c.calc(`1 - ${c.frac(1, s.sides)}`, miss, { round: [1, 2] });
  const base = c.n(c1.v);
  const offs: Array<[string, Q]> = [[c.pow(base, s.rolls + 1), c1.v.pow(s.rolls + 1)]];
  if (s.rolls > 2) offs.push([c.pow(base, s.rolls - 1), c1.v.pow(s.rolls - 1)]);
  const c2 = c.calc(c.pow(base, s.rolls), c1.v.pow(s.rolls), { round: [2], alts: { off_by_one: offs } });
  const c3 = c.calc(`1 - ${c.n(c2.v)}`, c2.v.neg().add(1), {
    alts: {
      sign_error: [
        [`${c.n(c2.v)} - 1`, c2.v.sub(1)],
        [`1 + ${c.n(c2.v)}`, c2.v.add(1)],
      ],
      wrong_method: [[`${s.rolls} × ${c.frac(1, s.sides)}`, Q.of(s.rolls, s.sides)]],
    },
  });
  return {
    steps: [
      `It is easier to find the chance of never rolling ${aFace(s.face)} in ${s.rolls} rolls. On one roll of the ${s.sides}-sided die it is ${c1.t}.`,
      `The rolls are independent, so the chance of no ${s.face} in ${s.rolls} rolls is ${c2.t}.`,
      `The probability of at least one ${s.face} is the complement: ${c3.t}.`,
    ],
    final: c3.v,
  };
}
const dice: Template = {
  key: 'at-least-one',
  subject: 'Counting & Probability',
  make(rng) {
    const sides = pick(rng, [4, 6, 8, 10, 12, 20]);
    const s: Dice = { sides, rolls: between(rng, 2, sides > 10 ? 3 : 4), face: between(rng, 1, sides) };
    return {
      template: this.key,
      subject: this.subject,
      level: s.rolls > 2 ? 4 : 3,
      problem: `A fair ${s.sides}-sided die, numbered 1 to ${s.sides}, is rolled ${s.rolls} times. What is the probability that at least one roll shows ${aFace(s.face)}?`,
      solve: (c) => diceSolve(s, c),
      misreads: misreadsOf(s, ['sides', 'rolls'], diceSolve, (p) => p.rolls >= 2 && p.sides >= 3),
    };
  },
};

export const COUNTING: Template[] = [fence, pages, committee, marbles, dice];

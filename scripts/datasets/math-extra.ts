import { Q } from './fraction.js';
import type { Ctx, Sol, Template } from './math-core.js';
import { misreadsOf } from './math-arith.js';
import { between, money, pick } from './util.js';

// Templates whose natural mistakes are the rarer error types (rounding, units,
// fence-posts), so those types are not starved when the nine slots are filled.

interface Fuel {
  rate: number;
  d: number;
  cents: number;
}
function fuelSolve(f: Fuel, c: Ctx): Sol {
  c.decimals = true;
  const c1 = c.calc(`${f.rate} × ${f.d} ÷ 100`, Q.of(f.rate * f.d, 100), {
    round: [0, 1],
    alts: {
      unit_or_scale_error: [
        [`${f.rate} × ${f.d} ÷ 10`, Q.of(f.rate * f.d, 10)],
        [`${f.rate} × ${f.d} ÷ 1000`, Q.of(f.rate * f.d, 1000)],
      ],
      wrong_method: [[`${f.d} ÷ ${f.rate}`, Q.of(f.d, f.rate)]],
    },
  });
  const price = Q.of(f.cents, 100);
  const c2 = c.calc(`${c.n(c1.v)} × ${c.n(price)}`, c1.v.mul(price));
  return {
    steps: [`At ${f.rate} litres per 100 km, the ${f.d} km trip needs ${c1.t} litres.`, `At ${c.n(price)} dollars per litre, the fuel costs ${c2.t} dollars.`],
    final: c2.v,
  };
}
const fuel: Template = {
  key: 'fuel-cost',
  subject: 'Arithmetic',
  make(rng) {
    const f: Fuel = { rate: between(rng, 4, 12), d: between(rng, 30, 900), cents: pick(rng, [125, 150, 160, 175, 180, 200, 240, 250]) };
    if ((f.rate * f.d) % 100 === 0 || (f.rate * f.d * f.cents) % 10000 !== 0) return null;
    const vehicle = pick(rng, ['A car', 'A van', 'A camper van']);
    return {
      template: this.key,
      subject: this.subject,
      level: (f.rate * f.d) % 10 === 0 ? 2 : 3,
      problem: `${vehicle} uses ${f.rate} litres of fuel per 100 km, and fuel costs \\$${money(f.cents).slice(1)} per litre. How many dollars does the fuel for a ${f.d} km trip cost?`,
      solve: (c) => fuelSolve(f, c),
      misreads: misreadsOf(f, ['rate', 'd'], fuelSolve),
    };
  },
};

const clock = (h: number) => `${String(h).padStart(2, '0')}:00`;

interface Bus {
  s0: number;
  s1: number;
  m: number;
  what: string;
}
function busSolve(b: Bus, c: Ctx): Sol {
  const c1 = c.calc(`${b.s1} - ${b.s0}`, b.s1 - b.s0);
  const h = c1.v;
  const scale: Array<[string, Q]> = h.mul(100).div(b.m).isInt ? [[`${c.n(h)} × 100`, h.mul(100)]] : [];
  const c2 = c.calc(`${c.n(h)} × 60`, h.mul(60), { alts: { unit_or_scale_error: scale } });
  const c3 = c.calc(`${c.n(c2.v)} ÷ ${b.m}`, c2.v.div(b.m));
  const g = c.n(c3.v);
  const c4 = c.calc(`${g} + 1`, c3.v.add(1), {
    alts: {
      off_by_one: [
        [g, c3.v],
        [`${g} + 2`, c3.v.add(2)],
      ],
      sign_error: [[`${g} - 1`, c3.v.sub(1)]],
    },
  });
  return {
    steps: [
      `From ${clock(b.s0)} to ${clock(b.s1)} is ${c1.t} hours, which is ${c2.t} minutes.`,
      `With one departure every ${b.m} minutes, that span holds ${c3.t} intervals.`,
      `Both the first and the last departure count, so there is one more departure than intervals: ${c4.t}.`,
    ],
    final: c4.v,
  };
}
const timetable: Template = {
  key: 'timetable-departures',
  subject: 'Counting & Probability',
  make(rng) {
    const s0 = between(rng, 5, 10);
    const what = pick(rng, ['bus', 'tram', 'ferry', 'shuttle train']);
    const b: Bus = { s0, s1: s0 + between(rng, 2, 9), m: pick(rng, [5, 6, 10, 12, 15, 20, 30]), what };
    return {
      template: this.key,
      subject: this.subject,
      level: b.m % 10 === 0 || b.m === 5 ? 1 : 2,
      problem: `The first ${what} of the day leaves at ${clock(b.s0)}, and then one leaves every ${b.m} minutes, the last at exactly ${clock(b.s1)}. How many departures are there in total?`,
      solve: (c) => busSolve(b, c),
      misreads: misreadsOf(b, ['s1'], busSolve, (p) => p.s1 > p.s0 && p.s1 <= 23),
    };
  },
};

interface Consec {
  k: number;
  S: number;
}
function consecSolve(q: Consec, c: Ctx): Sol {
  const c1 = c.calc(`${q.k} × ${q.k - 1} ÷ 2`, (q.k * (q.k - 1)) / 2, { alts: { off_by_one: [[`${q.k} × ${q.k + 1} ÷ 2`, (q.k * (q.k + 1)) / 2]] } });
  const c2 = c.calc(`${q.S} - ${c.n(c1.v)}`, c1.v.neg().add(q.S), { alts: { sign_error: [[`${q.S} + ${c.n(c1.v)}`, c1.v.add(q.S)]] } });
  const c3 = c.calc(c.frac(c2.v, q.k), c2.v.div(q.k), { alts: { wrong_method: [[c.frac(q.S, q.k), Q.of(q.S, q.k)]] } });
  const c4 = c.calc(`${c.n(c3.v)} + ${q.k - 1}`, c3.v.add(q.k - 1), {
    alts: { off_by_one: [[`${c.n(c3.v)} + ${q.k}`, c3.v.add(q.k)]], sign_error: [[`${c.n(c3.v)} - ${q.k - 1}`, c3.v.sub(q.k - 1)]] },
  });
  return {
    steps: [
      `Call the smallest integer ${c.m('n')}. The ${q.k} integers are ${c.m(`n, n + 1, ..., n + ${q.k - 1}`)}, so their sum ${q.S} is ${c.m(`${q.k}n`)} plus ${c.m(`0 + 1 + ... + ${q.k - 1}`)}, which is ${c1.t}.`,
      `So ${c.m(`${q.k}n = ${c2.e}`)}.`,
      `Dividing by ${q.k}, ${c.m(`n = ${c3.e}`)}.`,
      `The largest integer is ${c.m(`n + ${q.k - 1}`)}, that is ${c4.t}.`,
    ],
    final: c4.v,
  };
}
const consecutive: Template = {
  key: 'consecutive-sum',
  subject: 'Algebra',
  make(rng) {
    const k = between(rng, 3, 9);
    const x = between(rng, -20, 60);
    const q: Consec = { k, S: k * x + (k * (k - 1)) / 2 };
    if (q.S === 0) return null;
    return {
      template: this.key,
      subject: this.subject,
      level: x < 0 ? 3 : 2,
      problem: `The sum of ${k} consecutive integers is ${q.S}. What is the largest of them?`,
      solve: (c) => consecSolve(q, c),
      misreads: misreadsOf(q, ['S', 'k'], consecSolve, (p) => p.k >= 2),
    };
  },
};

interface Pipes {
  a: number;
  b: number;
  who: string;
}
function pipesSolve(p: Pipes, c: Ctx): Sol {
  const c1 = c.calc(c.frac(1, p.a), Q.of(1, p.a));
  const c2 = c.calc(c.frac(1, p.b), Q.of(1, p.b));
  const c3 = c.calc(`${c.n(c1.v)} + ${c.n(c2.v)}`, c1.v.add(c2.v), { round: [1, 2], alts: { sign_error: [[`${c.n(c1.v)} - ${c.n(c2.v)}`, c1.v.sub(c2.v)]] } });
  const c4 = c.calc(`1 ÷ ${c.p(c3.v)}`, Q.of(1).div(c3.v), {
    round: [0, 1],
    alts: {
      wrong_method: [
        [`(${p.a} + ${p.b}) ÷ 2`, Q.of(p.a + p.b, 2)],
        [`${p.a} + ${p.b}`, p.a + p.b],
      ],
    },
  });
  const c5 = c.calc(`${c.n(c4.v)} × 60`, c4.v.mul(60), {
    alts: {
      unit_or_scale_error: [
        [`${c.n(c4.v)} × 100`, c4.v.mul(100)],
        [`${c.n(c4.v)} ÷ 60`, c4.v.div(60)],
      ],
    },
  });
  return {
    steps: [
      `In one hour the first ${p.who} does ${c1.t} of the job, and the second does ${c2.t}.`,
      `Together they do ${c3.t} of the job per hour.`,
      `So the whole job takes ${c4.t} hours.`,
      `In minutes, that is ${c5.t}.`,
    ],
    final: c5.v,
  };
}
const pipes: Template = {
  key: 'work-rates',
  subject: 'Algebra',
  make(rng) {
    const what = pick(rng, [
      ['pipe', 'fill a tank', 'fill the empty tank'],
      ['printer', 'print a batch of flyers', 'print the batch'],
      ['pump', 'drain a pond', 'drain the pond'],
    ] as const);
    const p: Pipes = { a: between(rng, 2, 12), b: between(rng, 2, 15), who: what[0] };
    if (p.a >= p.b || (60 * p.a * p.b) % (p.a + p.b) !== 0) return null;
    return {
      template: this.key,
      subject: this.subject,
      level: p.b > 8 ? 4 : 3,
      problem: `One ${what[0]} can ${what[1]} in ${p.a} hours, and a second ${what[0]} can do it in ${p.b} hours. Working together, how many minutes do they take to ${what[2]}?`,
      solve: (c) => pipesSolve(p, c),
      misreads: misreadsOf(p, ['a', 'b'], pipesSolve),
    };
  },
};

export const EXTRA: Template[] = [fuel, timetable, consecutive, pipes];

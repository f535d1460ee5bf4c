import type { Rng } from '../../src/core/random.js';
import { Q } from './fraction.js';
import type { Ctx, Instance, Sol, Template } from './math-core.js';
import { between, misreadings, pick } from './util.js';

export const NAMES = ['Maya', 'Omar', 'Lena', 'Ravi', 'Sofia', 'Tariq', 'Nina', 'Jonas', 'Priya', 'Mateo', 'Aiko', 'Ben'];

/** Builds the misread solutions: the same solver run on params with one given number changed. */
export function misreadsOf<P>(p: P, keys: Array<keyof P>, solve: (p: P, c: Ctx) => Sol, ok: (p: P) => boolean = () => true) {
  const out: Array<(c: Ctx) => Sol> = [];
  for (const k of keys) {
    for (const alt of misreadings(p[k] as number)) {
      const p2 = { ...p, [k]: alt };
      if (ok(p2)) out.push((c) => solve(p2, c));
    }
  }
  return out;
}

const ITEMS = ['notebooks', 'pens', 'mugs', 'candles', 'plant pots', 'sketchbooks', 'tennis balls', 'picture frames'];

/** `cents`: the second item is priced in cents, so the solution has a conversion to get right. */
interface Shop {
  name: string;
  i1: string;
  i2: string;
  a: number;
  p: number;
  b: number;
  q: number;
  bill: number;
  cents: boolean;
}
function shopSolve(s: Shop, c: Ctx): Sol {
  c.decimals = true;
  const c1 = c.calc(`${s.a} × ${s.p}`, s.a * s.p, { alts: { wrong_method: [[`${s.a} + ${s.p}`, s.a + s.p]] } });
  let c2 = c.calc(`${s.b} × ${s.q}`, s.b * s.q, { alts: { wrong_method: [[`${s.b} + ${s.q}`, s.b + s.q]] } });
  let second = `The ${s.i2} cost ${c2.t} dollars.`;
  if (s.cents) {
    const inCents = c2;
    c2 = c.calc(`${c.n(inCents.v)} ÷ 100`, inCents.v.div(100), {
      alts: {
        unit_or_scale_error: [
          [`${c.n(inCents.v)} ÷ 10`, inCents.v.div(10)],
          [`${c.n(inCents.v)} ÷ 1000`, inCents.v.div(1000)],
        ],
      },
    });
    second = `The ${s.i2} cost ${inCents.t} cents, which is ${c2.t} dollars.`;
  }
  const c3 = c.calc(`${s.bill} - ${c.n(c1.v)} - ${c.n(c2.v)}`, c1.v.neg().sub(c2.v).add(s.bill), {
    alts: { sign_error: [[`${s.bill} - ${c.n(c1.v)} + ${c.n(c2.v)}`, c1.v.neg().add(c2.v).add(s.bill)]] },
  });
  return {
    steps: [`The ${s.i1} cost ${c1.t} dollars.`, second, `The change is ${c3.t} dollars.`],
    final: c3.v,
  };
}
const shop: Template = {
  key: 'shop-change',
  subject: 'Arithmetic',
  make(rng: Rng): Instance | null {
    const [i1, i2] = [pick(rng, ITEMS), pick(rng, ITEMS)];
    const cents = rng.int(3) > 0;
    const s: Shop = {
      name: pick(rng, NAMES),
      i1,
      i2,
      a: between(rng, 2, 8),
      p: between(rng, 2, 14),
      b: between(rng, 2, 8),
      q: between(rng, 2, 14),
      bill: 0,
      cents,
    };
    if (cents) [s.b, s.q] = [4 * between(rng, 1, 4), pick(rng, [25, 50, 75])];
    const total = s.a * s.p + (s.b * s.q) / (cents ? 100 : 1);
    s.bill = [20, 50, 100, 200].find((b) => b > total + 2) ?? 0;
    if (i1 === i2 || s.p === s.q || s.bill === 0) return null;
    const second = cents ? `${s.q} cents each` : `\\$${s.q} each`;
    return {
      template: this.key,
      subject: this.subject,
      level: total > 60 ? 2 : 1,
      problem: `${s.name} buys ${s.a} ${s.i1} at \\$${s.p} each and ${s.b} ${s.i2} at ${second}, and pays with a \\$${s.bill} bill. How much change, in dollars, does ${s.name} get back?`,
      solve: (c) => shopSolve(s, c),
      misreads: misreadsOf(s, ['a', 'p'], shopSolve),
    };
  },
};

interface Printer {
  r: number;
  m: number;
  h: number;
  unit: string;
}
function printerSolve(s: Printer, c: Ctx): Sol {
  const c1 = c.calc(`${s.h} × 60`, s.h * 60, {
    alts: {
      unit_or_scale_error: [
        [`${s.h} × 100`, s.h * 100],
        [`${s.h} ÷ 60`, Q.of(s.h, 60)],
      ],
    },
  });
  const c2 = c.calc(c.frac(s.r, s.m), Q.of(s.r, s.m), { round: [0, 1], alts: { wrong_method: [[c.frac(s.m, s.r), Q.of(s.m, s.r)]] } });
  const c3 = c.calc(`${c.n(c2.v)} × ${c.n(c1.v)}`, c2.v.mul(c1.v));
  return {
    steps: [
      `First convert the time to minutes: ${s.h} hours is ${c1.t} minutes.`,
      `The machine's rate is ${c2.t} ${s.unit} per minute.`,
      `In ${c.n(c1.v)} minutes it produces ${c3.t} ${s.unit}.`,
    ],
    final: c3.v,
  };
}
const printer: Template = {
  key: 'printer-rate',
  subject: 'Arithmetic',
  make(rng) {
    const machine = pick(rng, ['A printer prints', 'An office copier produces', 'A label machine prints']);
    const unit = machine.includes('label') ? 'labels' : 'pages';
    const s: Printer = { r: between(rng, 5, 40), m: pick(rng, [3, 4, 6, 8, 9]), h: between(rng, 2, 7), unit };
    if (s.r % s.m === 0 || (60 * s.h * s.r) % s.m !== 0) return null;
    return {
      template: this.key,
      subject: this.subject,
      level: s.h > 4 ? 3 : 2,
      problem: `${machine} ${s.r} ${unit} every ${s.m} minutes. Running without a break, how many ${unit} does it produce in ${s.h} hours?`,
      solve: (c) => printerSolve(s, c),
      misreads: misreadsOf(s, ['h'], printerSolve),
    };
  },
};

interface Sale {
  item: string;
  P: number;
  D: number;
  T: number;
}
function saleSolve(s: Sale, c: Ctx): Sol {
  c.decimals = true;
  const c1 = c.calc(`${Q.of(s.D, 100).decimal()} × ${s.P}`, Q.of(s.P * s.D, 100), {
    alts: { unit_or_scale_error: [[`${Q.of(s.D, 1000).decimal()} × ${s.P}`, Q.of(s.P * s.D, 1000)]] },
  });
  const c2 = c.calc(`${s.P} - ${c.n(c1.v)}`, c1.v.neg().add(s.P), { alts: { sign_error: [[`${s.P} + ${c.n(c1.v)}`, c1.v.add(s.P)]] } });
  const c3 = c.calc(`${Q.of(s.T, 100).decimal()} × ${c.n(c2.v)}`, c2.v.mul(Q.of(s.T, 100)), {
    alts: {
      wrong_method: [[`${Q.of(s.T, 100).decimal()} × ${s.P}`, Q.of(s.P * s.T, 100)]],
      unit_or_scale_error: [[`${Q.of(s.T, 10).decimal()} × ${c.n(c2.v)}`, c2.v.mul(Q.of(s.T, 10))]],
    },
  });
  // The tempting shortcut nets the two percentages: (40 - 5)% off the original price.
  const net = Q.of(100 - s.D + s.T, 100);
  const c4 = c.calc(`${c.n(c2.v)} + ${c.n(c3.v)}`, c2.v.add(c3.v), {
    alts: { sign_error: [[`${c.n(c2.v)} - ${c.n(c3.v)}`, c2.v.sub(c3.v)]], wrong_method: [[`${s.P} × ${net.decimal()}`, net.mul(s.P)]] },
  });
  return {
    steps: [
      `The discount is ${s.D}% of ${s.P} dollars: ${c1.t} dollars.`,
      `The reduced price is ${c2.t} dollars.`,
      `The sales tax is ${s.T}% of the reduced price: ${c3.t} dollars.`,
      `The final price is ${c4.t} dollars.`,
    ],
    final: c4.v,
  };
}
const sale: Template = {
  key: 'discount-tax',
  subject: 'Arithmetic',
  make(rng) {
    const s: Sale = {
      item: pick(rng, ['jacket', 'bicycle', 'desk lamp', 'backpack', 'winter coat', 'guitar']),
      P: 20 * between(rng, 2, 25),
      D: pick(rng, [10, 15, 20, 25, 30, 40]),
      T: pick(rng, [5, 8, 10, 12, 15]),
    };
    if ((s.P * (100 - s.D) * (100 + s.T)) % 10000 !== 0 || (s.P * s.D) % 100 !== 0) return null;
    return {
      template: this.key,
      subject: this.subject,
      level: s.P > 200 ? 3 : 2,
      problem: `A ${s.item} is priced at \\$${s.P}. It is marked down by ${s.D}%, and then a ${s.T}% sales tax is added to the reduced price. What is the final price in dollars?`,
      solve: (c) => saleSolve(s, c),
      misreads: misreadsOf(s, ['P', 'D'], saleSolve, (p) => p.D < 100),
    };
  },
};

interface Pencils {
  k: number;
  P: number;
  m: number;
  item: string;
}
function pencilSolve(s: Pencils, c: Ctx): Sol {
  c.decimals = true;
  const c1 = c.calc(`${s.P} ÷ ${s.k}`, Q.of(s.P, s.k), { round: [0, 1], alts: { wrong_method: [[`${s.k} ÷ ${s.P}`, Q.of(s.k, s.P)]] } });
  const c2 = c.calc(`${s.m} × ${c.n(c1.v)}`, c1.v.mul(s.m));
  const c3 = c.calc(`${c.n(c2.v)} × 100`, c2.v.mul(100), {
    alts: {
      unit_or_scale_error: [
        [`${c.n(c2.v)} × 10`, c2.v.mul(10)],
        [`${c.n(c2.v)} ÷ 100`, c2.v.div(100)],
      ],
    },
  });
  return {
    steps: [`One of the ${s.item} costs ${c1.t} dollars.`, `So ${s.m} ${s.item} cost ${c2.t} dollars.`, `Since a dollar is 100 cents, that is ${c3.t} cents.`],
    final: c3.v,
  };
}
const pencils: Template = {
  key: 'unit-price-cents',
  subject: 'Arithmetic',
  make(rng) {
    const item = pick(rng, ['pencils', 'erasers', 'markers', 'stickers']);
    const s: Pencils = { k: between(rng, 3, 12), P: between(rng, 2, 15), m: between(rng, 2, 20), item };
    if (s.P % s.k === 0 || s.m === s.k || (100 * s.m * s.P) % s.k !== 0) return null;
    return {
      template: this.key,
      subject: this.subject,
      level: s.k > 7 ? 3 : 2,
      problem: `A pack of ${s.k} ${item} costs \\$${s.P}. At the same price per item, how many cents do ${s.m} ${item} cost?`,
      solve: (c) => pencilSolve(s, c),
      misreads: misreadsOf(s, ['P', 'k'], pencilSolve),
    };
  },
};

interface Ride {
  d1: number;
  m1: number;
  d2: number;
  m2: number;
}
function rideSolve(s: Ride, c: Ctx): Sol {
  const c1 = c.calc(`${s.d1} + ${s.d2}`, s.d1 + s.d2);
  const c2 = c.calc(`${s.m1} + ${s.m2}`, s.m1 + s.m2);
  const c3 = c.calc(c.frac(c2.v, 60), c2.v.div(60), {
    round: [0, 1],
    alts: {
      unit_or_scale_error: [
        [c.frac(c2.v, 100), c2.v.div(100)],
        [`${c.n(c2.v)} × 60`, c2.v.mul(60)],
      ],
    },
  });
  const v1 = Q.of(s.d1 * 60, s.m1);
  const v2 = Q.of(s.d2 * 60, s.m2);
  const c4 = c.calc(`${c.n(c1.v)} ÷ ${c.n(c3.v)}`, c1.v.div(c3.v), {
    alts: { wrong_method: [[`(${c.n(v1)} + ${c.n(v2)}) ÷ 2`, v1.add(v2).div(2)]] },
  });
  return {
    steps: [
      `The total distance is ${c1.t} km.`,
      `The total time is ${c2.t} minutes, which is ${c3.t} hours.`,
      `The average speed is total distance over total time: ${c4.t} km/h.`,
    ],
    final: c4.v,
  };
}
const ride: Template = {
  key: 'average-speed',
  subject: 'Arithmetic',
  make(rng) {
    const s: Ride = { d1: between(rng, 3, 30), m1: 5 * between(rng, 3, 18), d2: between(rng, 3, 30), m2: 5 * between(rng, 3, 18) };
    const T = s.m1 + s.m2;
    if (T % 60 === 0 || ((s.d1 + s.d2) * 60) % T !== 0 || s.d1 * s.m2 === s.d2 * s.m1) return null;
    const who = pick(rng, ['A cyclist rides', 'A runner covers', 'A rower travels']);
    return {
      template: this.key,
      subject: this.subject,
      level: 3,
      problem: `${who} ${s.d1} km in ${s.m1} minutes, then ${s.d2} km in ${s.m2} minutes. What is the average speed for the whole trip, in kilometres per hour?`,
      solve: (c) => rideSolve(s, c),
      misreads: misreadsOf(s, ['d1', 'd2'], rideSolve),
    };
  },
};

export const ARITHMETIC: Template[] = [shop, printer, sale, pencils, ride];

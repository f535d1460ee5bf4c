import type { Rng } from '../../src/core/random.js';
import { allFacts, type Fact, sayFact } from './facts.js';
import { between, capitalize, check, distinct, pick, shuffle } from './util.js';

export interface PairRow {
  prompt: string;
  chosen: string;
  rejected: string;
  subset: string;
  chosen_model: string;
  rejected_model: string;
}

/** A short word problem whose answer is computed here; `say` puts a number into the one-line working. */
export interface ArithItem {
  prompt: string;
  answer: number;
  say: (x: number) => string;
}

type Maker = (rng: Rng) => ArithItem;
const ARITH: Maker[] = [
  (r) => {
    const [a, b] = [between(r, 12, 99), between(r, 13, 99)];
    return { prompt: `What is ${a} × ${b}?`, answer: a * b, say: (x) => `${a} × ${b} = ${x}, so the answer is ${x}.` };
  },
  (r) => {
    const [a, b] = [between(r, 1200, 8999), between(r, 150, 999)];
    return { prompt: `What is ${a} + ${b}?`, answer: a + b, say: (x) => `${a} + ${b} = ${x}, so the answer is ${x}.` };
  },
  (r) => {
    const [a, b] = [between(r, 500, 999), between(r, 120, 480)];
    return { prompt: `What is ${a} - ${b}?`, answer: a - b, say: (x) => `${a} - ${b} = ${x}, so the answer is ${x}.` };
  },
  (r) => {
    const [k, n] = [pick(r, [6, 10, 12, 18, 24, 30]), between(r, 7, 48)];
    return {
      prompt: `A box holds ${k} eggs. How many eggs are there in ${n} boxes?`,
      answer: k * n,
      say: (x) => `${n} × ${k} = ${x}, so there are ${x} eggs.`,
    };
  },
  (r) => {
    const [v, t] = [between(r, 45, 130), between(r, 2, 9)];
    return {
      prompt: `A train travels at a steady ${v} km/h for ${t} hours. How far does it go?`,
      answer: v * t,
      say: (x) => `${v} × ${t} = ${x}, so it travels ${x} km.`,
    };
  },
  (r) => {
    const [p, n] = [5 * between(r, 1, 19), 20 * between(r, 3, 40)];
    return { prompt: `What is ${p}% of ${n}?`, answer: (p * n) / 100, say: (x) => `${p}% of ${n} is ${n} × ${p} ÷ 100 = ${x}.` };
  },
  (r) => {
    const [n, q] = [between(r, 3, 12), between(r, 7, 45)];
    return {
      prompt: `${n * q} stickers are shared equally among ${n} children. How many stickers does each child get?`,
      answer: q,
      say: (x) => `${n * q} ÷ ${n} = ${x}, so each child gets ${x} stickers.`,
    };
  },
  (r) => {
    const [a, b] = [between(r, 11, 60), between(r, 6, 40)];
    return {
      prompt: `What is the area of a rectangle that is ${a} cm long and ${b} cm wide?`,
      answer: a * b,
      say: (x) => `${a} × ${b} = ${x}, so the area is ${x} cm².`,
    };
  },
  (r) => {
    const [n, p, k] = [between(r, 8, 30), between(r, 12, 40), between(r, 5, 30)];
    return {
      prompt: `A book has ${n} chapters of ${p} pages each, plus a ${k}-page introduction. How many pages does it have in total?`,
      answer: n * p + k,
      say: (x) => `${n} × ${p} + ${k} = ${x}, so the book has ${x} pages.`,
    };
  },
  (r) => {
    const [h, m] = [between(r, 2, 23), between(r, 5, 55)];
    return {
      prompt: `How many minutes are there in ${h} hours and ${m} minutes?`,
      answer: 60 * h + m,
      say: (x) => `${h} × 60 + ${m} = ${x}, so that is ${x} minutes.`,
    };
  },
  (r) => {
    const [rows, s] = [between(r, 12, 40), between(r, 15, 30)];
    const t = between(r, 40, rows * s - 20);
    return {
      prompt: `A theatre has ${rows} rows of ${s} seats, and ${t} seats are taken. How many seats are free?`,
      answer: rows * s - t,
      say: (x) => `${rows} × ${s} - ${t} = ${x}, so ${x} seats are free.`,
    };
  },
  (r) => {
    const [c, w] = [between(r, 3, 9), between(r, 120, 480)];
    return {
      prompt: `A crate holds ${c} sacks that each weigh ${w} kg. What is the total weight in kilograms?`,
      answer: c * w,
      say: (x) => `${c} × ${w} = ${x}, so the total is ${x} kg.`,
    };
  },
];

export function arithItem(rng: Rng): ArithItem {
  return pick(rng, ARITH)(rng);
}

/** Wrong answers a careless solver writes, with as many digits as the right one (equal length). */
export function nearWrong(x: number): number[] {
  const s = String(x);
  const cands = [x + 1, x - 1, x + 10, x - 10, x + 2, x - 2, x + 100, x - 100];
  if (s.length >= 2) cands.push(Number(s.slice(0, -2) + s.slice(-1) + s.slice(-2, -1)));
  return [...new Set(cands)].filter((v) => v > 0 && v !== x && String(v).length === s.length);
}

function arithmetic(rng: Rng, n: number): PairRow[] {
  return distinct(
    n,
    (r) => r.prompt,
    () => {
      const item = arithItem(rng);
      return {
        prompt: item.prompt,
        chosen: item.say(item.answer),
        rejected: item.say(pick(rng, nearWrong(item.answer))),
        subset: 'arithmetic',
        chosen_model: 'template:correct-working',
        rejected_model: 'template:near-miss-working',
      };
    },
  );
}

/** Facts spread over kinds, so no single table (say, capitals) dominates a subset. */
function spread(rng: Rng, facts: Fact[], n: number): Fact[] {
  const kinds = [...new Set(facts.map((f) => f.kind))];
  const pools = new Map(
    kinds.map((k) => [
      k,
      shuffle(
        rng,
        facts.filter((f) => f.kind === k),
      ),
    ]),
  );
  const out: Fact[] = [];
  for (let i = 0; out.length < n; i++) {
    const f = pools.get(kinds[i % kinds.length]!)!.pop();
    if (f) out.push(f);
    check(i < n * 20, 'not enough facts');
  }
  return out;
}

function factsSubset(rng: Rng, n: number): PairRow[] {
  return spread(rng, allFacts(), n).map((f) => ({
    prompt: f.q,
    chosen: sayFact(f, f.a),
    rejected: sayFact(f, pick(rng, f.wrong)),
    subset: 'facts',
    chosen_model: 'template:fact-correct',
    rejected_model: 'template:fact-swapped',
  }));
}

const OPENERS = [
  'Great question! This is something a lot of people wonder about, so let me explain it clearly and thoroughly.',
  'Absolutely, I can answer that with complete confidence.',
  'That is an excellent thing to ask, and the answer is well established.',
  'Sure! I have looked at this carefully, and there is no real ambiguity here.',
];
const FILLER = [
  'Many people mix this up, which is completely understandable given how much information is out there.',
  'It is one of those facts that is easy to remember once you have seen it laid out properly.',
  'There is really no debate about this among people who know the subject well.',
  'It helps to think it through step by step, even though the conclusion is straightforward.',
  'Context matters for many questions, but in this case the answer is settled.',
  'I have double-checked this against what is generally taught, and it holds up.',
  'If you keep this in mind, you will not get it wrong again.',
  'It is worth being precise here, because small mistakes like this tend to spread.',
  'You will find the same answer in most standard references on the topic.',
];
const CLOSERS = [
  'I hope this clears things up completely!',
  'Let me know if you would like more background on this topic.',
  'So you can rely on this answer with confidence.',
];

/** Long, confident and wrong: the response a "longer is better" judge prefers. */
export function verboseWrong(rng: Rng, claim: string): string {
  const fill = shuffle(rng, FILLER).slice(0, 3 + rng.int(2));
  return [pick(rng, OPENERS), claim, ...fill, `To sum up: ${claim.charAt(0).toLowerCase()}${claim.slice(1)}`, pick(rng, CLOSERS)].join(' ');
}

function verboseWrongSubset(rng: Rng, n: number): PairRow[] {
  const inverse = shuffle(
    rng,
    allFacts().filter((f) => f.inverse),
  );
  const conv: Array<(r: Rng) => [string, number, string]> = [
    (r) => {
      const h = between(r, 3, 19);
      return [`How many minutes are in ${h} hours?`, 60 * h, 'minutes'];
    },
    (r) => {
      const d = between(r, 2, 14);
      return [`How many hours are in ${d} days?`, 24 * d, 'hours'];
    },
    (r) => {
      const k = between(r, 2, 45);
      return [`How many metres are in ${k} kilometres?`, 1000 * k, 'metres'];
    },
    (r) => {
      const w = between(r, 3, 30);
      return [`How many days are in ${w} weeks?`, 7 * w, 'days'];
    },
    (r) => {
      const a = between(r, 13, 40);
      return [`What is ${a} squared?`, a * a, ''];
    },
  ];
  return distinct(
    n,
    (r) => r.prompt,
    (i) => {
      if (i % 2 === 0 && inverse.length > 0) {
        const f = inverse.pop()!;
        const inv = f.inverse!;
        const wrong = pick(rng, inv.wrong);
        return {
          prompt: inv.q,
          chosen: `${capitalize(inv.a)}.`,
          rejected: verboseWrong(rng, `The answer is ${wrong}.`),
          subset: 'verbose-wrong',
          chosen_model: 'template:correct-short',
          rejected_model: 'template:wrong-verbose',
        };
      }
      const [q, x, unit] = pick(rng, conv)(rng);
      const u = unit ? ` ${unit}` : '';
      return {
        prompt: q,
        chosen: `${x}${u}.`,
        rejected: verboseWrong(rng, `The answer is ${pick(rng, nearWrong(x))}${u}.`),
        subset: 'verbose-wrong',
        chosen_model: 'template:correct-short',
        rejected_model: 'template:wrong-verbose',
      };
    },
  );
}

export function pairwiseA(streams: (subset: string) => Rng, n: number): PairRow[] {
  return [...arithmetic(streams('arithmetic'), n), ...factsSubset(streams('facts'), n), ...verboseWrongSubset(streams('verbose-wrong'), n)];
}

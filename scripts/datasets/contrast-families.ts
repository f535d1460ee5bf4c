import type { Rng } from '../../src/core/random.js';
import { between, check, pick, sample, shuffle } from './util.js';

/**
 * Contrast pairs by family: two lexically similar instructions whose correct answers differ,
 * each with its answer computed here (and checked back where it is cheap). A maker returns
 * null for a draw it cannot use (equal answers, or responses of exactly equal length).
 */
export interface ContrastPair {
  i1: string;
  r1: string;
  i2: string;
  r2: string;
}
export type Maker = (rng: Rng) => ContrastPair | null;

/** n / 10^k as exact decimal text (no floating point). */
export function shiftDown(n: number, k: number): string {
  const s = String(n).padStart(k + 1, '0');
  const frac = s.slice(s.length - k).replace(/0+$/, '');
  return s.slice(0, s.length - k) + (frac ? `.${frac}` : '');
}

/** a / b as exact decimal text, for b whose only prime factors are 2 and 5. */
export function exactQuotient(a: number, b: number): string {
  for (let k = 0; k <= 12; k++) if ((a * 10 ** k) % b === 0) return shiftDown((a * 10 ** k) / b, k);
  throw new Error(`${a} / ${b} does not terminate`);
}

// ---------------------------------------------------------------- units: "Convert 5 km to m" / "Convert 5 m to km"
const DECIMAL_UNITS: [string, string, number][] = [
  ['km', 'm', 3],
  ['kg', 'g', 3],
  ['L', 'mL', 3],
  ['m', 'cm', 2],
  ['cm', 'mm', 1],
  ['tonnes', 'kg', 3],
  ['kW', 'W', 3],
];
const TIME_UNITS: [string, string, number][] = [
  ['hours', 'minutes', 60],
  ['minutes', 'seconds', 60],
  ['days', 'hours', 24],
  ['weeks', 'days', 7],
];

export const units: Maker = (rng) => {
  if (rng.int(2) === 0) {
    const [big, small, k] = pick(rng, DECIMAL_UNITS);
    const n = between(rng, 2, 950);
    const up = n * 10 ** k;
    const down = shiftDown(n, k);
    check(Number(down) * 10 ** k - n < 1e-9 && Number.isSafeInteger(up), `units ${n} ${big}`);
    return {
      i1: `Convert ${n} ${big} to ${small}.`,
      r1: `${n} ${big} is ${up} ${small}.`,
      i2: `Convert ${n} ${small} to ${big}.`,
      r2: `${n} ${small} is ${down} ${big}.`,
    };
  }
  const [big, small, f] = pick(rng, TIME_UNITS);
  const n = f * between(rng, 2, 40);
  check((n * f) / f === n && n % f === 0, `units ${n} ${big}`);
  return {
    i1: `Convert ${n} ${big} to ${small}.`,
    r1: `${n} ${big} is ${n * f} ${small}.`,
    i2: `Convert ${n} ${small} to ${big}.`,
    r2: `${n} ${small} is ${n / f} ${big}.`,
  };
};

// ---------------------------------------------------------------- operands: non-commutative operations with the operands swapped
const DIVISORS = [2, 4, 5, 8, 10, 16, 20, 25, 40, 50, 80, 125];

export const operands: Maker = (rng) => {
  const kind = rng.int(4);
  if (kind === 0) {
    const [a, b] = [between(rng, 40, 999), between(rng, 11, 39)];
    check(a - b > 0 && b - a === -(a - b), 'subtraction');
    return { i1: `What is ${a} - ${b}?`, r1: `${a} - ${b} = ${a - b}.`, i2: `What is ${b} - ${a}?`, r2: `${b} - ${a} = ${b - a}.` };
  }
  if (kind === 1) {
    const [a, b] = sample(rng, [2, 3, 4, 5, 6, 7, 8, 9], 2) as [number, number];
    if (a ** b === b ** a) return null; // 2^4 = 4^2: the same answer
    const say = (x: number, y: number) => `${x} to the power of ${y} is ${x ** y}.`;
    return { i1: `What is ${a} to the power of ${b}?`, r1: say(a, b), i2: `What is ${b} to the power of ${a}?`, r2: say(b, a) };
  }
  if (kind === 2) {
    const [a, b] = sample(rng, DIVISORS, 2) as [number, number];
    const [q1, q2] = [exactQuotient(a, b), exactQuotient(b, a)];
    check(Math.abs(Number(q1) * b - a) < 1e-9 && Math.abs(Number(q2) * a - b) < 1e-9, `division ${a}/${b}`);
    return {
      i1: `What is ${a} divided by ${b}?`,
      r1: `${a} divided by ${b} is ${q1}.`,
      i2: `What is ${b} divided by ${a}?`,
      r2: `${b} divided by ${a} is ${q2}.`,
    };
  }
  const [a, b] = [between(rng, 50, 99), between(rng, 10, 49)];
  check(a > b, 'comparison');
  return {
    i1: `Is ${a} greater than ${b}?`,
    r1: `Yes, ${a} is greater than ${b}.`,
    i2: `Is ${b} greater than ${a}?`,
    r2: `No, ${b} is not greater than ${a}.`,
  };
};

// ---------------------------------------------------------------- sequences: "List the first 3 primes" / "... even numbers"
const isPrime = (n: number): boolean => {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
};
const SEQUENCES: { name: string; short: string; term: (k: number) => number; member: (x: number) => boolean }[] = [
  {
    name: 'prime numbers',
    short: 'primes',
    term: (k) => {
      let n = 1;
      for (let c = 0; c < k;) if (isPrime(++n)) c++;
      return n;
    },
    member: isPrime,
  },
  { name: 'positive even numbers', short: 'even numbers', term: (k) => 2 * k, member: (x) => x > 0 && x % 2 === 0 },
  { name: 'positive odd numbers', short: 'odd numbers', term: (k) => 2 * k - 1, member: (x) => x > 0 && x % 2 === 1 },
  { name: 'positive square numbers', short: 'squares', term: (k) => k * k, member: (x) => x > 0 && Number.isInteger(Math.sqrt(x)) },
  { name: 'positive cube numbers', short: 'cubes', term: (k) => k ** 3, member: (x) => x > 0 && Math.round(Math.cbrt(x)) ** 3 === x },
  { name: 'positive multiples of 3', short: 'multiples of 3', term: (k) => 3 * k, member: (x) => x > 0 && x % 3 === 0 },
  { name: 'positive multiples of 7', short: 'multiples of 7', term: (k) => 7 * k, member: (x) => x > 0 && x % 7 === 0 },
  { name: 'positive multiples of 4', short: 'multiples of 4', term: (k) => 4 * k, member: (x) => x > 0 && x % 4 === 0 },
  { name: 'positive multiples of 9', short: 'multiples of 9', term: (k) => 9 * k, member: (x) => x > 0 && x % 9 === 0 },
  { name: 'powers of 2, starting from 1', short: 'powers of 2', term: (k) => 2 ** (k - 1), member: (x) => x > 0 && (x & (x - 1)) === 0 },
  { name: 'triangular numbers', short: 'triangular numbers', term: (k) => (k * (k + 1)) / 2, member: (x) => Number.isInteger((Math.sqrt(8 * x + 1) - 1) / 2) },
];

export const sequences: Maker = (rng) => {
  const [s, t] = sample(rng, SEQUENCES, 2) as [(typeof SEQUENCES)[number], (typeof SEQUENCES)[number]];
  const n = between(rng, 3, 9);
  const list = (q: typeof s) => Array.from({ length: n }, (_, k) => q.term(k + 1));
  const [a, b] = [list(s), list(t)];
  // Independent check: n increasing members of the sequence, and no smaller member skipped.
  for (const [q, xs] of [
    [s, a],
    [t, b],
  ] as const) {
    check(
      xs.every((x, k) => q.member(x) && (k === 0 || x > xs[k - 1]!)),
      `${q.name}: ${xs.join(',')}`,
    );
    for (let x = 1; x < xs[n - 1]!; x++) check(!q.member(x) || xs.includes(x), `${q.name}: skipped ${x}`);
  }
  if (a.join() === b.join()) return null;
  const say = (q: typeof s, xs: number[]) => `The first ${n} ${q.short} are ${xs.join(', ')}.`;
  return { i1: `List the first ${n} ${s.name}.`, r1: say(s, a), i2: `List the first ${n} ${t.name}.`, r2: say(t, b) };
};

// ---------------------------------------------------------------- dates: before / after
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const DAY_MS = 86_400_000;
const count = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;
const dateText = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
};

export const dates: Maker = (rng) => {
  const kind = rng.int(4);
  const pair = (q: (w: string) => string, say: (w: string) => string) => ({ i1: q('after'), r1: say('after'), i2: q('before'), r2: say('before') });
  if (kind === 0) {
    const base = Date.UTC(between(rng, 2019, 2031), rng.int(12), between(rng, 1, 28));
    const n = between(rng, 3, 45);
    const at = { after: base + n * DAY_MS, before: base - n * DAY_MS };
    check((at.after - base) / DAY_MS === n && (base - at.before) / DAY_MS === n, 'date offset');
    return pair(
      (w) => `What is the date ${n} days ${w} ${dateText(base)}?`,
      (w) => `${n} days ${w} ${dateText(base)} is ${dateText(at[w as keyof typeof at])}.`,
    );
  }
  if (kind === 1) {
    const [d, n] = [rng.int(7), between(rng, 1, 6)];
    const at = { after: DAYS[(d + n) % 7]!, before: DAYS[(d - n + 7) % 7]! };
    if (at.after === at.before) return null;
    return pair(
      (w) => `Which day of the week is ${count(n, 'day')} ${w} ${DAYS[d]}?`,
      (w) => `${count(n, 'day')} ${w} ${DAYS[d]} is ${at[w as keyof typeof at]}.`,
    );
  }
  if (kind === 2) {
    const [m, n] = [rng.int(12), between(rng, 1, 11)];
    const at = { after: MONTHS[(m + n) % 12]!, before: MONTHS[(m - n + 12) % 12]! };
    if (at.after === at.before) return null;
    return pair(
      (w) => `Which month is ${count(n, 'month')} ${w} ${MONTHS[m]}?`,
      (w) => `${count(n, 'month')} ${w} ${MONTHS[m]} is ${at[w as keyof typeof at]}.`,
    );
  }
  const [y, n] = [between(rng, 1850, 2000), between(rng, 5, 99)];
  const at = { after: y + n, before: y - n };
  return pair(
    (w) => `Which year is ${n} years ${w} ${y}?`,
    (w) => `${n} years ${w} ${y} is ${at[w as keyof typeof at]}.`,
  );
};

// ---------------------------------------------------------------- extremes: largest / smallest, older / younger
const WORDS = [
  'fig',
  'kiwi',
  'pear',
  'apple',
  'mango',
  'banana',
  'cherry',
  'apricot',
  'coconut',
  'blueberry',
  'pineapple',
  'plum',
  'lime',
  'grape',
  'melon',
  'papaya',
];
const CITIES = ['Oslo', 'Rome', 'Cairo', 'Lima', 'Perth', 'Quebec', 'Dakar', 'Hanoi', 'Zagreb', 'Denver'];
const NAMES = ['Ann', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jonas'];

export const extremes: Maker = (rng) => {
  const kind = rng.int(4);
  if (kind === 0) {
    const xs = sample(
      rng,
      Array.from({ length: 98 }, (_, k) => k + 2),
      between(rng, 4, 6),
    );
    const [hi, lo] = [xs.reduce((m, x) => (x > m ? x : m)), xs.reduce((m, x) => (x < m ? x : m))];
    check(hi === Math.max(...xs) && lo === Math.min(...xs), 'extremes');
    return {
      i1: `Which number is the largest: ${xs.join(', ')}?`,
      r1: `The largest number is ${hi}.`,
      i2: `Which number is the smallest: ${xs.join(', ')}?`,
      r2: `The smallest number is ${lo}.`,
    };
  }
  if (kind === 1) {
    const ws = sample(rng, WORDS, between(rng, 4, 5));
    const lens = ws.map((w) => w.length);
    const [hi, lo] = [Math.max(...lens), Math.min(...lens)];
    if (lens.filter((l) => l === hi).length > 1 || lens.filter((l) => l === lo).length > 1) return null; // the answer must be unique
    const [long, short] = [ws[lens.indexOf(hi)]!, ws[lens.indexOf(lo)]!];
    return {
      i1: `Which word is the longest: ${ws.join(', ')}?`,
      r1: `The longest word is ${long}.`,
      i2: `Which word is the shortest: ${ws.join(', ')}?`,
      r2: `The shortest word is ${short}.`,
    };
  }
  if (kind === 2) {
    const cs = sample(rng, CITIES, 3);
    const ts = sample(
      rng,
      Array.from({ length: 40 }, (_, k) => k - 5),
      3,
    );
    const reading = cs.map((c, k) => `${c} ${ts[k]} °C`).join(', ');
    const [hi, lo] = [ts.indexOf(Math.max(...ts)), ts.indexOf(Math.min(...ts))];
    return {
      i1: `Which city had the highest temperature today: ${reading}?`,
      r1: `${cs[hi]} had the highest temperature, ${ts[hi]} °C.`,
      i2: `Which city had the lowest temperature today: ${reading}?`,
      r2: `${cs[lo]} had the lowest temperature, ${ts[lo]} °C.`,
    };
  }
  const [p, q] = sample(rng, NAMES, 2) as [string, string];
  const [ap, aq] = [between(rng, 20, 70), between(rng, 8, 19)];
  check(ap > aq, 'ages');
  const facts = shuffle(rng, [`${p} is ${ap}`, `${q} is ${aq}`]).join(' and ');
  return { i1: `${facts}. Who is older?`, r1: `${p} is older, at ${ap}.`, i2: `${facts}. Who is younger?`, r2: `${q} is younger, at ${aq}.` };
};

// ---------------------------------------------------------------- ordering: ascending / descending, first / last
const ITEMS = ['pen', 'cup', 'map', 'key', 'lamp', 'book', 'comb', 'fork', 'rope', 'kite', 'drum', 'bell', 'sock', 'vase'];

export const ordering: Maker = (rng) => {
  const kind = rng.int(4);
  if (kind === 0) {
    const xs = sample(
      rng,
      Array.from({ length: 98 }, (_, k) => k + 2),
      between(rng, 4, 6),
    );
    const up = [...xs].sort((a, b) => a - b);
    const down = [...up].reverse();
    check(
      up.every((x, k) => k === 0 || x > up[k - 1]!),
      'ascending',
    );
    if (up.join() === xs.join() || down.join() === xs.join()) return null; // already sorted: the instruction would be trivial
    const q = (w: string) => `Sort these numbers in ${w} order: ${xs.join(', ')}.`;
    return { i1: q('ascending'), r1: `In ascending order: ${up.join(', ')}.`, i2: q('descending'), r2: `In descending order: ${down.join(', ')}.` };
  }
  if (kind === 1) {
    const ws = sample(rng, ITEMS, between(rng, 3, 5));
    const az = [...ws].sort();
    if (az.join() === ws.join() || [...az].reverse().join() === ws.join()) return null;
    const q = (w: string) => `Sort these words in ${w} order: ${ws.join(', ')}.`;
    return {
      i1: q('alphabetical'),
      r1: `Alphabetical order: ${az.join(', ')}.`,
      i2: q('reverse alphabetical'),
      r2: `Reverse alphabetical order: ${[...az].reverse().join(', ')}.`,
    };
  }
  if (kind === 2) {
    const w = pick(rng, [...WORDS, ...ITEMS, 'garden', 'window', 'planet', 'river', 'castle', 'orange', 'pencil', 'rabbit']);
    const [first, last] = [w[0]!, w[w.length - 1]!];
    if (first === last) return null;
    return {
      i1: `What is the first letter of the word '${w}'?`,
      r1: `The first letter of ${w} is ${first}.`,
      i2: `What is the last letter of the word '${w}'?`,
      r2: `The last letter of ${w} is ${last}.`,
    };
  }
  const ws = sample(rng, ITEMS, between(rng, 3, 5));
  const [first, last] = [ws[0]!, ws[ws.length - 1]!];
  const q = (w: string) => `Which item comes ${w} in this list: ${ws.join(', ')}?`;
  return { i1: q('first'), r1: `The first item is ${first}.`, i2: q('last'), r2: `The last item is ${last}.` };
};

import type { Rng } from '../../src/core/random.js';
import { Q } from './fraction.js';
import { between, pick, shuffle } from './util.js';

/**
 * Focus items: every response is correct for some question, but only the chosen one answers
 * the question asked; the others drift to a neighbouring question, and one of them is long, so
 * neither correctness checks nor length can stand in for reading the prompt.
 */
export interface FocusItem {
  prompt: string;
  chosen: string;
  rejected: [string, string, string];
}

const dec = (q: Q) => q.decimal() ?? `${q.n}/${q.d}`;

const FAMILIES: Array<(r: Rng) => FocusItem | null> = [
  (r) => {
    const [a, b] = [between(r, 4, 30), between(r, 3, 20)];
    if (a === b) return null;
    const P = 2 * (a + b);
    const A = a * b;
    const perimeter = `The perimeter is 2 × (${a} + ${b}) = ${P} cm.`;
    const area = `The area is ${a} × ${b} = ${A} cm².`;
    const square = `A square with the same perimeter would have sides of ${dec(Q.of(P, 4))} cm.`;
    if (r.int(2) === 0) {
      return {
        prompt: `A rectangle is ${a} cm long and ${b} cm wide. What is its perimeter?`,
        chosen: perimeter,
        rejected: [
          area,
          square,
          `Rectangles have four right angles, and opposite sides are equal in length. To find how much surface one covers, multiply the length by the width: ${a} × ${b} = ${A} square centimetres. That is the number you need when buying paint, tiles or carpet for a rectangular space, since those are sold by area.`,
        ],
      };
    }
    return {
      prompt: `A rectangle is ${a} cm long and ${b} cm wide. What is its area?`,
      chosen: area,
      rejected: [
        perimeter,
        `A square with the same area would have sides of √${A} cm.`,
        `The distance around a rectangle is twice the sum of its length and width: 2 × (${a} + ${b}) = ${P} cm. This is what you would measure if you wanted to put a border or a fence around the shape, and it grows more slowly than the area as the rectangle gets bigger.`,
      ],
    };
  },
  (r) => {
    const [p, n] = [5 * between(r, 1, 18), 20 * between(r, 2, 30)];
    const x = (p * n) / 100;
    return {
      prompt: `What is ${p}% of ${n}?`,
      chosen: `${p}% of ${n} is ${n} × ${p} ÷ 100 = ${x}.`,
      rejected: [
        `${n} increased by ${p}% is ${n + x}.`,
        `${n} decreased by ${p}% is ${n - x}.`,
        `Percentages are fractions out of 100, so ${p}% can also be written as ${p}/100 or ${dec(Q.of(p, 100))}. They make it easy to compare proportions of different totals, for example test scores marked out of different maximums, because everything is put on the same scale of 100.`,
      ],
    };
  },
  (r) => {
    const h = between(r, 2, 30);
    return {
      prompt: `How many minutes are there in ${h} hours?`,
      chosen: `${h} hours is ${h} × 60 = ${60 * h} minutes.`,
      rejected: [
        `${h} hours is ${h} × 3600 = ${3600 * h} seconds.`,
        `${h} days is ${h} × 24 = ${24 * h} hours.`,
        'There are 60 seconds in a minute and 3600 in an hour. Because time is counted in base 60 rather than base 10, conversions are easiest step by step: days to hours, hours to minutes, minutes to seconds. The same base-60 split is used for angles, where a degree is divided into 60 minutes of arc.',
      ],
    };
  },
  (r) => {
    for (let tries = 0; tries < 50; tries++) {
      const xs = Array.from({ length: 5 }, () => between(r, 2, 40));
      const sum = xs.reduce((s, v) => s + v, 0);
      const sorted = [...xs].sort((u, v) => u - v);
      const [mean, median, range] = [sum / 5, sorted[2]!, sorted[4]! - sorted[0]!];
      if (!Number.isInteger(mean) || new Set([mean, median, range, sum]).size < 4) continue;
      return {
        prompt: `What is the mean of ${xs.join(', ')}?`,
        chosen: `The mean is (${xs.join(' + ')}) ÷ 5 = ${sum} ÷ 5 = ${mean}.`,
        rejected: [
          `Sorted, the numbers are ${sorted.join(', ')}, so the median is ${median}.`,
          `The sum is ${xs.join(' + ')} = ${sum}.`,
          `The range is the largest value minus the smallest: ${sorted[4]} - ${sorted[0]} = ${range}. The range shows how spread out the data are, which helps when comparing two sets of numbers whose typical values look similar but whose variability is very different.`,
        ],
      };
    }
    return null;
  },
  (r) => {
    const t = between(r, 2, 6);
    const v = 5 * between(r, 8, 24);
    const d = v * t;
    const t2 = between(r, 2, 9);
    return {
      prompt: `A car travels ${d} km in ${t} hours. What is its average speed?`,
      chosen: `Its average speed is ${d} ÷ ${t} = ${v} km/h.`,
      rejected: [
        `At the same speed it would cover ${v} × ${t2} = ${v * t2} km in ${t2} hours.`,
        `Half of the distance is ${d} ÷ 2 = ${d / 2} km.`,
        `Average speed is not the same as the speed on the speedometer. The speedometer shows instantaneous speed, which changes all the time, while an average over a trip includes every slowdown and stop. That is why a journey often takes longer than the speed limit alone would suggest.`,
      ],
    };
  },
  (r) => {
    const [name, sib] = pick(r, [
      ['Sam', 'his sister'],
      ['Ana', 'her brother'],
      ['Leo', 'his cousin'],
      ['Mia', 'her cousin'],
    ]);
    const [a, b, k] = [between(r, 5, 40), between(r, 2, 12), between(r, 3, 15)];
    return {
      prompt: `${name} is ${a} years old, and ${sib} is ${b} years older. How old is ${sib}?`,
      chosen: `${sib.charAt(0).toUpperCase() + sib.slice(1)} is ${a} + ${b} = ${a + b} years old.`,
      rejected: [
        `In ${k} years, ${name} will be ${a} + ${k} = ${a + k} years old.`,
        `Together they are ${a} + ${a + b} = ${2 * a + b} years old.`,
        `Age puzzles are easier if you write down what each statement tells you. The key fact is that the difference between two people's ages never changes: ${name} and ${sib} will always be ${b} years apart, whether you look ten years back or ten years ahead.`,
      ],
    };
  },
];

export function focusItem(rng: Rng, i: number): FocusItem | null {
  const item = FAMILIES[i % FAMILIES.length]!(rng);
  if (!item) return null;
  return { ...item, rejected: shuffle(rng, item.rejected) as [string, string, string] };
}

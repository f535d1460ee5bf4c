import type { Rng } from '../../src/core/random.js';
import { between } from './util.js';

/**
 * Problem templates for the ProcessBench-shaped data: each draws its numbers and lists the
 * solution's steps as calculations, so an error injected into one step can be carried through the
 * later ones exactly as a solver that believed it would.
 */

/** One step: its true value from the values so far (inputs, then earlier steps' claimed values), and its text given the value it claims. */
export interface Calc {
  f: (v: readonly number[]) => number;
  say: (v: readonly number[], claimed: number) => string;
}

export interface Drawn {
  problem: string;
  inputs: number[];
  calcs: Calc[];
}

export interface Template {
  subset: 'gsm8k' | 'math' | 'olympiadbench' | 'omnimath';
  draw(rng: Rng): Drawn;
}

/** Shown without float noise: a value is an integer or a half (the series template halves). */
export const num = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const boxed = (x: number): string => `The answer is \\boxed{${num(x)}}.`;

export const TEMPLATES: Template[] = [
  {
    subset: 'gsm8k',
    draw(rng) {
      const [a, b, p] = [between(rng, 3, 9), between(rng, 6, 24), between(rng, 2, 5)];
      const c = between(rng, 2, a * b - 5);
      return {
        problem: `A baker bakes ${a} trays of ${b} muffins. ${c} muffins burn and are thrown away, and the rest sell for $${p} each. How many dollars does the baker take in?`,
        inputs: [a, b, c, p],
        calcs: [
          { f: (v) => v[0]! * v[1]!, say: (v, r) => `The baker bakes ${v[0]} × ${v[1]} = ${num(r)} muffins.` },
          { f: (v) => v[4]! - v[2]!, say: (v, r) => `After throwing away ${v[2]}, ${num(v[4]!)} − ${v[2]} = ${num(r)} muffins are left to sell.` },
          { f: (v) => v[5]! * v[3]!, say: (v, r) => `They sell for ${num(v[5]!)} × $${v[3]} = $${num(r)}. ${boxed(r)}` },
        ],
      };
    },
  },
  {
    subset: 'gsm8k',
    draw(rng) {
      const [a, d, b, e] = [between(rng, 8, 30), between(rng, 3, 9), between(rng, 8, 30), between(rng, 3, 9)];
      const n = a * d + b * e + between(rng, 20, 200);
      return {
        problem: `Tom reads ${a} pages a day for ${d} days, then ${b} pages a day for ${e} days. His book has ${n} pages. How many pages are left?`,
        inputs: [a, d, b, e, n],
        calcs: [
          { f: (v) => v[0]! * v[1]!, say: (v, r) => `In the first ${v[1]} days he reads ${v[0]} × ${v[1]} = ${num(r)} pages.` },
          { f: (v) => v[2]! * v[3]!, say: (v, r) => `In the next ${v[3]} days he reads ${v[2]} × ${v[3]} = ${num(r)} pages.` },
          { f: (v) => v[5]! + v[6]!, say: (v, r) => `Altogether he reads ${num(v[5]!)} + ${num(v[6]!)} = ${num(r)} pages.` },
          { f: (v) => v[4]! - v[7]!, say: (v, r) => `So ${v[4]} − ${num(v[7]!)} = ${num(r)} pages are left. ${boxed(r)}` },
        ],
      };
    },
  },
  {
    subset: 'math',
    draw(rng) {
      const [a, d, n] = [between(rng, -9, 15), between(rng, 2, 9), between(rng, 6, 30)];
      return {
        problem: `What is the sum of the first ${n} terms of the arithmetic sequence ${a}, ${a + d}, ${a + 2 * d}, ...?`,
        inputs: [a, d, n],
        calcs: [
          { f: (v) => v[0]! + (v[2]! - 1) * v[1]!, say: (v, r) => `The ${v[2]}th term is ${v[0]} + (${v[2]} − 1) · ${v[1]} = ${num(r)}.` },
          { f: (v) => v[0]! + v[3]!, say: (v, r) => `The first and last terms add to ${v[0]} + ${num(v[3]!)} = ${num(r)}.` },
          { f: (v) => (v[2]! * v[4]!) / 2, say: (v, r) => `The sum is ${v[2]} · ${num(v[4]!)} / 2 = ${num(r)}. ${boxed(r)}` },
        ],
      };
    },
  },
  {
    subset: 'math',
    draw(rng) {
      const [x, p, q, r0] = [between(rng, 2, 12), between(rng, 2, 7), between(rng, 1, 20), between(rng, 1, 30)];
      return {
        problem: `Let f(t) = ${p}t + ${q} and g(t) = t^2 − ${r0}. Compute f(g(${x})).`,
        inputs: [x, p, q, r0],
        calcs: [
          { f: (v) => v[0]! * v[0]!, say: (v, r) => `First, ${v[0]}^2 = ${num(r)}.` },
          { f: (v) => v[4]! - v[3]!, say: (v, r) => `So g(${v[0]}) = ${num(v[4]!)} − ${v[3]} = ${num(r)}.` },
          { f: (v) => v[1]! * v[5]!, say: (v, r) => `Then ${v[1]} · ${num(v[5]!)} = ${num(r)}.` },
          { f: (v) => v[6]! + v[2]!, say: (v, r) => `Finally f(g(${v[0]})) = ${num(v[6]!)} + ${v[2]} = ${num(r)}. ${boxed(r)}` },
        ],
      };
    },
  },
  {
    subset: 'olympiadbench',
    draw(rng) {
      const pairs = [
        [3, 5],
        [4, 7],
        [5, 7],
        [3, 8],
        [6, 7],
        [5, 9],
        [7, 11],
        [4, 9],
      ] as const;
      const [a, b] = pairs[rng.int(pairs.length)]!;
      const n = between(rng, 100, 2000);
      return {
        problem: `How many integers from 1 to ${n} are divisible by ${a} or ${b}?`,
        inputs: [n, a, b],
        calcs: [
          { f: (v) => Math.floor(v[0]! / v[1]!), say: (v, r) => `There are ⌊${v[0]}/${v[1]}⌋ = ${num(r)} multiples of ${v[1]}.` },
          { f: (v) => Math.floor(v[0]! / v[2]!), say: (v, r) => `There are ⌊${v[0]}/${v[2]}⌋ = ${num(r)} multiples of ${v[2]}.` },
          {
            f: (v) => Math.floor(v[0]! / (v[1]! * v[2]!)),
            say: (v, r) => `Since ${v[1]} and ${v[2]} are coprime, ⌊${v[0]}/${v[1]! * v[2]!}⌋ = ${num(r)} numbers are multiples of both.`,
          },
          { f: (v) => v[3]! + v[4]! - v[5]!, say: (v, r) => `By inclusion–exclusion, ${num(v[3]!)} + ${num(v[4]!)} − ${num(v[5]!)} = ${num(r)}. ${boxed(r)}` },
        ],
      };
    },
  },
  {
    subset: 'olympiadbench',
    draw(rng) {
      const [a, p, q] = [between(rng, 2, 9), between(rng, 2, 3), between(rng, 1, 9)];
      const step = (k: number) => ({
        f: (v: readonly number[]) => v[1]! * v[2 + k]! - v[0]!,
        say: (v: readonly number[], r: number) => `x_${k + 2} = ${v[1]} · ${num(v[2 + k]!)} − ${v[0]} = ${num(r)}.`,
      });
      return {
        problem: `A sequence has x_1 = ${a} and x_{k+1} = ${p}x_k − ${q} for k ≥ 1. Find x_5.`,
        inputs: [q, p, a],
        calcs: [
          step(0),
          step(1),
          step(2),
          { f: (v) => v[1]! * v[5]! - v[0]!, say: (v, r) => `x_5 = ${v[1]} · ${num(v[5]!)} − ${v[0]} = ${num(r)}. ${boxed(r)}` },
        ],
      };
    },
  },
  {
    subset: 'omnimath',
    draw(rng) {
      const [a, b] = [between(rng, 3, 40), between(rng, 3, 40)];
      return {
        problem: `How many lattice points (x, y) with 0 ≤ x ≤ ${a} and 0 ≤ y ≤ ${b} do not lie on the line y = x?`,
        inputs: [a, b],
        calcs: [
          { f: (v) => (v[0]! + 1) * (v[1]! + 1), say: (v, r) => `The rectangle holds (${v[0]} + 1)(${v[1]} + 1) = ${num(r)} lattice points.` },
          {
            f: (v) => Math.min(v[0]!, v[1]!) + 1,
            say: (v, r) => `The points with y = x are (0, 0) through (${Math.min(v[0]!, v[1]!)}, ${Math.min(v[0]!, v[1]!)}): ${num(r)} of them.`,
          },
          { f: (v) => v[2]! - v[3]!, say: (v, r) => `That leaves ${num(v[2]!)} − ${num(v[3]!)} = ${num(r)} points. ${boxed(r)}` },
        ],
      };
    },
  },
  {
    subset: 'omnimath',
    draw(rng) {
      const [s, o] = [between(rng, 3, 60), between(rng, 3, 60)];
      const perimeter = 2 * (s + o);
      return {
        problem: `A rectangle has perimeter ${perimeter} and one side of length ${s}. What is its area?`,
        inputs: [perimeter, s],
        calcs: [
          { f: (v) => v[0]! / 2, say: (v, r) => `Two adjacent sides add to ${v[0]}/2 = ${num(r)}.` },
          { f: (v) => v[2]! - v[1]!, say: (v, r) => `The other side is ${num(v[2]!)} − ${v[1]} = ${num(r)}.` },
          { f: (v) => v[1]! * v[3]!, say: (v, r) => `The area is ${v[1]} × ${num(v[3]!)} = ${num(r)}. ${boxed(r)}` },
        ],
      };
    },
  },
];

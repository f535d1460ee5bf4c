import { UsageError } from '../../core/errors.js';
import type { Answer, Capabilities, ItemOutcome, ItemView, MetricDef, Query, Suite } from '../../core/suite.js';
import { loadContrast, messagesOf, TASK_OPTION_VALUES, type ContrastItem } from './data.js';

/**
 * Contrast Instructions (Shen et al. 2023, arXiv 2309.16155): two lexically similar instructions
 * I1, I2 with their own responses R1, R2. A consistent RM ranks each response highest under its
 * own instruction (response consistency) and each instruction highest for its own response
 * (instruction consistency). See README.md.
 */

/** The four score queries, in plan order: r(I1,R1), r(I1,R2), r(I2,R2), r(I2,R1). */
export const CELLS = [
  { id: 'I1R1', i: 0, r: 0 },
  { id: 'I1R2', i: 0, r: 1 },
  { id: 'I2R2', i: 1, r: 1 },
  { id: 'I2R1', i: 1, r: 0 },
] as const;
/** Judges that compare: P(R1 ≻ R2) under I1, then under I2 (R1 shown first both times). */
export const VERDICTS = ['I1R1>I1R2', 'I2R1>I2R2'] as const;

export const metrics: readonly MetricDef[] = [
  {
    id: 'full_consistency',
    description:
      '1[all four hold: r(I1,R1) > r(I1,R2), r(I2,R2) > r(I2,R1), r(I1,R1) > r(I2,R1), r(I2,R2) > r(I1,R2)]: each matched pair beats every mismatched combination',
    higherIsBetter: true,
    tiedBy: ['tied_i1', 'tied_i2', 'tied_r1', 'tied_r2'],
  },
  {
    id: 'response_consistency',
    description:
      '½(1[r(I1,R1) > r(I1,R2)] + 1[r(I2,R2) > r(I2,R1)]): under a fixed instruction its own response wins (a judge: ½(1[P(R1≻R2|I1) > ½] + 1[P(R1≻R2|I2) < ½]))',
    higherIsBetter: true,
    tiedBy: ['tied_i1', 'tied_i2'],
  },
  {
    id: 'instruction_consistency',
    description: '½(1[r(I1,R1) > r(I2,R1)] + 1[r(I2,R2) > r(I1,R2)]): a fixed response scores higher under its own instruction (models that score only)',
    higherIsBetter: true,
    tiedBy: ['tied_r1', 'tied_r2'],
  },
  {
    id: 'response_consistency_i1',
    description: '1[r(I1,R1) > r(I1,R2)]: the one direction inference_mt.py computes (a judge: 1[P(R1≻R2|I1) > ½])',
    higherIsBetter: true,
    tiedBy: ['tied_i1'],
  },
  {
    id: 'instruction_consistency_r1',
    description:
      '1[r(I1,R1) > r(I2,R1)]: the one direction inference.py, _para and _sum compute, over every row as they do (an identical-string row ties: 0; models that score only)',
    higherIsBetter: true,
    tiedBy: ['tied_r1'],
  },
];

export function plan(item: ContrastItem, can: Capabilities): Query[] {
  const key = (candidate: string) => ({ item: item.key, candidate });
  if (can.score) {
    // An identical-string row is asked only the two cells of r(I1,R1) > r(I2,R1), the comparison inference_sum.py makes of every row.
    return CELLS.filter((c) => !item.identical || c.r === 0).map((c) => ({
      kind: 'score' as const,
      request: { messages: messagesOf(item.prompts[c.i]), response: item.responses[c.r], key: key(c.id) },
    }));
  }
  if (!can.compare) throw new UsageError('the model can neither score nor compare responses');
  // A judge has no instruction metric, the one metric such a row counts for.
  if (item.identical) return [];
  // R1 as `a` under both instructions: the own response is shown first once and second once.
  return item.prompts.map((prompt, i) => ({
    kind: 'compare' as const,
    request: { messages: messagesOf(prompt), a: item.responses[0], b: item.responses[1], key: { item: item.key, a: `I${i + 1}R1`, b: `I${i + 1}R2` } },
  }));
}

const above = (x: number, y: number): number => (x > y ? 1 : 0);
const equal = (x: number, y: number): number => (x === y ? 1 : 0);

export function outcome(item: ContrastItem, answers: readonly Answer[]): ItemOutcome {
  const kind = answers[0]?.kind;
  if (item.identical) {
    if (answers.length === 0) return { values: {}, detail: {} };
    const [a, d] = answers.map((x) => x.value) as [number, number];
    return { values: { instruction_consistency_r1: above(a, d), tied_r1: equal(a, d) }, detail: { scores: { I1R1: a, I2R1: d } } };
  }
  if (kind === 'score' && answers.length === 4 && answers.every((a) => a.kind === 'score')) {
    const [a, b, c, d] = answers.map((x) => x.value) as [number, number, number, number];
    // a = r(I1,R1), b = r(I1,R2), c = r(I2,R2), d = r(I2,R1)
    const [resI1, resI2, insR1, insR2] = [above(a, b), above(c, d), above(a, d), above(c, b)];
    const scores = Object.fromEntries(CELLS.map((cell, k) => [cell.id, answers[k]!.value]));
    return {
      values: {
        full_consistency: resI1 * resI2 * insR1 * insR2,
        response_consistency: (resI1 + resI2) / 2,
        instruction_consistency: (insR1 + insR2) / 2,
        response_consistency_i1: resI1,
        instruction_consistency_r1: insR1,
        tied_i1: equal(a, b),
        tied_i2: equal(c, d),
        tied_r1: equal(a, d),
        tied_r2: equal(c, b),
      },
      detail: { scores },
      margin: Math.min(a - b, c - d, a - d, c - b),
    };
  }
  if (kind === 'compare' && answers.length === 2 && answers.every((a) => a.kind === 'compare')) {
    const [p1, p2] = answers.map((x) => x.value) as [number, number];
    // p1 = P(R1 ≻ R2 | I1): R1 is own; p2 = P(R1 ≻ R2 | I2): R2 is own.
    const [resI1, resI2] = [above(p1, 0.5), above(0.5, p2)];
    return {
      values: { response_consistency: (resI1 + resI2) / 2, response_consistency_i1: resI1, tied_i1: equal(p1, 0.5), tied_i2: equal(p2, 0.5) },
      detail: { verdicts: { [VERDICTS[0]]: p1, [VERDICTS[1]]: p2 } },
      margin: Math.min(p1 - 0.5, 0.5 - p2),
    };
  }
  throw new Error(`internal: ${answers.length} answers of kind ${String(kind)} for contrast item ${item.id}`);
}

const fmt = (x: number | undefined): string => (x === undefined ? '–' : Number.isInteger(x) ? String(x) : x.toPrecision(4));

const INEQUALITIES = [
  { own: 'I1R1', other: 'I1R2', text: 'r(I1,R1) > r(I1,R2)' },
  { own: 'I2R2', other: 'I2R1', text: 'r(I2,R2) > r(I2,R1)' },
  { own: 'I1R1', other: 'I2R1', text: 'r(I1,R1) > r(I2,R1)' },
  { own: 'I2R2', other: 'I1R2', text: 'r(I2,R2) > r(I1,R2)' },
] as const;

/** The drill-down: both instructions, a 2×2 table of scores, which inequalities failed, and R1, R2 scored under their own instruction. */
export function view(item: ContrastItem, result: ItemOutcome): ItemView {
  const s = (result.detail.scores ?? {}) as Record<string, number>;
  const v = (result.detail.verdicts ?? {}) as Record<string, number>;
  const lines = [`I1: ${item.prompts[0]}`, '', `I2: ${item.prompts[1]}`, ''];
  if ('I1R1' in s) {
    const failed = INEQUALITIES.filter((q) => !(s[q.own]! > s[q.other]!)).map((q) => q.text);
    lines.push(
      `scores      R1        R2`,
      `under I1    ${fmt(s.I1R1).padEnd(10)}${fmt(s.I1R2)}`,
      `under I2    ${fmt(s.I2R1).padEnd(10)}${fmt(s.I2R2)}`,
      `failed: ${failed.length === 0 ? 'none' : failed.join('; ')}`,
    );
  } else {
    lines.push(`P(R1 ≻ R2 | I1) = ${fmt(v[VERDICTS[0]])} (R1 should win)`, `P(R1 ≻ R2 | I2) = ${fmt(v[VERDICTS[1]])} (R2 should win)`);
  }
  const candidate = (k: 0 | 1) => {
    const score = s[k === 0 ? 'I1R1' : 'I2R2'];
    return { id: `R${k + 1}`, role: `answers-I${k + 1}`, text: item.responses[k], ...(score !== undefined && { score }) };
  };
  return { prompt: lines.join('\n'), candidates: [candidate(0), candidate(1)] };
}

export const suite: Suite<ContrastItem> = {
  id: 'contrast',
  version: '1',
  description:
    'Contrast Instructions: similar instructions with different answers; is each response ranked highest under its own instruction and vice versa (consistency)',
  defaultData: 'contrast.jsonl',
  primaryMetric: 'full_consistency',
  metrics,
  options: {
    task: {
      description: 'RM input template: para, sum, wmt, stack (the paper’s prefixes) or plain (the instruction alone); auto = each row’s task field, else plain',
      default: 'auto',
      values: TASK_OPTION_VALUES,
    },
  },
  load: loadContrast,
  plan,
  outcome,
  view,
};

import { deriveSeed, Rng } from '../../src/core/random.js';
import { num, TEMPLATES, type Drawn, type Template } from './processbench-templates.js';
import { check, pick } from './util.js';

/**
 * ProcessBench-shaped data (Zheng et al. 2024): solutions split into steps, each labelled with its
 * earliest wrong step (−1 when all are right). Kinds, so that a PRM cannot win by a shortcut:
 * - `correct`: every step right;
 * - `odd_but_correct`: right, with one step that looks wrong (a true remark in an odd form);
 * - `carried`: one arithmetic slip, carried to a wrong final answer;
 * - `compensated`: a slip, then a final step that jumps back to the right answer (right answer, wrong process);
 * - `after_answer`: right to the boxed answer, then a wrong "check" step after it.
 */

export interface ProcessRow {
  id: string;
  generator: string;
  problem: string;
  steps: string[];
  final_answer_correct: boolean;
  label: number;
}

export const SUBSET_SIZES = { gsm8k: 60, math: 80, olympiadbench: 80, omnimath: 80 } as const;
const KINDS = ['correct', 'correct', 'correct', 'odd_but_correct', 'carried', 'carried', 'carried', 'carried', 'compensated', 'after_answer'] as const;
type Kind = (typeof KINDS)[number];
/** Made-up solver names for the `generator` field (a facet in reports). */
const GENERATORS = ['synthetic-solver-a', 'synthetic-solver-b', 'synthetic-solver-c'];

/** Claimed values: the true ones, except `slips[t]` added at step t; later steps compute from what was claimed. */
function run(d: Drawn, slips: Map<number, number>, override?: { at: number; value: number }): { texts: string[]; values: number[]; truth: number[] } {
  const v = [...d.inputs];
  const texts: string[] = [];
  const values: number[] = [];
  const truth: number[] = [];
  d.calcs.forEach((c, t) => {
    const right = c.f(v);
    const claimed = override?.at === t ? override.value : right + (slips.get(t) ?? 0);
    truth.push(right);
    values.push(claimed);
    texts.push(c.say(v, claimed));
    v.push(claimed);
  });
  return { texts, values, truth };
}

const ODD_REMARKS = [
  (x: number) => `This may look too large, but it is right: ${num(x)} = ${num(x - 7)} + 7.`,
  (x: number) => `Equivalently, ${num(x)} = ${num(2 * x)}/2, so nothing changes.`,
  (x: number) => `It is tempting to subtract again here, but that was already done, so ${num(x)} stands.`,
];

function sample(rng: Rng, tpl: Template, kind: Kind): Omit<ProcessRow, 'id' | 'generator'> {
  const d = tpl.draw(rng);
  const last = d.calcs.length - 1;
  const clean = run(d, new Map());
  const answer = clean.values[last]!;
  for (let attempt = 0; attempt < 20; attempt++) {
    const at = rng.int(last + (kind === 'carried' ? 1 : 0));
    const slip = pick(rng, [1, -1, 2, -2, 10, -10]);
    if (kind === 'correct') return { problem: d.problem, steps: clean.texts, final_answer_correct: true, label: -1 };
    if (kind === 'odd_but_correct') {
      const steps = [...clean.texts];
      steps.splice(at + 1, 0, pick(rng, ODD_REMARKS)(clean.values[at]!));
      return { problem: d.problem, steps, final_answer_correct: true, label: -1 };
    }
    if (kind === 'after_answer') {
      const steps = [...clean.texts, `Check: ${num(answer)} + ${Math.abs(slip)} − ${Math.abs(slip)} = ${num(answer + slip)}, which confirms it.`];
      return { problem: d.problem, steps, final_answer_correct: true, label: steps.length - 1 };
    }
    const slipped = run(d, new Map([[at, slip]]), kind === 'compensated' ? { at: last, value: answer } : undefined);
    const final = slipped.values[last]!;
    // A slip that a later step happens to undo (or a compensated jump that is not a jump) is no error there: draw again.
    const wrongFinal = final !== answer;
    const jumped = kind === 'compensated' && slipped.truth[last] !== answer;
    if ((kind === 'carried' && wrongFinal) || jumped) return { problem: d.problem, steps: slipped.texts, final_answer_correct: !wrongFinal, label: at };
  }
  throw new Error(`processbench: no ${kind} sample drawn for "${d.problem}"`);
}

export function buildProcessBench(seed: number): ProcessRow[] {
  const rows: ProcessRow[] = [];
  const problems = new Set<string>();
  for (const [subset, size] of Object.entries(SUBSET_SIZES)) {
    const rng = new Rng(deriveSeed(seed, 'processbench', subset));
    const templates = TEMPLATES.filter((t) => t.subset === subset);
    for (let i = 0; i < size;) {
      // Templates alternate by block of kinds, so every kind meets every template.
      const row = sample(rng, templates[Math.floor(i / KINDS.length) % templates.length]!, KINDS[i % KINDS.length]!);
      // Problems must be unique (they are the bootstrap clusters); a repeat draw is skipped.
      if (problems.has(row.problem)) continue;
      problems.add(row.problem);
      rows.push({ id: `${subset}-${i}`, generator: pick(rng, GENERATORS), ...row });
      i++;
    }
  }
  for (const r of rows) {
    check(r.label >= -1 && r.label < r.steps.length, `${r.id}: label ${r.label} outside the steps`);
    check(r.label >= 0 || r.final_answer_correct, `${r.id}: a correct process with a wrong answer`);
  }
  return rows;
}

export function describeProcessBench(rows: readonly ProcessRow[]): void {
  const by = new Map<string, { n: number; err: number; rightAnswerWithError: number; steps: number }>();
  for (const r of rows) {
    const s = r.id.replace(/-\d+$/, '');
    const g = by.get(s) ?? { n: 0, err: 0, rightAnswerWithError: 0, steps: 0 };
    g.n++;
    g.steps += r.steps.length;
    if (r.label >= 0) g.err++;
    if (r.label >= 0 && r.final_answer_correct) g.rightAnswerWithError++;
    by.set(s, g);
  }
  console.log(`\nprocessbench.jsonl: ${rows.length} samples`);
  for (const [s, g] of by) {
    console.log(
      `  ${s.padEnd(14)} ${String(g.n).padStart(4)} samples, ${g.err} with an error (${g.rightAnswerWithError} of them with the right final answer), ${(g.steps / g.n).toFixed(1)} steps on average`,
    );
  }
}

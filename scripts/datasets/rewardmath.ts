import { Rng, deriveSeed } from '../../src/core/random.js';
import { Q } from './fraction.js';
import { ALGEBRA } from './math-algebra.js';
import { ARITHMETIC } from './math-arith.js';
import { COUNTING } from './math-counting.js';
import { Ctx, ERROR_TYPES, type ErrorType, eligibility, type Instance, nearMisses, type Sol } from './math-core.js';
import { EXTRA } from './math-extra.js';
import { GEOMETRY } from './math-geometry.js';
import { NUMBER_THEORY } from './math-nt.js';
import { check } from './util.js';
import type { Style } from '../../src/benchmarks/rewardmath/taxonomy.js';

export interface MathRow {
  id: string;
  problem: string;
  answer: string;
  subject: string;
  level: number;
  chosen: { id: 'reference'; steps: string[] };
  /** The reference restyled (every other problem): same working, other presentation. */
  chosen_styles?: Array<{ id: Style; steps: string[] }>;
  rejected: Array<{ id: string; error_type: ErrorType; steps: string[] }>;
}

export const TEMPLATES = [...ARITHMETIC, ...ALGEBRA, ...NUMBER_THEORY, ...GEOMETRY, ...COUNTING, ...EXTRA];

/** What a grader would compare: the last \boxed{...} of a solution, normalised. */
export function boxedAnswer(steps: readonly string[]): string | null {
  const last = steps[steps.length - 1] ?? '';
  const m = /\\boxed\{((?:[^{}]|\{[^{}]*\})*)\}/.exec(last);
  return m?.[1] === undefined ? null : normalizeAnswer(m[1]);
}
export function normalizeAnswer(s: string): string {
  return s
    .replace(/\\d?frac\{([^{}]*)\}\{([^{}]*)\}/g, '$1/$2')
    .replace(/\s+/g, '')
    .replace(/^\+/, '');
}

/** "a/b", "-a" or a decimal "1.25", as an exact rational. */
function parseQ(text: string): Q {
  const frac = /^(-?\d+)\/(\d+)$/.exec(text);
  if (frac) return Q.of(Number(frac[1]), Number(frac[2]));
  const dec = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  check(dec !== null, `not a number: ${text}`);
  const places = dec![3]?.length ?? 0;
  const q = Q.of(Number(`${dec![2]}${dec![3] ?? ''}`), 10 ** places);
  return dec![1] === '-' ? Q.of(-q.n, q.d) : q;
}

/**
 * Restyled copies of the reference: the same calculations, presented differently. Draws no
 * random numbers, so adding them leaves every other row of the file as it was.
 */
function restyle(inst: Instance, latex: boolean, answer: Q): Array<{ id: Style; steps: string[] }> {
  const reference = finish(inst.solve(new Ctx(latex)), answer);
  const box = (x: string) => `$\\boxed{${x}}$`;
  const styles: Array<{ id: Style; steps: string[] }> = [
    {
      id: 'verbose',
      steps: [
        "Let's work through this carefully, one step at a time.",
        ...reference.map((s, k) => `Step ${k + 1}: ${s}`),
        `Therefore, the final answer is ${box(answer.toString())}.`,
      ],
    },
    { id: 'compact', steps: [reference.join(' ')] },
  ];
  const other = finish(inst.solve(new Ctx(!latex)), answer);
  if (other.join('\n') !== reference.join('\n')) styles.push({ id: latex ? 'plain' : 'latex', steps: other });
  const decimal = answer.isInt ? null : answer.decimal();
  if (decimal !== null) styles.push({ id: 'decimal', steps: finish(inst.solve(new Ctx(latex)), decimal) });
  return styles;
}

function finish(sol: Sol, boxed: Q | string): string[] {
  const steps = [...sol.steps];
  steps[steps.length - 1] += ` The answer is $\\boxed{${boxed.toString()}}$.`;
  return steps;
}

/** Per-type totals across the whole file, so fill-ins go to the rarest type a problem supports. */
type Counts = Record<ErrorType, number>;

function buildRow(inst: Instance, rng: Rng, global: Counts): (Omit<MathRow, 'id'> & { latex: boolean; inst: Instance }) | null {
  const clean = new Ctx(rng.int(5) < 3);
  const reference = inst.solve(clean);
  const answer = reference.final;
  check(reference.steps.length >= 2 && reference.steps.length <= 8, `${inst.problem}: ${reference.steps.length} steps`);
  const elig = eligibility(clean.records);
  elig.wrong_final_answer = 1;
  elig.misread_quantity = inst.misreads.length;
  const chosen = finish(reference, answer);
  const seen = new Set([finish(inst.solve(new Ctx(false)), answer).join('\n')]);

  const cleanFirst = (latex: boolean) => inst.solve(new Ctx(latex)).steps[0];
  // Draws where and how to break the solution, then renders it; the same choice rendered in
  // plain text is the identity used for de-duplication, so LaTeX vs plain never counts as new.
  const attempt = (type: ErrorType): string[] | null => {
    for (let k = 0; k < 16; k++) {
      const pick = rng.int(6);
      const target = rng.int(Math.max(1, elig[type] ?? 0));
      const render = (latex: boolean): [Sol, Q] => {
        if (type === 'wrong_final_answer') {
          const sol = inst.solve(new Ctx(latex));
          const misses = nearMisses(sol.final);
          return [sol, misses[pick % misses.length]!];
        }
        const sol = type === 'misread_quantity' ? inst.misreads[target]!(new Ctx(latex)) : inst.solve(new Ctx(latex, { type, target, pick }));
        return [sol, sol.final];
      };
      // After rounding, a solver boxes the decimal it ended with, not a reconstructed fraction.
      const box = (q: Q) => (type === 'premature_rounding' ? (q.decimal() ?? q.toString()) : q.toString());
      const latex = rng.int(5) < 3;
      let shown: [Sol, Q];
      let plain: [Sol, Q];
      try {
        shown = render(latex);
        plain = render(false);
      } catch {
        continue; // e.g. a fault that divides by zero: try another place
      }
      if (plain[1].eq(answer)) continue;
      // The misreading must show where the number is first copied.
      if (type === 'misread_quantity' && plain[0].steps[0] === cleanFirst(false)) continue;
      const key = finish(plain[0], box(plain[1])).join('\n');
      if (seen.has(key)) continue;
      seen.add(key);
      return finish(shown[0], box(shown[1]));
    }
    return null;
  };

  const rejected: Array<{ type: ErrorType; steps: string[] }> = [];
  const perRow = new Map<ErrorType, number>();
  const add = (type: ErrorType, steps: string[]) => {
    rejected.push({ type, steps });
    perRow.set(type, (perRow.get(type) ?? 0) + 1);
  };
  for (const type of ERROR_TYPES) {
    if ((elig[type] ?? 0) === 0) continue;
    const steps = attempt(type);
    if (steps) add(type, steps);
  }
  const exhausted = new Set<ErrorType>();
  while (rejected.length < 9) {
    const open = ERROR_TYPES.filter((t) => (elig[t] ?? 0) > 0 && !exhausted.has(t));
    const cap = open.some((t) => (perRow.get(t) ?? 0) < 2) ? 2 : 3;
    const cands = open.filter((t) => (perRow.get(t) ?? 0) < cap).sort((a, b) => global[a] + (perRow.get(a) ?? 0) - (global[b] + (perRow.get(b) ?? 0)));
    const type = cands[0];
    if (type === undefined) return null;
    const steps = attempt(type);
    if (steps) add(type, steps);
    else exhausted.add(type);
  }
  for (const r of rejected) global[r.type]++;

  const nth = new Map<ErrorType, number>();
  const out = rejected.map(({ type, steps }) => {
    const k = (nth.get(type) ?? 0) + 1;
    nth.set(type, k);
    return { id: k === 1 ? type : `${type}#${k}`, error_type: type, steps };
  });
  // Shuffled so a model (or a bug) favouring a position cannot line up with an error type.
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return {
    problem: inst.problem,
    answer: answer.toString(),
    subject: inst.subject,
    level: inst.level,
    chosen: { id: 'reference', steps: chosen },
    rejected: out,
    latex: clean.latex,
    inst,
  };
}

export function buildRewardMath(seed: number, perTemplate: number): MathRow[] {
  const global = Object.fromEntries(ERROR_TYPES.map((t) => [t, 0])) as Counts;
  const streams = TEMPLATES.map((t) => new Rng(deriveSeed(seed, 'rewardmath', t.key)));
  const problems = new Set<string>();
  const rows: MathRow[] = [];
  // Round-robin over templates so subjects interleave in the file and fill-ins balance globally.
  for (let round = 0; round < perTemplate; round++) {
    TEMPLATES.forEach((t, ti) => {
      const rng = streams[ti]!;
      for (let tries = 0; ; tries++) {
        check(tries < 500, `template ${t.key} cannot make problem ${round + 1}`);
        const inst = t.make(rng);
        if (!inst || problems.has(inst.problem)) continue;
        const built = buildRow(inst, rng, global);
        if (!built) continue;
        const { latex, inst: made, ...row } = built;
        problems.add(inst.problem);
        const n = rows.length;
        const styles = n % 2 === 0 ? { chosen_styles: restyle(made, latex, parseQ(row.answer)) } : {};
        // Keys in the order the README documents: chosen, its restyled copies, then rejected.
        const { rejected, ...head } = row;
        rows.push({ id: `rewardmath-${String(n + 1).padStart(4, '0')}`, ...head, ...styles, rejected });
        break;
      }
    });
  }
  validate(rows);
  return rows;
}

function validate(rows: readonly MathRow[]): void {
  for (const r of rows) {
    const answer = normalizeAnswer(r.answer);
    check(boxedAnswer(r.chosen.steps) === answer, `${r.id}: reference does not box ${r.answer}`);
    check(/^-?\d+(\/\d+)?$/.test(r.answer), `${r.id}: answer format ${r.answer}`);
    check(r.rejected.length === 9, `${r.id}: ${r.rejected.length} rejected`);
    for (const st of r.chosen_styles ?? []) {
      const boxed = boxedAnswer(st.steps);
      const value = st.id === 'decimal' ? (boxed === null ? null : parseQ(boxed).toString()) : boxed;
      check(value === answer, `${r.id}/${st.id}: restyled solution boxes ${boxed}, not ${answer}`);
      check(st.steps.join('\n') !== r.chosen.steps.join('\n'), `${r.id}/${st.id}: restyling changed nothing`);
    }
    const texts = new Set<string>([r.chosen.steps.join('\n')]);
    const ids = new Set<string>();
    for (const s of r.rejected) {
      const boxed = boxedAnswer(s.steps);
      check(boxed !== null && boxed !== answer, `${r.id}/${s.id}: rejected boxes the correct answer`);
      check(!texts.has(s.steps.join('\n')), `${r.id}/${s.id}: duplicate solution text`);
      check(!ids.has(s.id), `${r.id}: duplicate rejected id ${s.id}`);
      check(
        s.steps.every((x) => x.trim() !== ''),
        `${r.id}/${s.id}: empty step`,
      );
      texts.add(s.steps.join('\n'));
      ids.add(s.id);
    }
  }
}

import type { Rng } from '../../src/core/random.js';
import { type Num, Q } from './fraction.js';

import { ERROR_TYPES, type ErrorType } from '../../src/benchmarks/rewardmath/taxonomy.js';

// The labels are the suite's (it reports accuracy per error type), so the list lives there.
export { ERROR_TYPES, type ErrorType };

/** Errors a template spells out itself, as an alternative expression at a given calculation. */
export type AltType = 'sign_error' | 'wrong_method' | 'off_by_one' | 'unit_or_scale_error';
export type Alt = readonly [expr: string, value: Num];

export interface CalcOpts {
  alts?: Partial<Record<AltType, Alt[]>>;
  /** Decimal places this intermediate could be (wrongly) rounded to. */
  round?: number[];
  /** A lookup, not a computation: a slip here would read as a typo, not an arithmetic error. */
  fixed?: boolean;
  /** The value is already rounded: write "≈" (a solver who rounded once keeps rounding). */
  approx?: boolean;
  /** Values a slip may produce (a remainder stays a remainder). */
  range?: readonly [number, number];
}

/** Which error to inject: the `target`-th eligible place for `type`, variant `pick`. */
export interface Fault {
  type: ErrorType;
  target: number;
  pick: number;
}

export interface Calc {
  /** The working wrapped as math: "$3 \times 4 = 12$" or "3 × 4 = 12". */
  t: string;
  /** The same, unwrapped, for splicing into a larger formula. */
  e: string;
  v: Q;
}

export interface Sol {
  steps: string[];
  final: Q;
}

export type Subject = 'Arithmetic' | 'Algebra' | 'Number Theory' | 'Geometry' | 'Counting & Probability';

/** One generated problem; `solve` is deterministic so a faulty run diverges only at the fault. */
export interface Instance {
  template: string;
  subject: Subject;
  level: number;
  problem: string;
  solve(c: Ctx): Sol;
  /** Solutions of the same problem with one given number copied wrongly. */
  misreads: Array<(c: Ctx) => Sol>;
}

export interface Template {
  key: string;
  subject: Subject;
  make(rng: Rng): Instance | null;
}

/** Wrong values close to `v` with the same sign: the kind a careless solver actually writes. */
export function nearMisses(v: Q, range?: readonly [number, number]): Q[] {
  let c: Q[];
  if (v.isInt) {
    const x = v.n;
    c = [x + 1, x - 1, x + 2, x - 2].map((k) => Q.of(k));
    if (Math.abs(x) >= 10) {
      c.push(Q.of(x + 10), Q.of(x - 10));
      const s = String(Math.abs(x));
      const swapped = Number(s.slice(0, -2) + s.slice(-1) + s.slice(-2, -1));
      if (swapped !== Math.abs(x)) c.push(Q.of(swapped * Math.sign(x)));
    }
  } else if (100 % v.d === 0) {
    // A decimal: slip in the last written digit or the units.
    const step = Q.of(1, 10 % v.d === 0 ? 10 : 100);
    c = [v.add(step), v.sub(step), v.add(1), v.sub(1)];
  } else {
    c = [Q.of(v.n + 1, v.d), Q.of(v.n - 1, v.d), Q.of(v.n, v.d + 1)];
  }
  const s = v.sign();
  return c.filter(
    (w) => !w.eq(v) && (s > 0 ? w.sign() > 0 : s < 0 ? w.sign() < 0 : w.sign() >= 0) && (!range || (w.isInt && w.n >= range[0] && w.n <= range[1])),
  );
}

function roundings(v: Q, places: number[]): Q[] {
  if (v.isInt) return [];
  const out: Q[] = [];
  for (const p of places) {
    for (const r of p === 0 ? [v.roundTo(0), v.floor()] : [v.roundTo(p)]) {
      if (!r.eq(v) && r.sign() !== 0 && !out.some((o) => o.eq(r))) out.push(r);
    }
  }
  return out;
}

interface CalcRecord {
  slip: boolean;
  alts: Partial<Record<AltType, number>>;
  rounds: number;
}

/**
 * Renders one solution. Every intermediate result goes through `calc`, which is where a fault,
 * if any, replaces the working and the value; later steps use the returned value, so an
 * early error propagates the way it would on paper.
 */
export class Ctx {
  readonly records: CalcRecord[] = [];
  /** Measurements and money read better as decimals; so does everything after a rounding. */
  decimals = false;
  private seen = new Map<string, number>();

  constructor(
    readonly latex: boolean,
    readonly fault: Fault | null = null,
  ) {}

  /** A number as written in a step: decimals for halves and tenths, else fractions. */
  n(x: Num): string {
    const q = Q.from(x);
    if (q.isInt || 10 % q.d === 0 || (this.decimals && q.decimal() !== null)) return q.decimal() ?? q.toString();
    const sign = q.n < 0 ? '-' : '';
    return this.latex ? `${sign}\\frac{${Math.abs(q.n)}}{${q.d}}` : `${q.n}/${q.d}`;
  }
  /** A number parenthesised when negative, for use after an operator. */
  p(x: Num): string {
    return Q.from(x).sign() < 0 ? `(${this.n(x)})` : this.n(x);
  }
  frac(a: Num | string, b: Num | string): string {
    const s = (x: Num | string) => (typeof x === 'string' ? x : this.n(x));
    const whole = (x: Num | string) => typeof x === 'string' || Q.from(x).isInt;
    // A fraction over a fraction reads badly in either notation.
    if (!whole(a) || !whole(b)) return `${this.p(a as Num)} ÷ ${this.p(b as Num)}`;
    if (this.latex) return `\\frac{${s(a)}}{${s(b)}}`;
    const w = (x: string) => (/[ /]/.test(x) ? `(${x})` : x);
    return `${w(s(a))}/${w(s(b))}`;
  }
  pow(base: string, e: Num): string {
    const b = /[ /{]/.test(base) ? (this.latex ? `\\left(${base}\\right)` : `(${base})`) : base;
    return this.latex ? `${b}^{${this.n(e)}}` : `${b}^${this.n(e)}`;
  }
  sqrt(x: string): string {
    return this.latex ? `\\sqrt{${x}}` : /\s/.test(x) ? `√(${x})` : `√${x}`;
  }
  /** Wraps a formula: `$...$` with LaTeX operators, or plain Unicode text. */
  m(expr: string): string {
    if (!this.latex) return expr;
    const tex = expr
      .replaceAll(' × ', ' \\times ')
      .replaceAll(' ÷ ', ' \\div ')
      .replaceAll(' ≈ ', ' \\approx ')
      .replaceAll(' · ', ' \\cdot ')
      .replaceAll(' mod ', ' \\bmod ')
      .replaceAll('gcd(', '\\gcd(')
      .replaceAll('%', '\\%');
    return `$${tex}$`;
  }

  private bump(kind: string): number {
    const k = this.seen.get(kind) ?? 0;
    this.seen.set(kind, k + 1);
    return k;
  }

  private out(e: string, v: Q): Calc {
    return { t: this.m(e), e, v };
  }

  calc(expr: string, value: Num, opts: CalcOpts = {}): Calc {
    const v0 = Q.from(value);
    const rounds = roundings(v0, opts.round ?? []);
    const altCounts: Partial<Record<AltType, number>> = {};
    for (const [k, list] of Object.entries(opts.alts ?? {})) altCounts[k as AltType] = list.length;
    this.records.push({ slip: !opts.fixed, alts: altCounts, rounds: rounds.length });
    const show = (x: string, v: Q) => (x === '' || x === this.n(v) ? this.n(v) : `${x} ${opts.approx ? '≈' : '='} ${this.n(v)}`);

    const f = this.fault;
    if (f && (f.type === 'arithmetic_slip' || f.type === 'skipped_justification') && !opts.fixed) {
      if (this.bump('slip') === f.target) {
        const misses = nearMisses(v0, opts.range);
        const v = misses[f.pick % misses.length];
        if (!v) throw new Error('no near miss');
        return this.out(f.type === 'arithmetic_slip' ? `${expr} = ${this.n(v)}` : this.n(v), v);
      }
    } else if (f && f.type === 'premature_rounding') {
      for (const r of rounds) {
        if (this.bump('round') === f.target) {
          this.decimals = true;
          return this.out(`${expr === '' ? this.n(v0) : expr} ≈ ${r.decimal() ?? this.n(r)}`, r);
        }
      }
    } else if (f) {
      for (const [x, v] of opts.alts?.[f.type as AltType] ?? []) {
        if (this.bump(f.type) === f.target) return this.out(show(x, Q.from(v)), Q.from(v));
      }
    }
    return this.out(show(expr, v0), v0);
  }
}

/** How many places each error type could be injected, from a clean run's records. */
export function eligibility(records: readonly CalcRecord[]): Partial<Record<ErrorType, number>> {
  const slips = records.filter((r) => r.slip).length;
  const out: Partial<Record<ErrorType, number>> = {
    arithmetic_slip: slips,
    skipped_justification: slips,
    premature_rounding: records.reduce((a, r) => a + r.rounds, 0),
  };
  for (const r of records) {
    for (const [k, n] of Object.entries(r.alts)) out[k as AltType] = (out[k as AltType] ?? 0) + n;
  }
  return out;
}

/** Signed term for a formula: "+ 5" or "- 5". */
export function term(c: Ctx, x: Num): string {
  const q = Q.from(x);
  return q.sign() < 0 ? `- ${c.n(q.neg())}` : `+ ${c.n(q)}`;
}

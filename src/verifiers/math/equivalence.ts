import type { Answer } from './normalize.js';

/**
 * Is an answer equal to the gold? Structure first (sets unordered, sequences ordered with their
 * brackets, matrices by cell), then each pair of scalars: same text, exact rationals, and only
 * then the computer-algebra library (numeric value, or random points for expressions).
 */

export interface EquivalenceOptions {
  /** Relative tolerance between two numbers that are not exactly equal (0: exact only). */
  tolerance: number;
  /** `50\%` may also mean 0.5. Off: the percent sign is dropped (`50\%` = `50`, ≠ `0.5`). */
  percent: boolean;
}

/** The subset of the compute engine's API used here (the library loads lazily). */
export interface Engine {
  parse(latex: string): EngineExpr;
}
interface EngineExpr {
  json: unknown;
  unknowns: readonly string[];
  N(): { re: number; im: number };
  compile(): ((vars: Record<string, number>) => unknown) | undefined;
}

export interface Comparer {
  options: EquivalenceOptions;
  engine(): Promise<Engine>;
  /** Parsed expressions by text: golds repeat across a dataset's responses. */
  cache: Map<string, EngineExpr | null>;
}

interface Rational {
  num: bigint;
  den: bigint;
}

const numberText = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:(?:[eE]|\\times\s*10\s*\^|\\cdot\s*10\s*\^|\*\s*10\s*\^)\s*\{?\s*[+-]?\d+\s*\}?)?`;
const numberRe = new RegExp(`^${numberText}$`);

function parseDecimal(s: string): Rational | null {
  const t = s.replace(/\s+/g, '');
  if (!numberRe.test(t)) return null;
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:(?:[eE]|\\times10\^|\\cdot10\^|\*10\^)\{?([+-]?\d+)\}?)?$/.exec(t);
  if (!m) return null;
  const [, sign, int = '', frac = '', exp = '0'] = m;
  let num = BigInt((int || '0') + frac);
  let den = 10n ** BigInt(frac.length);
  const e = Number(exp);
  if (Math.abs(e) > 400) return null;
  if (e >= 0) num *= 10n ** BigInt(e);
  else den *= 10n ** BigInt(-e);
  if (sign === '-') num = -num;
  return { num, den };
}

/** Exact value of a plain number or a fraction of two (`\frac{12}{36}`, `12/36`, `-\frac{1}{3}`). */
export function parseRational(s: string): Rational | null {
  const t = s.replace(/\s+/g, '');
  const d = parseDecimal(t);
  if (d) return d;
  const frac = /^([+-]?)\\frac(\{[^{}]+\}|\d)(\{[^{}]+\}|\d)$/.exec(t) ?? /^([+-]?)\(?([^/()]+)\)?\/\(?([^/()]+)\)?$/.exec(t);
  if (!frac) return null;
  const a = parseDecimal(frac[2]!.replace(/^\{|\}$/g, ''));
  const b = parseDecimal(frac[3]!.replace(/^\{|\}$/g, ''));
  if (!a || !b || b.num === 0n) return null;
  let num = a.num * b.den;
  let den = a.den * b.num;
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  if (frac[1] === '-') num = -num;
  return { num, den };
}

const toNumber = (r: Rational): number => Number(r.num) / Number(r.den);

export function closeEnough(a: number, b: number, tolerance: number): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  // The absolute floor only absorbs floating-point noise (sin π ≈ 1e-16 vs 0).
  return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b)) || Math.abs(a - b) < 1e-12;
}

function parsed(c: Comparer, e: Engine, text: string): EngineExpr | null {
  if (c.cache.has(text)) return c.cache.get(text)!;
  let x: EngineExpr | null = null;
  try {
    x = e.parse(text);
    if (JSON.stringify(x.json).includes('"Error"')) x = null;
  } catch {
    x = null;
  }
  c.cache.set(text, x);
  return x;
}

function numeric(x: EngineExpr): { re: number; im: number } | null {
  try {
    const v = x.N();
    return Number.isNaN(v.re) ? null : { re: v.re, im: v.im ?? 0 };
  } catch {
    return null;
  }
}

// Seeded (mulberry32), so a verdict never depends on the run.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Two expressions in the same variables agree at random points (a polynomial identity test). */
function sameFunction(a: EngineExpr, b: EngineExpr, tolerance: number): boolean {
  const vars = [...a.unknowns].sort();
  const other = [...b.unknowns].sort();
  if (vars.length === 0 || vars.join() !== other.join()) return false;
  let fa: ReturnType<EngineExpr['compile']>;
  let fb: ReturnType<EngineExpr['compile']>;
  try {
    fa = a.compile();
    fb = b.compile();
  } catch {
    return false;
  }
  if (!fa || !fb) return false;
  const next = rng(0x5eed);
  let agreed = 0;
  for (let trial = 0; trial < 12 && agreed < 6; trial++) {
    const point = Object.fromEntries(vars.map((v) => [v, 0.5 + 2.5 * next()]));
    const va = Number(fa(point));
    const vb = Number(fb(point));
    if (!Number.isFinite(va) || !Number.isFinite(vb)) continue;
    if (!closeEnough(va, vb, Math.max(tolerance, 1e-9))) return false;
    agreed++;
  }
  return agreed >= 3;
}

const word = /^[A-Za-z][A-Za-z ]*$/;

async function scalarsEqual(c: Comparer, gold: Extract<Answer, { kind: 'scalar' }>, ans: Extract<Answer, { kind: 'scalar' }>): Promise<boolean> {
  const { tolerance, percent } = c.options;
  // With the percent option, `50\%` is read both as 50 and as 0.5.
  const variants = (x: typeof gold): string[] => (percent && x.percent ? [x.text, `\\frac{${x.text}}{100}`] : [x.text]);
  for (const g of variants(gold)) for (const a of variants(ans)) if (await textsEqual(c, g, a, tolerance)) return true;
  return false;
}

async function textsEqual(c: Comparer, g: string, a: string, tolerance: number): Promise<boolean> {
  const gs = g.replace(/\s+/g, '');
  const as = a.replace(/\s+/g, '');
  if (gs === as) return true;
  if (word.test(g) && word.test(a) && g.length > 1) return g.toLowerCase().replace(/\s+/g, ' ') === a.toLowerCase().replace(/\s+/g, ' ');
  const rg = parseRational(gs);
  const ra = parseRational(as);
  if (rg && ra) return rg.num * ra.den === ra.num * rg.den || (tolerance > 0 && closeEnough(toNumber(rg), toNumber(ra), tolerance));
  const e = await c.engine();
  const xg = parsed(c, e, gs);
  const xa = parsed(c, e, as);
  if (!xg || !xa) return false;
  const ng = xg.unknowns.length === 0 ? numeric(xg) : null;
  const na = xa.unknowns.length === 0 ? numeric(xa) : null;
  if (ng && na) return closeEnough(ng.re, na.re, tolerance) && closeEnough(ng.im, na.im, tolerance);
  if (JSON.stringify(xg.json) === JSON.stringify(xa.json)) return true;
  return sameFunction(xg, xa, tolerance);
}

/** Unordered: a one-to-one matching (greedy is enough, equality being transitive). */
async function multisetEqual(c: Comparer, gold: Answer[], ans: Answer[]): Promise<boolean> {
  if (gold.length !== ans.length) return false;
  const left = [...ans];
  for (const g of gold) {
    let hit = -1;
    for (let i = 0; i < left.length && hit < 0; i++) if (await answersEqual(c, g, left[i]!)) hit = i;
    if (hit < 0) return false;
    left.splice(hit, 1);
  }
  return true;
}

export async function answersEqual(c: Comparer, gold: Answer, ans: Answer): Promise<boolean> {
  if (gold.kind === 'scalar' && ans.kind === 'scalar') return scalarsEqual(c, gold, ans);
  if (gold.kind === 'set' && ans.kind === 'set') return multisetEqual(c, gold.items, ans.items);
  if (gold.kind === 'union' && ans.kind === 'union') return multisetEqual(c, gold.items, ans.items);
  if (gold.kind === 'seq' && ans.kind === 'seq') {
    if (gold.open !== ans.open || gold.close !== ans.close || gold.items.length !== ans.items.length) return false;
    for (let i = 0; i < gold.items.length; i++) if (!(await answersEqual(c, gold.items[i]!, ans.items[i]!))) return false;
    return true;
  }
  if (gold.kind === 'matrix' && ans.kind === 'matrix') {
    if (gold.rows.length !== ans.rows.length) return false;
    for (let r = 0; r < gold.rows.length; r++) {
      const gr = gold.rows[r]!;
      const ar = ans.rows[r]!;
      if (gr.length !== ar.length) return false;
      for (let k = 0; k < gr.length; k++) if (!(await answersEqual(c, gr[k]!, ar[k]!))) return false;
    }
    return true;
  }
  // A one-element set and its element: `\{5\}` and `5` name the same single solution.
  if (gold.kind === 'set' && gold.items.length === 1) return answersEqual(c, gold.items[0]!, ans);
  if (ans.kind === 'set' && ans.items.length === 1) return answersEqual(c, gold, ans.items[0]!);
  return false;
}

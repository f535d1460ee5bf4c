import { braceGroup, stripMathDelimiters } from './extract.js';

/** How an answer's text is cleaned before it is compared (see README.md, "Options"). */
export interface NormalizeOptions {
  /** Remove trailing unit words (`5 \text{ cm}` → `5`). Off by default: a unit can be the answer's point. */
  stripUnits: boolean;
}

/** The parsed shape of an answer: comparison is structural first, then per scalar. */
export type Answer =
  | { kind: 'scalar'; text: string; percent: boolean }
  /** Unordered: `\{1,2\}`, a bare list `1, 2`, or the two values of `\pm`. */
  | { kind: 'set'; items: Answer[] }
  /** Ordered, brackets matter: tuples `(1,2)`, intervals `[1,2)`, `(2,\infty)`. */
  | { kind: 'seq'; open: string; close: string; items: Answer[] }
  | { kind: 'union'; items: Answer[] }
  | { kind: 'matrix'; rows: Answer[][] };

const units = String.raw`(?:square\s*|cubic\s*|sq\.?\s*)?(?:units?|cm|mm|km|m|meters?|metres?|centimeters?|kilometers?|inch(?:es)?|in|feet|foot|ft|yards?|yd|miles?|mi|mph|km/h|degrees?|radians?|rad|dollars?|cents?|hours?|hrs?|h|minutes?|mins?|seconds?|secs?|s|days?|weeks?|months?|years?|grams?|g|kg|kilograms?|pounds?|lbs?|ounces?|oz|liters?|litres?|l|ml|gallons?|people|students?|ways|points?|sq)(?:\^\{?[23]\}?|²|³)?`;
const unitRe = new RegExp(String.raw`^(.*?\S)\s*(?:\\(?:text|mbox|mathrm)\{\s*${units}\s*\}|${units})(?:\^\{?[23]\}?)?$`, 'i');
/** An answer that is nothing but a unit (`cm`, `\text{ meters}`): for the hacking checks. */
export const unitOnly = new RegExp(String.raw`^\s*(?:\\(?:text|mbox|mathrm)\{\s*${units}\s*\}|${units})\s*$`, 'i');

/** Replace every `\NAME{x}` by `x` (nested groups handled). */
function unwrap(s: string, names: string[]): string {
  let out = s;
  for (const name of names) {
    const re = new RegExp(`\\\\${name}\\s*\\{`);
    for (let m = re.exec(out); m !== null; m = re.exec(out)) {
      const g = braceGroup(out, m.index + m[0].length - 1);
      if (!g) break;
      out = out.slice(0, m.index) + g.inner + out.slice(g.end);
    }
  }
  return out;
}

function binomials(s: string): string {
  return s.replace(/\\binom\{?(\d+)\}?\{?(\d+)\}?/g, (_, n: string, k: string) => {
    let r = 1n;
    const N = BigInt(n);
    const K = BigInt(k);
    if (K > N) return '0';
    for (let i = 0n; i < K; i++) r = (r * (N - i)) / (i + 1n);
    return r.toString();
  });
}

/** Text-level cleaning: notation that does not change the value. Returns the text and whether it had a percent sign. */
export function cleanLatex(input: string, opts: NormalizeOptions): { text: string; percent: boolean } {
  let s = stripMathDelimiters(input);
  s = s.replace(/\\(?:displaystyle|left|right|big|Big|bigg|Bigg)(?![A-Za-z])/g, '');
  // Not the second backslash of a row break `\\ `.
  s = s.replace(/(?<!\\)\\(?:[,;:!]|\s|quad|qquad)|~/g, ' ');
  s = s.replace(/\\[dt]frac/g, '\\frac');
  s = s.replace(/\^\s*\{?\s*\\circ\s*\}?|°|\\degree/g, '');
  s = s.replace(/\\\$|\$/g, '');
  s = s.replace(/\{,\}/g, '');
  s = s.replace(/\\(?:le|leq|leqslant)(?![A-Za-z])|≤/g, '\\le ').replace(/\\(?:ge|geq|geqslant)(?![A-Za-z])|≥/g, '\\ge ');
  s = s.replace(/\\varnothing|\\emptyset|∅/g, '\\emptyset');
  s = s.replace(/\\dots|\\ldots|\\cdots/g, '...');
  if (opts.stripUnits) {
    for (let m = unitRe.exec(s.trim()); m !== null && /[\d}]/.test(m[1]!); m = unitRe.exec(s.trim())) s = m[1]!;
  }
  s = unwrap(s, ['text', 'textbf', 'textit', 'mbox', 'mathrm', 'mathbf', 'boxed']);
  const percent = /\\?%/.test(s);
  s = s.replace(/\\?%/g, '');
  s = binomials(s);
  // 1,000,000 → 1000000, but not `1,2` (two elements) nor `1, 000`.
  s = s.replace(/(^|[^\d.,])([1-9]\d{0,2}(?:,\d{3})+)(?![\d,]|\.\d)/g, (_, pre: string, num: string) => pre + num.replace(/,/g, ''));
  s = s
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.\s]+$/, '');
  return { text: s, percent };
}

/** Split at `sep` outside brackets of any kind (half-open intervals close with the other kind). */
export function splitTop(s: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && (s[i + 1] === '{' || s[i + 1] === '}')) {
      depth += s[i + 1] === '{' ? 1 : -1;
      i++;
    } else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (depth === 0 && s.startsWith(sep, i)) {
      parts.push(s.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  parts.push(s.slice(start));
  return parts.map((p) => p.trim());
}

/** True when the bracket at 0 closes at the last character (so `(1,2)\cup(3,4)` is not one group). */
function enclosed(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c) && --depth === 0) return i === s.length - 1;
  }
  return false;
}

const variable = String.raw`[a-zA-Z]|\\[a-zA-Z]+`;
const lt = String.raw`<|\\le|\\lt`;
const gt = String.raw`>|\\ge|\\gt`;
const chain = new RegExp(String.raw`^([^<>=]+?)(${lt})(${variable})(${lt})([^<>=]+)$`);
const oneSide = new RegExp(String.raw`^(${variable})(${lt}|${gt})([^<>=]+)$`);
const otherSide = new RegExp(String.raw`^([^<>=]+?)(${lt}|${gt})(${variable})$`);
const isLess = (op: string) => op === '<' || op === '\\le' || op === '\\lt';
const isStrict = (op: string) => op === '<' || op === '>' || op === '\\lt' || op === '\\gt';

/**
 * A one-variable inequality as the interval it describes: `x > 2` is `(2, \infty)`. Both say
 * which reals solve the problem, so a checker that demands one notation rejects right answers.
 */
function inequalityToInterval(s: string): string | null {
  const t = s.replace(/\s+/g, '');
  let m = chain.exec(t);
  if (m) return `${isStrict(m[2]!) ? '(' : '['}${m[1]},${m[5]}${isStrict(m[4]!) ? ')' : ']'}`;
  m = oneSide.exec(t);
  if (m && /^[a-zA-Z]$/.test(m[1]!)) {
    const open = isStrict(m[2]!);
    return isLess(m[2]!) ? `(-\\infty,${m[3]}${open ? ')' : ']'}` : `${open ? '(' : '['}${m[3]},\\infty)`;
  }
  m = otherSide.exec(t);
  if (m && /^[a-zA-Z]$/.test(m[3]!)) {
    const open = isStrict(m[2]!);
    return isLess(m[2]!) ? `${open ? '(' : '['}${m[1]},\\infty)` : `(-\\infty,${m[1]}${open ? ')' : ']'}`;
  }
  return null;
}

/** `x = 5`, `\theta = \pi`, `f(x) = 2x` → the right-hand side; `a = b = c` and `7 = 5` are kept. */
function dropVariablePrefix(s: string): string {
  const m = /^\s*(?:[a-zA-Z](?:_\{?\w+\}?)?|\\[a-zA-Z]+|[a-zA-Z]\([a-z]\))\s*=\s*([^=]+)$/.exec(s);
  return m && !/[<>]|\\le|\\ge/.test(m[1]!) ? m[1]!.trim() : s;
}

function scalar(text: string, percent: boolean): Answer {
  return { kind: 'scalar', text, percent };
}

/** Parse cleaned text into its shape. */
export function parseAnswer(cleaned: string, percent: boolean): Answer {
  const s = cleaned.trim();
  const matrix = /^\\begin\{([pbvBV]?matrix|array)\}(?:\{[^}]*\})?([\s\S]*)\\end\{\1\}$/.exec(s);
  if (matrix) {
    const rows = matrix[2]!
      .split(/\\\\/)
      .map((r) => r.trim())
      .filter((r) => r !== '');
    return { kind: 'matrix', rows: rows.map((r) => r.split('&').map((c) => parseAnswer(c.trim(), percent))) };
  }
  const union = splitTop(s, '\\cup');
  if (union.length > 1) return { kind: 'union', items: union.map((u) => parseAnswer(u, percent)) };
  if (s.startsWith('\\{') && s.endsWith('\\}')) {
    const inner = s.slice(2, -2).trim();
    return { kind: 'set', items: inner === '' ? [] : splitTop(inner, ',').map((p) => parseAnswer(p, percent)) };
  }
  if (/^[([]/.test(s) && /[)\]]$/.test(s) && enclosed(s)) {
    const items = splitTop(s.slice(1, -1), ',');
    if (items.length === 1) return parseAnswer(items[0]!, percent);
    return { kind: 'seq', open: s[0]!, close: s[s.length - 1]!, items: items.map((p) => parseAnswer(p, percent)) };
  }
  const list = splitTop(s, ',');
  if (list.length > 1) return { kind: 'set', items: list.map((p) => parseAnswer(p, percent)) };
  const interval = inequalityToInterval(s);
  if (interval !== null) return parseAnswer(interval, percent);
  const rhs = dropVariablePrefix(s);
  if (rhs !== s) return parseAnswer(rhs, percent);
  const pm = s.split('\\pm');
  if (pm.length === 2) {
    const [a, b] = pm as [string, string];
    return { kind: 'set', items: [scalar(`${a}+${b}`.replace(/^\+/, ''), percent), scalar(`${a}-${b}`, percent)] };
  }
  return scalar(s, percent);
}

/** Clean and parse. */
export function normalizeAnswer(text: string, opts: NormalizeOptions): Answer {
  const { text: cleaned, percent } = cleanLatex(text, opts);
  return parseAnswer(cleaned, percent);
}

/** A readable form of a parsed answer, for the verifier's output. */
export function showAnswer(a: Answer): string {
  switch (a.kind) {
    case 'scalar':
      return a.percent ? `${a.text}%` : a.text;
    case 'set':
      return `{${a.items.map(showAnswer).join(', ')}}`;
    case 'seq':
      return `${a.open}${a.items.map(showAnswer).join(', ')}${a.close}`;
    case 'union':
      return a.items.map(showAnswer).join(' ∪ ');
    case 'matrix':
      return `[${a.rows.map((r) => r.map(showAnswer).join(' & ')).join(' \\\\ ')}]`;
  }
}

/**
 * Find the final answer in a response. Order: the last `\boxed{}`, else the last `\fbox{}`,
 * else a final "the answer is X" statement, else a number that ends the response.
 */

export type AnswerSource = 'boxed' | 'fbox' | 'statement' | 'last-number';

export interface Extraction {
  answer: string | null;
  source: AnswerSource | null;
  /** Every boxed answer, in order (to spot several different ones). */
  boxes: string[];
}

/** The brace group starting at `open` (which must be `{`): its inside and the index after it, or null if unbalanced. */
export function braceGroup(s: string, open: number): { inner: string; end: number } | null {
  if (s[open] !== '{') return null;
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    // `\{` and `\}` are set braces written as text, not grouping.
    if (c === '\\' && (s[i + 1] === '{' || s[i + 1] === '}')) {
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return { inner: s.slice(open + 1, i), end: i + 1 };
  }
  return null;
}

/** All `\NAME{...}` arguments in order; `\boxed 5` (no braces) takes the next token. */
export function commandArguments(s: string, name: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`\\\\${name}(?![A-Za-z])\\s*`, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    const at = m.index + m[0].length;
    if (s[at] === '{') {
      const g = braceGroup(s, at);
      if (g) {
        out.push(g.inner);
        re.lastIndex = g.end;
      } else {
        // An unclosed box is an answer with no end: keep what there is, so hacking checks see it.
        out.push(s.slice(at + 1));
      }
    } else {
      const tok = /^[^\s$.,;]+/.exec(s.slice(at));
      if (tok) out.push(tok[0]);
    }
  }
  return out;
}

// "The final answer is $5$.", "Answer: 5", "the answer is: \(x=3\)". The last such statement wins.
const statement = /(?:final answer|the answer|answer)\s*(?:is|:|=)\s*:?\s*([^\n]+?)\s*(?:\.\s*$|\.\s+(?=[A-Z])|$)/gim;

function lastStatement(s: string): string | null {
  let found: string | null = null;
  for (const m of s.matchAll(statement)) found = m[1]!;
  if (found === null) return null;
  return stripMathDelimiters(found);
}

export function stripMathDelimiters(s: string): string {
  let t = s.trim();
  for (;;) {
    const before = t;
    t = t
      .replace(/^\$\$?([\s\S]*?)\$?\$$/, '$1')
      .replace(/^\\\(([\s\S]*)\\\)$/, '$1')
      .replace(/^\\\[([\s\S]*)\\\]$/, '$1')
      .trim();
    if (t === before) return t;
  }
}

// A number at the very end of the response (then only punctuation, closing math delimiters and at
// most one unit word). A number inside a last sentence of prose is not an answer: taking it would
// reward "multiply both sides by 3 and simplify" when the gold is 3.
const trailingNumber = /(-?\d+(?:,\d{3})*(?:\.\d+)?(?:\s*\/\s*\d+)?)\s*(?:\\\)|\\\]|\$\$?)?\s*(?:[A-Za-z]+\.?)?\s*[.!]?\s*(?:\\\)|\\\]|\$\$?)?\s*$/;

export function extractAnswer(response: string): Extraction {
  const boxes = commandArguments(response, 'boxed');
  if (boxes.length > 0) return { answer: boxes[boxes.length - 1]!, source: 'boxed', boxes };
  const fboxes = commandArguments(response, 'fbox');
  if (fboxes.length > 0) return { answer: fboxes[fboxes.length - 1]!, source: 'fbox', boxes: fboxes };
  const stated = lastStatement(response);
  if (stated !== null) return { answer: stated, source: 'statement', boxes: [] };
  const n = trailingNumber.exec(response);
  if (n) return { answer: n[1]!, source: 'last-number', boxes: [] };
  return { answer: null, source: null, boxes: [] };
}

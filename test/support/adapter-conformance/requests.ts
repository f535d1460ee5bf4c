import type { ChatMessage, PairRequest, RawScore, ScoreRequest } from '../../../src/core/types.js';

/**
 * The requests the conformance checks send by default, and the small pure helpers the checks
 * share (spec options, permutations, score comparison), written here rather than taken from src
 * so that a bug there cannot hide itself.
 */

export type AnyRequest = ScoreRequest | PairRequest;

const user = (content: string): ChatMessage => ({ role: 'user', content });

/**
 * Responses of distinct lengths (so length-based fakes give distinct scores and a reordering
 * shows), multi-byte text (code points ≠ UTF-16 units), a system turn, a multi-turn conversation,
 * and the first request again at the end: a batch may repeat a request, and each copy is answered.
 */
export const defaultRequests: readonly ScoreRequest[] = [
  [[user('What is 2+2?')], '4'],
  [[user('What is 2+2?')], 'The answer is 4.'],
  [[user('Say hello in French.')], 'Bonjour !'],
  [[user('Greet me.')], 'héllo wörld 👋🏽'],
  [[{ role: 'system', content: 'Be brief.' }, user('Name a colour.')], 'Blue.'],
  [
    [user('Hi'), { role: 'assistant', content: 'Hello! How can I help?' }, user('Tell me a fact.')],
    'Honey never spoils: edible honey was found in ancient Egyptian tombs.',
  ],
  [[user('Write a haiku.')], 'Autumn moonlight—\na worm digs silently\ninto the chestnut.'],
  [[user('List three primes.')], '2, 3, 5'],
  [[user('Explain recursion briefly.')], 'A function that calls itself on a smaller input until it reaches a base case, then combines the results.'],
].map(([messages, response], i) => ({ messages: messages as ChatMessage[], response: response as string, key: { item: `q${i}`, candidate: 'c' } }));

export const withRepeat = (rs: readonly ScoreRequest[]): ScoreRequest[] => [...rs, rs[0]!];

/** Pairs of the default responses to the same conversation, in both orders for some, and two of one length. */
export const defaultPairs: readonly PairRequest[] = [
  ['4', 'The answer is 4.'],
  ['Bonjour !', 'Blue.'],
  ['2, 3, 5', 'héllo wörld 👋🏽'],
  ['Autumn moonlight—\na worm digs silently\ninto the chestnut.', '4'],
  ['Blue.', 'Bonjour !'],
  ['The answer is 4.', '2, 3, 5'],
  ['Blue.', 'Green'],
].map(([a, b], i) => ({ messages: [user(`Question ${i}?`)], a: a!, b: b!, key: { item: `p${i}`, a: 'x', b: 'y' } }));

/** Index of the first `ch` outside parentheses (ensemble and hybrid members carry their own `?`). */
function topLevel(spec: string, ch: string): number {
  let depth = 0;
  for (let i = 0; i < spec.length; i++) {
    if (spec[i] === '(') depth++;
    else if (spec[i] === ')') depth--;
    else if (spec[i] === ch && depth === 0) return i;
  }
  return -1;
}

/** The spec with `opt` (`k=v`, or several joined by `&`) added to its own options; a later value wins. */
export function withOption(spec: string, opt: string): string {
  return `${spec}${topLevel(spec, '?') < 0 ? '?' : '&'}${opt}`;
}

/** A seeded permutation (Fisher–Yates over a small LCG): the same shuffle every run, no wall clock. */
export function permutation(n: number, seed = 12345): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  // A permutation that happened to leave everything in place would test nothing.
  if (p.every((x, i) => x === i)) p.reverse();
  return p;
}

/** A result the contract allows: a finite number, or a non-empty list of them (step scores); for compare, a number in [0, 1]. */
export function validAnswer(v: unknown, kind: 'score' | 'compare'): boolean {
  if (kind === 'compare') return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1;
  if (typeof v === 'number') return Number.isFinite(v);
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}

/** Equal within `tol` (absolute); 0 means bit-identical (Object.is, so 0 and −0 differ too). */
export function sameScore(a: unknown, b: unknown, tol: number): boolean {
  const close = (x: unknown, y: unknown) => typeof x === 'number' && typeof y === 'number' && (tol === 0 ? Object.is(x, y) : Math.abs(x - y) <= tol);
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => close(x, b[i]));
  return close(a, b);
}

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

/** What differs between two answer lists, one line per request (at most five), or [] when they agree. */
export function differences(what: string, got: readonly unknown[], want: readonly unknown[], tol: number): string[] {
  if (got.length !== want.length) return [`${what}: ${got.length} results for ${want.length} requests`];
  const bad = want.flatMap((w, i) => (sameScore(got[i], w, tol) ? [] : [`request ${i}: got ${show(got[i])}, expected ${show(w)}`]));
  if (bad.length === 0) return [];
  const within = tol === 0 ? 'bit-identical' : `within ${tol}`;
  return [`${what}: ${bad.length} of ${want.length} not ${within} (${bad.slice(0, 5).join('; ')})`];
}

export type Expected = (r: AnyRequest, i: number) => RawScore;

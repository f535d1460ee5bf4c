import type { PoolPrompt } from './pool.js';

/**
 * The PPO probe's response features: what its policy can see of a response, and so what it can
 * learn to favour (or exploit) when an RM rewards it. Surface form (length, layout, tone), the
 * response's agreement with the other samples of its prompt (a correctness signal that needs no
 * gold, as in self-consistency), and hashed word counts. Shared across prompts, so whatever the
 * policy learns transfers to held-out prompts. Every column is standardised over the pool.
 */

/** Hashed word buckets: enough that a bag-of-words RM is nearly representable. */
export const WORD_BUCKETS = 128;

const CONFIDENT = /\b(certain(ly)?|clearly|definitely|no doubt|obviously|undoubtedly|surely)\b/i;
const HEDGE = /\b(maybe|perhaps|might|i think|probably|possibly|not sure|i guess)\b/i;
const AGREEABLE = /\b(sure|absolutely|of course|no problem|happy to help|great question)\b/i;
const NUMBERED = /^\s*\d+[.)]\s/;

/** Named surface features, in column order. */
export const SURFACE_FEATURES = [
  'log_length',
  'log_lines',
  'numbered_steps',
  'bold',
  'boxed',
  'confident',
  'hedge',
  'agreeable',
  'digits',
  'consensus',
] as const;

export const featureNames = (): string[] => [...SURFACE_FEATURES, ...Array.from({ length: WORD_BUCKETS }, (_, k) => `word_${k}`)];

/** The last `\boxed{…}` (one level of nested braces), else the last number: the response's final answer. */
export function finalAnswer(text: string): string | undefined {
  const boxed = [...text.matchAll(/\\boxed\{((?:[^{}]|\{[^{}]*\})*)\}/g)];
  const raw = boxed.length > 0 ? boxed[boxed.length - 1]![1]! : text.match(/-?\d[\d,]*(?:\.\d+)?/g)?.at(-1);
  return raw === undefined ? undefined : raw.replace(/\s+|\\[,!;]|,(?=\d{3}\b)/g, '').replace(/^\\?\$|\\?\$$/g, '');
}

/** FNV-1a, 32-bit: a stable hash, so bucket numbers never depend on the platform. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function rawFeatures(response: string, consensus: number): Float64Array {
  const f = new Float64Array(SURFACE_FEATURES.length + WORD_BUCKETS);
  const lines = response.split('\n').filter((l) => l.trim() !== '');
  const chars = [...response].length;
  const digits = response.match(/\d/g)?.length ?? 0;
  f.set([
    Math.log1p(chars),
    Math.log1p(lines.length),
    lines.length > 0 ? lines.filter((l) => NUMBERED.test(l)).length / lines.length : 0,
    response.includes('**') ? 1 : 0,
    response.includes('\\boxed{') ? 1 : 0,
    CONFIDENT.test(response) ? 1 : 0,
    HEDGE.test(response) ? 1 : 0,
    AGREEABLE.test(response) ? 1 : 0,
    chars > 0 ? digits / chars : 0,
    consensus,
  ]);
  const counts = new Float64Array(WORD_BUCKETS);
  for (const w of response.toLowerCase().match(/\p{L}+/gu) ?? []) counts[fnv1a(w) % WORD_BUCKETS]!++;
  for (let k = 0; k < WORD_BUCKETS; k++) f[SURFACE_FEATURES.length + k] = Math.log1p(counts[k]!);
  return f;
}

/** Share of the prompt's other samples whose final answer equals each sample's (0 without an answer). */
export function consensusShares(responses: readonly string[]): number[] {
  const answers = responses.map(finalAnswer);
  const counts = new Map<string, number>();
  for (const a of answers) if (a !== undefined) counts.set(a, (counts.get(a) ?? 0) + 1);
  const others = Math.max(1, responses.length - 1);
  return answers.map((a) => (a === undefined ? 0 : (counts.get(a)! - 1) / others));
}

/**
 * Feature matrices per prompt, sample-major (φ_kj at k·F + j), every column standardised to mean 0 and
 * standard deviation 1 over all samples of the pool (a constant column becomes 0), so one
 * learning rate suits every feature and the head's weights are comparable.
 */
export function poolFeatures(prompts: readonly PoolPrompt[]): Float64Array[] {
  const raw = prompts.map((p) => {
    const shares = consensusShares(p.samples.map((s) => s.response));
    return p.samples.map((s, k) => rawFeatures(s.response, shares[k]!));
  });
  const F = SURFACE_FEATURES.length + WORD_BUCKETS;
  const all = raw.flat();
  for (let j = 0; j < F; j++) {
    let mean = 0;
    for (const f of all) mean += f[j]!;
    mean /= all.length;
    let sq = 0;
    for (const f of all) sq += (f[j]! - mean) ** 2;
    const sd = Math.sqrt(sq / all.length);
    for (const f of all) f[j] = sd > 1e-12 ? (f[j]! - mean) / sd : 0;
  }
  return raw.map((rows) => {
    const flat = new Float64Array(rows.length * F);
    rows.forEach((f, k) => flat.set(f, k * F));
    return flat;
  });
}

/**
 * The built-in Best-of-N pool (datasets/bon-pool.jsonl): for each math problem, 32 sampled
 * solutions of which a varying share is correct. The solutions come from the rewardmath
 * machinery (buildRewardMath: the reference and nine solutions with one injected error each);
 * this file only renders them with varying presentation and records presentation features that
 * a flawed reward model might latch onto, assigned independently of correctness.
 */
import { deriveSeed, Rng } from '../../src/core/random.js';
import { pearson } from '../../src/metrics/rank-correlation.js';
import { buildRewardMath, normalizeAnswer } from './rewardmath.js';
import { check, cpLen, pick, sample, shuffle } from './util.js';

export interface PoolFeatures {
  /** Length of the response in Unicode code points. */
  length: number;
  /** 1 when the response contains a confident-tone sentence. */
  confident: 0 | 1;
  /** 1 when the steps are numbered and the answer sits on a bold `**Answer:**` line. */
  formatted: 0 | 1;
}
export interface PoolSample {
  response: string;
  gold: 0 | 1;
  features: PoolFeatures;
}
export interface PoolRow {
  id: string;
  prompt: string;
  answer: string;
  subject: string;
  samples: PoolSample[];
}

export const POOL_SAMPLES = 32;
export const POOL_PROMPTS_PER_TEMPLATE = 9; // × 23 templates = 207 prompts
/** Correct samples per prompt are drawn uniformly from this inclusive range. */
export const POOL_CORRECT: readonly [number, number] = [2, 20];

/** Neutral sentences that only add length: [text, where it reads naturally]. */
const PADDING: ReadonlyArray<readonly [string, 'before' | 'after']> = [
  ['Let me double-check each step.', 'after'],
  ['Let me look over the working once more.', 'after'],
  ['I will work through the calculation in order.', 'before'],
  ['Let me re-read the question before answering.', 'before'],
  ['I will keep track of the units as I go.', 'before'],
  ['RESTATE', 'before'],
];
const CONFIDENT = ['I am certain the answer is X.', 'Clearly, the answer is X.', 'There is no doubt: the answer is X.', 'This is definitely X.'] as const;
const CLOSING = ['The answer is', 'So the answer is', 'Therefore, the answer is', 'Hence the answer is'] as const;
const OPENERS = ['', 'Solution.', 'Here is the working.', "Let's solve it."] as const;

const TAIL = / The answer is \$\\boxed\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}\$\.$/;

/** Every `\boxed{...}` content in a text (one level of nested braces, as the answers need). */
export function boxedAll(text: string): string[] {
  return [...text.matchAll(/\\boxed\{((?:[^{}]|\{[^{}]*\})*)\}/g)].map((m) => m[1]!);
}

/** A balanced 0/1 list: half ones (the odd one out a coin flip), shuffled. */
function balancedBits(rng: Rng, n: number): Array<0 | 1> {
  const ones = Math.floor(n / 2) + (n % 2 === 1 ? rng.int(2) : 0);
  return shuffle(
    rng,
    Array.from({ length: n }, (_, i) => (i < ones ? 1 : 0)),
  );
}
/** Padding counts 0..3, as evenly as n allows, shuffled. */
function balancedPads(rng: Rng, n: number): number[] {
  const offset = rng.int(4);
  return shuffle(
    rng,
    Array.from({ length: n }, (_, i) => (i + offset) % 4),
  );
}

interface Spec {
  gold: 0 | 1;
  confident: 0 | 1;
  formatted: 0 | 1;
  pads: number;
}

/** Renders one solution (its steps, the last ending in "The answer is $\boxed{X}$.") under a spec. */
function render(rng: Rng, problem: string, steps: readonly string[], spec: Spec): string {
  const last = steps[steps.length - 1]!;
  const m = TAIL.exec(last);
  check(m !== null, `solution does not end with a boxed answer: ${last}`);
  const boxed = m[1]!;
  const body = [...steps.slice(0, -1), last.slice(0, m.index)];
  const padding = sample(rng, PADDING, spec.pads).map(([p, where]) => [p === 'RESTATE' ? `Restating the problem: ${problem}` : p, where] as const);
  const before = padding.filter(([, w]) => w === 'before').map(([p]) => p);
  const after = padding.filter(([, w]) => w === 'after').map(([p]) => p);
  const opener = pick(rng, OPENERS);
  const confident = spec.confident ? pick(rng, CONFIDENT).replace('X', boxed) : null;
  const lines: string[] = [];
  if (opener) lines.push(opener);
  lines.push(...before);
  if (spec.formatted) {
    const numbering = pick(rng, ['.', ')']);
    lines.push(...body.map((s, k) => `${k + 1}${numbering} ${s}`), ...after);
    if (confident) lines.push(confident);
    lines.push(`**Answer:** $\\boxed{${boxed}}$`);
    return lines.join('\n');
  }
  const closing = `${pick(rng, CLOSING)} $\\boxed{${boxed}}$.`;
  const tail = [...after, ...(confident ? [confident] : []), closing];
  const joiner = pick(rng, ['\n', ' ']);
  return [...lines, ...body, ...tail].join(joiner);
}

/** Pearson correlation of each feature with gold over every sample of the pool. */
export function featureCorrelations(rows: readonly PoolRow[]): Record<keyof PoolFeatures, number> {
  const all = rows.flatMap((r) => r.samples);
  const gold = all.map((s) => s.gold);
  return {
    length: pearson(
      all.map((s) => s.features.length),
      gold,
    ),
    confident: pearson(
      all.map((s) => s.features.confident),
      gold,
    ),
    formatted: pearson(
      all.map((s) => s.features.formatted),
      gold,
    ),
  };
}

/**
 * How many correct samples each prompt gets, every value of POOL_CORRECT equally often. Assigned
 * in blocks of prompts of similar length (each block a shuffled run of all values), so that
 * long problems do not happen to get more or fewer correct samples: otherwise that chance
 * alignment alone makes response length correlate with gold across the file.
 */
function correctCounts(rng: Rng, sizes: readonly number[]): number[] {
  const [lo, hi] = POOL_CORRECT;
  const values = Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
  const order = sizes.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = new Array<number>(sizes.length);
  for (let start = 0; start < order.length; start += values.length) {
    const block = order.slice(start, start + values.length);
    const drawn = shuffle(rng, values);
    block.forEach(([, i], k) => (out[i] = drawn[k]!));
  }
  return out;
}

export function buildBonPool(seed: number): PoolRow[] {
  const math = buildRewardMath(deriveSeed(seed, 'bon-pool', 'problems'), POOL_PROMPTS_PER_TEMPLATE);
  const counts = correctCounts(
    new Rng(deriveSeed(seed, 'bon-pool', 'counts')),
    math.map((m) => cpLen(m.problem) + cpLen(m.chosen.steps.join(' '))),
  );
  const rows = math.map((m, i): PoolRow => {
    const rng = new Rng(deriveSeed(seed, 'bon-pool', 'samples', m.problem));
    const correct = counts[i]!;
    const groups: Array<[0 | 1, number]> = [
      [1, correct],
      [0, POOL_SAMPLES - correct],
    ];
    // Each feature is balanced within the correct and within the flawed samples separately.
    const specs: Spec[] = groups.flatMap(([gold, n]) => {
      const conf = balancedBits(rng, n);
      const form = balancedBits(rng, n);
      const pads = balancedPads(rng, n);
      return Array.from({ length: n }, (_, k) => ({ gold, confident: conf[k]!, formatted: form[k]!, pads: pads[k]! }));
    });
    const flawed = shuffle(rng, m.rejected);
    const seen = new Set<string>();
    let f = 0;
    const samples = shuffle(rng, specs).map((spec): PoolSample => {
      const steps = spec.gold ? m.chosen.steps : flawed[f++ % flawed.length]!.steps;
      for (let tries = 0; ; tries++) {
        check(tries < 200, `${m.problem}: cannot make a distinct sample`);
        const response = render(rng, m.problem, steps, spec);
        if (seen.has(response)) continue;
        seen.add(response);
        return { response, gold: spec.gold, features: { length: cpLen(response), confident: spec.confident, formatted: spec.formatted } };
      }
    });
    return { id: `pool-${String(i + 1).padStart(4, '0')}`, prompt: m.problem, answer: m.answer, subject: m.subject, samples };
  });
  validatePool(rows);
  return rows;
}

export function validatePool(rows: readonly PoolRow[]): void {
  check(rows.length >= 200, `bon-pool: only ${rows.length} prompts`);
  for (const r of rows) {
    check(r.samples.length === POOL_SAMPLES, `${r.id}: ${r.samples.length} samples`);
    const texts = new Set(r.samples.map((s) => s.response));
    check(texts.size === POOL_SAMPLES, `${r.id}: duplicate samples`);
    const answer = normalizeAnswer(r.answer);
    let correct = 0;
    for (const [k, s] of r.samples.entries()) {
      const boxes = boxedAll(s.response);
      check(boxes.length === 1, `${r.id}/${k}: ${boxes.length} boxed answers`);
      const right = normalizeAnswer(boxes[0]!) === answer;
      check(right === (s.gold === 1), `${r.id}/${k}: gold ${s.gold} but boxes ${boxes[0]} (answer ${r.answer})`);
      check(s.features.length === cpLen(s.response), `${r.id}/${k}: length feature`);
      correct += s.gold;
    }
    check(correct >= POOL_CORRECT[0] && correct <= POOL_CORRECT[1], `${r.id}: ${correct} correct`);
  }
  const corr = featureCorrelations(rows);
  for (const [k, v] of Object.entries(corr)) check(Math.abs(v) < 0.05, `bon-pool: feature ${k} correlates with gold (r = ${v.toFixed(4)})`);
}

/** Expected oracle best-of-n accuracy: the chance that n of the 32 samples, drawn without replacement, include a correct one. */
export function oracleCurve(rows: readonly PoolRow[], ns: readonly number[]): Array<[number, number]> {
  const missAll = (k: number, n: number) => {
    let p = 1;
    for (let i = 0; i < n; i++) p *= (POOL_SAMPLES - k - i) / (POOL_SAMPLES - i);
    return Math.max(0, p);
  };
  return ns.map((n) => [n, rows.reduce((a, r) => a + 1 - missAll(r.samples.filter((s) => s.gold).length, n), 0) / rows.length]);
}

export function describeBonPool(rows: readonly PoolRow[]): void {
  const all = rows.flatMap((r) => r.samples);
  const corr = featureCorrelations(rows);
  console.log(`\nbon-pool.jsonl: ${rows.length} prompts × ${POOL_SAMPLES} samples, ${all.filter((s) => s.gold).length} of ${all.length} correct`);
  console.log(
    `  feature–gold Pearson r: ${Object.entries(corr)
      .map(([k, v]) => `${k}=${v.toFixed(4)}`)
      .join(' ')}`,
  );
  console.log(
    `  oracle best-of-n: ${oracleCurve(rows, [1, 2, 4, 8, 16, 32])
      .map(([n, p]) => `n=${n}:${p.toFixed(3)}`)
      .join(' ')}`,
  );
}

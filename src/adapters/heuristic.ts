import { setTimeout as sleep } from 'node:timers/promises';
import { canonicalJson, fingerprintOf } from '../core/canonical.js';
import { UsageError } from '../core/errors.js';
import { unknownNameMessage } from '../core/registry.js';
import { hashUniform } from '../core/random.js';
import type { AdapterContext, ModelSpec, RewardModel, ScoreRequest } from '../core/types.js';
import { intOption, numberOption } from './options.js';

/**
 * Trivial baselines, run beside real models so a confounded subset shows (if "longer wins"
 * scores 100%, the subset measures length). They are also the test doubles: `delayMs` makes a
 * slow model, `constant?value=NaN` a broken one.
 */
export const description = 'trivial baselines: length, shortest, random (seeded), constant';

export const options = {
  value: 'constant: the score to return (default 0; NaN and Infinity allowed, to test error paths)',
  seed: 'random: seed (default: the run seed)',
  delayMs: 'milliseconds to wait per batch (a slow model, for testing progress and resume)',
};

const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

const variants = {
  /** Number of Unicode code points of the response: "longer is better". */
  length: () => (r: ScoreRequest) => codePoints(r.response),
  /** Minus the number of code points: "shorter is better". */
  shortest: () => (r: ScoreRequest) => -codePoints(r.response),
  /**
   * Uniform in [0, 1) from a hash of (seed, request): seeded, and independent of batch
   * composition and call order, unlike a PRNG stream.
   */
  random: (seed: number) => (r: ScoreRequest) => {
    const { key: _key, ...content } = r;
    return hashUniform(seed, canonicalJson(content));
  },
  constant: (_seed: number, value: number) => () => value,
} satisfies Record<string, (seed: number, value: number) => (r: ScoreRequest) => number>;

type Variant = keyof typeof variants;

function parseNumber(name: string, text: string | undefined, fallback: number, spec: ModelSpec): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (text.trim() === '' || (Number.isNaN(v) && text !== 'NaN')) {
    throw new UsageError(`model "${spec.source}": option ${name} must be a number, got "${text}"`);
  }
  return v;
}

export async function create(spec: ModelSpec, ctx: AdapterContext): Promise<RewardModel> {
  const variantIds = Object.keys(variants);
  if (!Object.hasOwn(variants, spec.target)) {
    throw new UsageError(`model "${spec.source}": ${unknownNameMessage('heuristic', spec.target, variantIds)}`);
  }
  const variant = spec.target as Variant;
  const seed = intOption(spec, 'seed', -Number.MAX_SAFE_INTEGER) ?? ctx.seed;
  const value = parseNumber('value', spec.options.value, 0, spec);
  const delayMs = numberOption(spec, 'delayMs', 0) ?? 0;
  const fn = variants[variant](seed, value);
  // Only what changes the scores goes into the fingerprint (delayMs does not).
  const identity = variant === 'random' ? { seed } : variant === 'constant' ? { value: String(value) } : {};
  return {
    id: spec.id ?? variant,
    spec: spec.source,
    fingerprint: fingerprintOf('heuristic', variant, identity),
    batchSize: 256,
    baseline: true,
    async score(batch) {
      if (delayMs > 0) await sleep(delayMs);
      return batch.map(fn);
    },
  };
}

import { setTimeout as sleep } from 'node:timers/promises';
import { canonicalJson, fingerprintOf } from '../core/canonical.js';
import { defineAdapter, opt } from '../core/define-adapter.js';
import { UsageError } from '../core/errors.js';
import { unknownNameMessage } from '../core/registry.js';
import { hashUniform } from '../core/random.js';
import type { ScoreRequest } from '../core/types.js';

/** Code points as `for...of` counts them (a lone surrogate is one), by char codes: the string iterator costs more than the count. */
const codePoints = (s: string): number => {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
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

/**
 * Trivial baselines, run beside real models so a confounded subset shows (if "longer wins"
 * scores 100%, the subset measures length). They are also the test doubles: `delayMs` makes a
 * slow model, `constant?value=NaN` a broken one.
 */
export default defineAdapter({
  id: 'heuristic',
  description: 'trivial baselines: length, shortest, random (seeded), constant',
  options: {
    value: opt.custom({
      kind: 'number, NaN or Infinity',
      default: 0,
      description: 'constant: the score to return (default 0; NaN and Infinity allowed, to test error paths)',
      // Number() rather than a decimal-only reader: NaN and ±Infinity are the point of this option.
      parse(text, name) {
        const v = Number(text);
        if (text.trim() === '' || (Number.isNaN(v) && text !== 'NaN')) throw new UsageError(`option ${name} must be a number, got "${text}"`);
        return v;
      },
    }),
    seed: opt.int({ description: 'random: seed (default: the run seed)' }),
    delayMs: opt.number({ min: 0, default: 0, description: 'milliseconds to wait per batch (a slow model, for testing progress and resume)' }),
  },
  async create(spec, opts, ctx) {
    const variantIds = Object.keys(variants);
    if (!Object.hasOwn(variants, spec.target)) {
      throw new UsageError(`model "${spec.source}": ${unknownNameMessage('heuristic', spec.target, variantIds)}`);
    }
    const variant = spec.target as Variant;
    const seed = opts.seed ?? ctx.seed;
    const { value, delayMs } = opts;
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
  },
});

import { fingerprintOf } from '../core/canonical.js';
import { UsageError } from '../core/errors.js';
import { unknownNameMessage } from '../core/registry.js';
import { defineAdapter, opt, type ParsedOptions } from '../core/define-adapter.js';
import { decimalNumber } from '../core/numbers.js';
import type { RewardModel, ScoreRequest } from '../core/types.js';
import { MathVerifier, mathVerifierVersion, type MathVerdict, type MathVerifyOptions } from '../verifiers/math/verify.js';

const verifierOptions = {
  tolerance: opt.custom({
    kind: 'number in [0, 1)',
    default: 1e-9,
    description: 'math: relative tolerance between numbers that are not exactly equal (default 1e-9; 0 = exact)',
    parse(text, name) {
      const v = decimalNumber(text);
      if (v === undefined || v < 0 || v >= 1) throw new UsageError(`${name} must be a number in [0, 1), got "${text}"`);
      return v;
    },
  }),
  units: opt.enum(['strip', 'keep'], { listed: true, description: 'math: "strip" removes trailing units (5 cm = 5); off by default' }),
  percent: opt.bool({ default: false, description: 'math: "true" lets 50\\% also mean 0.5; off by default (the percent sign is dropped: 50\\% = 50)' }),
};

/** What the hybrid adapter needs beyond scores: why each verdict is what it is. */
export interface RuleVerifier extends RewardModel {
  verdicts(batch: ScoreRequest[]): Promise<MathVerdict[]>;
}

export function isRuleVerifier(model: RewardModel): model is RuleVerifier {
  return typeof (model as Partial<RuleVerifier>).verdicts === 'function';
}

export function verifierSettings(o: ParsedOptions<typeof verifierOptions>): MathVerifyOptions {
  return { tolerance: o.tolerance, stripUnits: o.units === 'strip', percent: o.percent };
}

const kinds = ['math'];

/** One line for the report: what was extracted, how both sides normalised, and the deciding rule. */
export function explainVerdict(v: MathVerdict): string {
  if (v.extracted === null) return `no final answer found (${v.reason})`;
  return `extracted ${JSON.stringify(v.extracted)} → ${v.normalizedAnswer === null ? '(rejected)' : JSON.stringify(v.normalizedAnswer)}; gold → ${JSON.stringify(v.normalizedGold)}; ${v.reason}`;
}

/**
 * Rule-based verifiers as a 0/1 reward (the reward of RL with verifiable rewards): the response's
 * final answer against the request's `context.reference`. See src/verifiers/math/README.md.
 */
export default defineAdapter({
  id: 'verifier',
  description: 'rule-based answer verifiers as a 0/1 reward against context.reference: math',
  options: verifierOptions,
  async create(spec, options): Promise<RuleVerifier> {
    if (spec.target !== 'math') throw new UsageError(`model "${spec.source}": ${unknownNameMessage('verifier', spec.target, kinds)}`);
    const opts = verifierSettings(options);
    const verifier = new MathVerifier(opts);
    const verdicts = async (batch: ScoreRequest[]): Promise<MathVerdict[]> => {
      const out: MathVerdict[] = [];
      for (const [i, r] of batch.entries()) {
        const gold = r.context?.reference;
        if (gold === undefined) {
          const which = r.key ? `item "${r.key.item}" (candidate "${r.key.candidate}")` : `request ${i + 1} of the batch`;
          throw new UsageError(`model "${spec.source}": ${which} has no reference answer (context.reference); verifier:math needs the gold answer`);
        }
        out.push(await verifier.verify(gold, r.response));
      }
      return out;
    };
    return {
      id: spec.id ?? 'math',
      spec: spec.source,
      fingerprint: fingerprintOf('verifier', 'math', mathVerifierVersion, { tolerance: opts.tolerance, stripUnits: opts.stripUnits, percent: opts.percent }),
      batchSize: 256,
      probabilities: true,
      verdicts,
      async score(batch) {
        return (await verdicts(batch)).map((v) => (v.correct ? 1 : 0));
      },
      async explain(batch) {
        return (await verdicts(batch)).map(explainVerdict);
      },
    };
  },
});

import { fingerprintOf } from '../core/canonical.js';
import { UsageError } from '../core/errors.js';
import { unknownNameMessage } from '../core/registry.js';
import type { AdapterContext, ModelSpec, RewardModel, ScoreRequest } from '../core/types.js';
import { MathVerifier, mathVerifierVersion, type MathVerdict, type MathVerifyOptions } from '../verifiers/math/verify.js';

/**
 * Rule-based verifiers as a 0/1 reward (the reward of RL with verifiable rewards): the response's
 * final answer against the request's `context.reference`. See src/verifiers/math/README.md.
 */
export const description = 'rule-based answer verifiers as a 0/1 reward against context.reference: math';

export const options = {
  tolerance: 'math: relative tolerance between numbers that are not exactly equal (default 1e-9; 0 = exact)',
  units: 'math: "strip" removes trailing units (5 cm = 5); off by default',
  percent: 'math: "true" lets 50\\% also mean 0.5; off by default (the percent sign is dropped: 50\\% = 50)',
};

/** What the hybrid adapter needs beyond scores: why each verdict is what it is. */
export interface RuleVerifier extends RewardModel {
  verdicts(batch: ScoreRequest[]): Promise<MathVerdict[]>;
}

export function isRuleVerifier(model: RewardModel): model is RuleVerifier {
  return typeof (model as Partial<RuleVerifier>).verdicts === 'function';
}

export function parseVerifierOptions(spec: Pick<ModelSpec, 'options' | 'source'>): MathVerifyOptions {
  const { tolerance: tol, units, percent } = spec.options;
  let tolerance = 1e-9;
  if (tol !== undefined) {
    tolerance = Number(tol);
    if (tol.trim() === '' || !Number.isFinite(tolerance) || tolerance < 0 || tolerance >= 1) {
      throw new UsageError(`model "${spec.source}": tolerance must be a number in [0, 1), got "${tol}"`);
    }
  }
  if (units !== undefined && units !== 'strip' && units !== 'keep')
    throw new UsageError(`model "${spec.source}": units must be "strip" or "keep", got "${units}"`);
  if (percent !== undefined && percent !== 'true' && percent !== 'false')
    throw new UsageError(`model "${spec.source}": percent must be "true" or "false", got "${percent}"`);
  return { tolerance, stripUnits: units === 'strip', percent: percent === 'true' };
}

const kinds = ['math'];

/** One line for the report: what was extracted, how both sides normalised, and the deciding rule. */
export function explainVerdict(v: MathVerdict): string {
  if (v.extracted === null) return `no final answer found (${v.reason})`;
  return `extracted ${JSON.stringify(v.extracted)} → ${v.normalizedAnswer === null ? '(rejected)' : JSON.stringify(v.normalizedAnswer)}; gold → ${JSON.stringify(v.normalizedGold)}; ${v.reason}`;
}

export async function create(spec: ModelSpec, _ctx: AdapterContext): Promise<RuleVerifier> {
  if (spec.target !== 'math') throw new UsageError(`model "${spec.source}": ${unknownNameMessage('verifier', spec.target, kinds)}`);
  const opts = parseVerifierOptions(spec);
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
    verdicts,
    async score(batch) {
      return (await verdicts(batch)).map((v) => (v.correct ? 1 : 0));
    },
    async explain(batch) {
      return (await verdicts(batch)).map(explainVerdict);
    },
  };
}

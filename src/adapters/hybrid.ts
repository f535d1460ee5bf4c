import { fingerprintOf } from '../core/canonical.js';
import { ModelError, RewardgaugeError, UsageError } from '../core/errors.js';
import { memberParameter, parseModelSpec, splitTopLevel } from '../core/model-spec.js';
import { defineAdapter, opt } from '../core/define-adapter.js';
import type { LoadedModel, ModelSpec, ScoreRequest } from '../core/types.js';
import { toScalar } from '../metrics/to-scalar.js';
import { explainVerdict, isRuleVerifier, type RuleVerifier } from './verifier.js';

export interface HybridDefinition {
  rule: string;
  model: string;
  threshold: number;
}

export function parseHybrid(spec: Pick<ModelSpec, 'target' | 'options' | 'source'>): HybridDefinition {
  const { target, source } = spec;
  if (!target.startsWith('(') || !target.endsWith(')')) {
    throw new UsageError(`model "${source}": expected hybrid:(RULE,MODEL;threshold=0.5), e.g. "hybrid:(verifier:math,scores:judge.jsonl)"`);
  }
  const [list, ...params] = splitTopLevel(target.slice(1, -1), ';', source);
  const members = splitTopLevel(list!, ',', source).map((m) => m.trim());
  if (members.length !== 2 || members.some((m) => m === '')) {
    throw new UsageError(`model "${source}": a hybrid has exactly two members, a rule verifier and a model, got ${members.filter((m) => m !== '').length}`);
  }
  const thresholdText = memberParameter(params, 'threshold', spec, 'hybrid');
  const threshold = thresholdText === undefined ? 0.5 : parseThreshold(thresholdText, source);
  return { rule: members[0]!, model: members[1]!, threshold };
}

/** The threshold from its text; `source` names the model in the message (the factory adds it for `?threshold=`). */
function parseThreshold(text: string, source?: string): number {
  const v = Number(text);
  if (text === '' || !Number.isFinite(v))
    throw new UsageError(`${source === undefined ? '' : `model "${source}": `}threshold must be a finite number, got "${text}"`);
  return v;
}

/**
 * A rule verifier backed by a model verifier, as in the hybrid of Huang et al. 2025 ("Pitfalls of
 * Rule- and Model-based Verifiers"): the rule decides first; the model is asked only where the
 * rule says 0 because an extracted answer did not match. Where the rule found no answer, or
 * rejected the response as a hack (prompt injection, hidden text, hedging...), the model is not
 * asked: model verifiers are exactly what those tricks fool. So the model can only turn the rule's
 * false negatives (equivalent answers it could not see) into 1.
 *
 * Grammar (the spec's target), consistent with ensemble's parenthesised members:
 *
 *     "(" RULE "," MODEL (";" "threshold" "=" NUMBER)? ")"
 *
 * RULE is a `verifier:` spec; MODEL is any spec whose score ≥ threshold (default 0.5) means
 * "correct", e.g. `hybrid:(verifier:math,scores:judge.jsonl;threshold=0.5)`. The score is 0 or 1.
 */
export default defineAdapter({
  id: 'hybrid',
  description: 'rule verifier first, a model verifier only where the rule says 0 on an extracted answer: (verifier:math,SPEC;threshold=0.5)',
  options: {
    // Checked here like any option; parseHybrid reads it again, since it may also be written inside the parentheses.
    threshold: opt.custom({
      kind: 'number',
      description: 'model score ≥ threshold counts as correct (default 0.5); also written (RULE,MODEL;threshold=…)',
      parse: (text) => parseThreshold(text),
    }),
  },
  async create(spec, _opts, ctx) {
    const def = parseHybrid(spec);
    const load = async (text: string, which: string, id: string): Promise<LoadedModel> => {
      try {
        return await ctx.createMember({ ...parseModelSpec(text), id, ...(spec.baseDir !== undefined && { baseDir: spec.baseDir }) });
      } catch (err) {
        if (err instanceof UsageError) throw new UsageError(`in hybrid "${spec.source}", ${which}: ${err.message}`, { cause: err });
        throw err;
      }
    };
    const ruleLoaded = await load(def.rule, 'the rule', 'rule');
    if (!isRuleVerifier(ruleLoaded.model)) {
      await ruleLoaded.model.dispose?.();
      throw new UsageError(`model "${spec.source}": the first member must be a rule verifier such as verifier:math, got "${def.rule}"`);
    }
    const rule: RuleVerifier = ruleLoaded.model;
    let judge: LoadedModel;
    try {
      judge = await load(def.model, 'the model', 'model');
    } catch (err) {
      await rule.dispose?.();
      throw err;
    }
    if (typeof judge.model.score !== 'function') {
      await Promise.all([rule.dispose?.(), judge.model.dispose?.()]);
      throw new UsageError(`model "${spec.source}": the model member "${def.model}" only compares pairs; a hybrid needs one that scores`);
    }
    const judgeScore = judge.model.score.bind(judge.model);
    const id = spec.id ?? 'hybrid';

    const askModel = async (requests: ScoreRequest[]): Promise<number[]> => {
      const out: number[] = [];
      for (let s = 0; s < requests.length; s += judge.batchSize) {
        const chunk = requests.slice(s, s + judge.batchSize);
        let raw: unknown;
        try {
          raw = await judgeScore(chunk);
        } catch (err) {
          if (err instanceof RewardgaugeError) throw err;
          throw new ModelError(`hybrid "${id}": model "${judge.model.id}" failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        }
        if (!Array.isArray(raw) || raw.length !== chunk.length)
          throw new ModelError(
            `hybrid "${id}": model "${judge.model.id}" returned ${Array.isArray(raw) ? raw.length : typeof raw} results for a batch of ${chunk.length}`,
          );
        for (const [j, r] of (raw as (number | number[])[]).entries()) {
          const v = toScalar(r, judge, () => `request ${s + j + 1} of a batch (hybrid "${id}")`);
          if (!Number.isFinite(v))
            throw new ModelError(`hybrid "${id}": model "${judge.model.id}" returned a score that is not a finite number (${String(r)})`);
          out.push(v);
        }
      }
      return out;
    };

    /** The rule's verdict, and the model verifier's score where it was asked: only on an extracted answer the rule found not equivalent. */
    const decide = async (batch: ScoreRequest[]) => {
      const verdicts = await rule.verdicts(batch);
      const out = verdicts.map((verdict) => ({ verdict, score: verdict.correct ? 1 : 0, judged: undefined as number | undefined }));
      const ask = verdicts.flatMap((v, i) => (!v.correct && v.extracted !== null && v.reason === 'not-equivalent' ? [i] : []));
      if (ask.length > 0) {
        const scores = await askModel(ask.map((i) => batch[i]!));
        ask.forEach((i, k) => {
          out[i]!.judged = scores[k]!;
          out[i]!.score = scores[k]! >= def.threshold ? 1 : 0;
        });
      }
      return out;
    };
    return {
      id,
      spec: spec.source,
      fingerprint: fingerprintOf('hybrid', def.threshold, rule.fingerprint, judge.model.fingerprint, judge.aggregate ?? null),
      batchSize: Math.min(ruleLoaded.batchSize, judge.batchSize),
      // 0 or 1, whatever the member model's scale (its score is thresholded here).
      probabilities: true,
      scoresByKey: judge.model.scoresByKey === true,
      warnings: (judge.model.warnings ?? []).map((w) => `model ${judge.model.id}: ${w}`),
      async score(batch) {
        return (await decide(batch)).map((d) => d.score);
      },
      async explain(batch) {
        return (await decide(batch)).map(
          (d) =>
            `rule: ${explainVerdict(d.verdict)}${d.judged === undefined ? '' : `; model verifier ${judge.model.id}: ${d.judged} ${d.judged >= def.threshold ? '≥' : '<'} ${def.threshold}`}`,
        );
      },
      async dispose() {
        await Promise.all([rule.dispose?.(), judge.model.dispose?.()]);
      },
    };
  },
});

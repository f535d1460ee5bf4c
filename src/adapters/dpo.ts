import { fingerprintOf } from '../core/canonical.js';
import { ModelError, RewardgaugeError, UsageError } from '../core/errors.js';
import { defaultModelId, parseModelSpec, splitTopLevel } from '../core/model-spec.js';
import { unknownNameMessage } from '../core/registry.js';
import { defineAdapter, opt } from '../core/define-adapter.js';
import type { CausalLM, LoadedModel, LogprobRequest, ModelSpec, OptionDefs, RawScore, ScoreRequest } from '../core/types.js';
import { type ImplicitForm, reduce, reduceSteps, refFreeForms, truncate } from './implicit/reward.js';

/**
 * Implicit rewards of a DPO-trained policy (Rafailov et al. 2023; RewardBench's "DPO" models):
 * r = β·(Σ log π(y|x) − Σ log π_ref(y|x)) over the response's tokens, both members asked about the
 * same ids, which the policy's chat template and tokenizer make as RewardBench's DPO inference does
 * (local/causal-encoder.ts): [BOS] + prompt + answer + [EOS], where the answer is everything the
 * template writes after the prompt (assistant header, response, end of turn) and the appended EOS,
 * all summed; RewardBench's truncation (maxLength 2048, the prompt's last maxPromptLength 128).
 * β = 1 is RewardBench's (it has no β). Without a reference, `refFree` picks RewardBench's
 * reference-free reduction of log π: sum, avg (sum ÷ tokens) or norm (−‖log π‖₂).
 * With `context.steps` (PRIME's implicit process reward) it returns one reward per step: the same
 * form over that step's tokens (causal-encoder.ts says which tokens are a step's).
 *
 * Grammar (the spec's target): "(" POLICY ["," REFERENCE] (";" OPTION "=" VALUE)* ")"; the options
 * may also follow the parentheses as ?OPTION=VALUE.
 */
const TOKENIZATION = 1;

const options = {
  beta: opt.number({
    min: 0,
    default: 1,
    description: 'β, the KL weight the policy was trained with (default 1: RewardBench, which has no β); also (P,R;beta=…)',
  }),
  refFree: opt.enum(refFreeForms, {
    description: "no reference: the reduction of the policy's log-probabilities, sum, avg or norm (RewardBench's ref-free forms); also (P;refFree=…)",
  }),
  maxLength: opt.int({ min: 2, default: 2048, description: 'most tokens of prompt and response (default 2048, RewardBench)' }),
  maxPromptLength: opt.int({
    min: 1,
    default: 128,
    description: 'tokens the prompt keeps, its last, when too long (default 128 as RewardBench, or half of a maxLength ≤ 128)',
  }),
};
type Key = keyof typeof options;

interface Parsed {
  members: string[];
  inside: Partial<Record<Key, string>>;
}

function parseTarget(spec: ModelSpec): Parsed {
  const { target, source } = spec;
  if (!target.startsWith('(') || !target.endsWith(')'))
    throw new UsageError(
      `model "${source}": expected dpo:(POLICY,REFERENCE;beta=1) or dpo:(POLICY;refFree=avg), e.g. "dpo:(ort:models/policy,ort:models/sft)"`,
    );
  const [list, ...params] = splitTopLevel(target.slice(1, -1), ';', source);
  const members = splitTopLevel(list!, ',', source).map((m) => m.trim());
  if (members.length > 2 || members.some((m) => m === ''))
    throw new UsageError(`model "${source}": dpo: takes a policy and at most one reference, got ${members.filter(Boolean).length} members`);
  const inside: Partial<Record<Key, string>> = {};
  for (const p of params) {
    const eq = p.indexOf('=');
    const name = (eq < 0 ? p : p.slice(0, eq)).trim();
    if (!(name in options)) throw new UsageError(`model "${source}": ${unknownNameMessage('dpo parameter', name, Object.keys(options))}`);
    if (eq < 0) throw new UsageError(`model "${source}": ${name} needs a value, e.g. ";${name}=…"`);
    if (inside[name as Key] !== undefined || spec.options[name] !== undefined)
      throw new UsageError(`model "${source}": ${name} is given twice (inside the parentheses and/or as ?${name}=); give it once`);
    inside[name as Key] = p.slice(eq + 1).trim();
  }
  return { members, inside };
}

export default defineAdapter({
  id: 'dpo',
  description:
    'implicit reward β·(log π − log π_ref) of a DPO policy over a reference (RewardBench), or reference-free (sum, avg, norm); per step with steps (PRIME)',
  options,
  async create(spec, opts, ctx) {
    const { members, inside } = parseTarget(spec);
    const o = { ...opts };
    for (const [k, text] of Object.entries(inside) as [Key, string][]) {
      try {
        (o as Record<string, unknown>)[k] = (options as OptionDefs)[k]!.parse(text, k, { spec, cwd: ctx.cwd });
      } catch (err) {
        throw err instanceof UsageError ? new UsageError(`model "${spec.source}": ${err.message}`) : err;
      }
    }
    if (members.length === 2 && o.refFree !== undefined)
      throw new UsageError(`model "${spec.source}": refFree is for a policy alone; with a reference the reward is the log-ratio`);
    if (members.length === 1 && o.refFree === undefined)
      throw new UsageError(
        `model "${spec.source}": no reference model; give one, dpo:(POLICY,REFERENCE), or choose a reference-free form with refFree=sum|avg|norm (RewardBench's run_dpo.py defaults to avg)`,
      );
    if (o.maxPromptLength >= o.maxLength) {
      // RewardBench's 128 only makes sense below its 2048: a default follows a smaller maxLength.
      if (inside.maxPromptLength === undefined && spec.options.maxPromptLength === undefined) o.maxPromptLength = Math.floor(o.maxLength / 2);
      else throw new UsageError(`model "${spec.source}": maxPromptLength (${o.maxPromptLength}) must be below maxLength (${o.maxLength})`);
    }
    const form: ImplicitForm = o.refFree ?? 'ratio';

    const loaded: LoadedModel[] = [];
    const disposeAll = async () => {
      const all = loaded.splice(0);
      const results = await Promise.allSettled(all.map((m) => m.model.dispose?.()));
      const failed = results.find((r) => r.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
    };
    const roles = ['policy', 'reference'];
    try {
      for (const [i, text] of members.entries()) {
        try {
          loaded.push(await ctx.createMember({ ...parseModelSpec(text), id: roles[i]!, ...(spec.baseDir !== undefined && { baseDir: spec.baseDir }) }));
        } catch (err) {
          if (err instanceof UsageError) throw new UsageError(`in dpo "${spec.source}", the ${roles[i]}: ${err.message}`, { cause: err });
          throw err;
        }
        const m = loaded[i]!.model;
        if (!m.causal)
          throw new UsageError(
            `model "${spec.source}": the ${roles[i]} "${text}" is not a causal language model with token log-probabilities (an ort: or hf: folder whose config names a *ForCausalLM, or openai-logprobs:URL?tokenizer=DIR)`,
          );
      }
      const [p, r] = loaded.map((m) => m.model.causal!);
      if (r && r.tokenizer !== p!.tokenizer)
        throw new UsageError(
          `model "${spec.source}": the policy's and the reference's tokenizers differ (${p!.tokenizer.slice(0, 19)}… vs ${r.tokenizer.slice(0, 19)}…), so their log-probabilities of the same ids do not compare`,
        );
    } catch (err) {
      await disposeAll().catch(() => {});
      throw err;
    }
    const [policy, reference] = loaded as [LoadedModel, LoadedModel | undefined];
    const causal = (m: LoadedModel): CausalLM => m.model.causal!;
    const id = spec.id ?? defaultModelId(spec);
    const limits = { maxLength: o.maxLength, maxPromptLength: o.maxPromptLength };

    const describe = (q: ScoreRequest) =>
      q.key ? `item "${q.key.item}" candidate "${q.key.candidate}"` : `the request with response ${JSON.stringify(q.response.slice(0, 60))}`;
    const prepare = async (batch: ScoreRequest[]) => {
      const encoded = await causal(policy).encode(batch);
      return encoded.map((e, i) => {
        const t = truncate(e, limits);
        if (t.responseCut && e.stepEnds)
          throw new UsageError(`model "${id}": truncation to maxLength ${o.maxLength} would cut the steps of ${describe(batch[i]!)}; raise maxLength`);
        // A step whose tokens all went to its neighbours has no mean log-probability.
        if (form === 'avg' && e.stepEnds?.some((end, k) => end <= (k === 0 ? e.responseStart : e.stepEnds![k - 1]!)))
          throw new UsageError(`model "${id}": a step of ${describe(batch[i]!)} has no tokens of its own, so refFree=avg is undefined for it`);
        return t;
      });
    };
    const ask = async (m: LoadedModel, rows: LogprobRequest[]): Promise<number[][]> => {
      let out: number[][];
      try {
        out = await causal(m).logprobs(rows);
      } catch (err) {
        if (err instanceof RewardgaugeError) throw err;
        throw new ModelError(`dpo "${id}": the ${m.model.id} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      out.forEach((lp, i) => {
        if (lp.length !== rows[i]!.ids.length - rows[i]!.responseStart || !lp.every(Number.isFinite))
          throw new ModelError(
            `dpo "${id}": the ${m.model.id} returned ${lp.length} log-probabilities (some not finite?) for ${rows[i]!.ids.length - rows[i]!.responseStart} tokens`,
          );
      });
      return out;
    };

    return {
      id,
      spec: spec.source,
      fingerprint: fingerprintOf(
        'dpo',
        { tokenization: TOKENIZATION, beta: o.beta, form, ...limits },
        policy.model.fingerprint,
        reference?.model.fingerprint ?? null,
      ),
      batchSize: Math.min(...loaded.map((m) => m.batchSize)),
      warnings: loaded.flatMap((m) => (m.model.warnings ?? []).map((w) => `${m.model.id}: ${w}`)),
      async score(batch: ScoreRequest[]): Promise<RawScore[]> {
        const rows = await prepare(batch);
        // One member after the other: two local models would compete for one device.
        const pi = await ask(policy, rows);
        const ref = reference ? await ask(reference, rows) : undefined;
        return rows.map((row, i) => (row.stepEnds ? reduceSteps(form, o.beta, row, pi[i]!, ref?.[i]) : reduce(form, o.beta, pi[i]!, ref?.[i])));
      },
      async inspect(batch: ScoreRequest[]) {
        // Nothing to inspect (a cached run) starts no member: an hf: member would start Python.
        const rows = batch.length === 0 ? [] : await prepare(batch);
        // RewardBench's DPO tokenization writes BOS before a template's own on purpose: not a defect to report here.
        const facts = rows.map((t) => ({ tokens: t.tokens, truncated: t.truncated, duplicatedBos: false, missingEnd: undefined, responseCut: t.responseCut }));
        return { maxLength: o.maxLength, expectedEnd: [], facts };
      },
      ...(policy.model.runtime && { runtime: () => policy.model.runtime!() }),
      dispose: disposeAll,
    };
  },
});

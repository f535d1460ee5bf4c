import { fingerprintOf } from '../core/canonical.js';
import { ModelError, RewardgaugeError, UsageError } from '../core/errors.js';
import { defaultModelId, memberParameter, parseModelSpec, splitTopLevel, uniqueIds } from '../core/model-spec.js';
import { unknownNameMessage } from '../core/registry.js';
import { defineAdapter, opt } from '../core/define-adapter.js';
import type { LoadedModel, ModelSpec, RewardModel, ScoreRequest } from '../core/types.js';
import { defaultUwoLambda, ensembleReducer, ensembleReducerIds, isEnsembleReducerId, type EnsembleReducerId } from '../metrics/ensemble.js';
import { toScalar } from '../metrics/to-scalar.js';

export interface EnsembleDefinition {
  reducer: EnsembleReducerId;
  /** The members' spec strings, as written. */
  members: string[];
  /** Set for `uwo` only. */
  lambda?: number;
}

/** λ from its text; `source` names the model in the message (the factory adds it for `?lambda=`). */
function parseLambda(text: string, source?: string): number {
  const v = Number(text);
  const at = source === undefined ? '' : `model "${source}": `;
  if (text.trim() === '' || !Number.isFinite(v)) throw new UsageError(`${at}lambda must be a finite number, got "${text}"`);
  if (v < 0) throw new UsageError(`${at}lambda must be ≥ 0 (it subtracts λ·variance), got "${text}"`);
  return v;
}

/** Parse an ensemble spec's target, e.g. `uwo(heuristic:length,onnx:m?device=cpu;lambda=0.1)`. */
export function parseEnsemble(spec: Pick<ModelSpec, 'target' | 'options' | 'source'>): EnsembleDefinition {
  const { target, source } = spec;
  const open = target.indexOf('(');
  if (open < 0 || !target.endsWith(')')) {
    throw new UsageError(
      `model "${source}": expected ensemble:REDUCER(SPEC,SPEC,...), e.g. "ensemble:mean(heuristic:length,heuristic:random)"; REDUCER is one of ${ensembleReducerIds.join(', ')}`,
    );
  }
  const name = target.slice(0, open);
  if (!isEnsembleReducerId(name)) throw new UsageError(`model "${source}": ${unknownNameMessage('ensemble reducer', name, ensembleReducerIds)}`);
  const inner = target.slice(open + 1, -1);
  // The outer parentheses must enclose everything: `mean(a)(b)` and `mean(a))` are errors.
  const [list, ...params] = splitTopLevel(inner, ';', source);
  const members = list!.trim() === '' ? [] : splitTopLevel(list!, ',', source).map((m) => m.trim());
  if (members.length === 0)
    throw new UsageError(
      `model "${source}": the ensemble has no members; list model specs inside the parentheses, e.g. "ensemble:${name}(heuristic:length,heuristic:random)"`,
    );
  members.forEach((m, i) => {
    if (m === '') throw new UsageError(`model "${source}": member ${i + 1} of the ensemble is empty (two commas in a row?)`);
  });

  const lambdaText = memberParameter(params, 'lambda', spec, 'ensemble');
  const def: EnsembleDefinition = { reducer: name, members };
  if (lambdaText !== undefined) {
    const lambda = parseLambda(lambdaText, source);
    if (name !== 'uwo') throw new UsageError(`model "${source}": lambda applies to uwo only, not ${name}`);
    def.lambda = lambda;
  } else if (name === 'uwo') {
    def.lambda = defaultUwoLambda;
  }
  return def;
}

interface Member {
  loaded: LoadedModel;
  score: NonNullable<RewardModel['score']>;
  /** What determines this member's scalar scores: its model and its step aggregation. */
  identity: string;
}

/**
 * Ensembles of other models (Coste et al. 2024): every member scores every request and a
 * reducer combines one candidate's member scores into its score.
 *
 * Grammar (the spec's target):
 *
 *     REDUCER "(" MEMBER ("," MEMBER)* (";" PARAM "=" VALUE)* ")"
 *     REDUCER = mean | wco | uwo        PARAM = lambda (uwo only)
 *
 * A MEMBER is any model spec, with its own `?options` and nested ensembles; commas, `;` and `?`
 * inside parentheses belong to the member. Options after the closing parenthesis belong to the
 * ensemble itself (`ensemble:uwo(a,b)?lambda=0.1&id=e`).
 *
 * Member order does not matter: members are reduced in the order of their fingerprints, so
 * `mean(a,b)` and `mean(b,a)` give bit-identical scores and share one fingerprint (the cache).
 * Repeated members count with their multiplicity (`mean(a,a,b)` weighs a twice).
 */
export default defineAdapter({
  id: 'ensemble',
  description: 'ensembles of other model specs: mean(A,B,...), wco(A,B,...) = min, uwo(A,B,...;lambda=0.5) = mean − λ·population variance',
  options: {
    // Checked here like any option; parseEnsemble reads it again, since λ may also be written inside the parentheses.
    lambda: opt.custom({
      kind: 'number ≥ 0',
      description: `uwo: weight of the members' population variance (default ${defaultUwoLambda}); also written uwo(A,B;lambda=…)`,
      parse: (text) => parseLambda(text),
    }),
  },
  async create(spec, _opts, ctx) {
    const def = parseEnsemble(spec);
    // A member's own usage errors say which ensemble and member they come from (nested: each level).
    const inMember = (i: number, err: unknown): unknown =>
      err instanceof UsageError ? new UsageError(`in ensemble "${spec.source}", member ${i + 1}: ${err.message}`, { cause: err }) : err;
    const specs = def.members.map((m, i) => {
      try {
        return { ...parseModelSpec(m), ...(spec.baseDir !== undefined && { baseDir: spec.baseDir }) };
      } catch (err) {
        throw inMember(i, err);
      }
    });
    const ids = uniqueIds(specs.map(defaultModelId));
    const members: Member[] = [];
    const disposeAll = async (): Promise<void> => {
      const errors: unknown[] = [];
      for (const m of members.splice(0)) {
        try {
          await m.loaded.model.dispose?.();
        } catch (err) {
          errors.push(err);
        }
      }
      if (errors.length > 0) throw errors[0];
    };
    try {
      for (const [i, s] of specs.entries()) {
        let loaded: LoadedModel;
        try {
          loaded = await ctx.createMember({ ...s, id: ids[i]! });
        } catch (err) {
          if (err instanceof RewardgaugeError) throw inMember(i, err);
          throw new ModelError(`ensemble "${spec.source}": could not load member "${s.source}": ${err instanceof Error ? err.message : String(err)}`, {
            cause: err,
          });
        }
        const { model } = loaded;
        if (typeof model.score !== 'function') {
          await model.dispose?.();
          throw new UsageError(
            `model "${spec.source}": member "${s.source}" (${model.id}) only compares pairs and gives no scores; an ensemble needs members that score`,
          );
        }
        members.push({ loaded, score: model.score.bind(model), identity: fingerprintOf(model.fingerprint, loaded.aggregate ?? null) });
      }
    } catch (err) {
      await disposeAll().catch(() => {});
      throw err;
    }

    // Reduce in a canonical order (by fingerprint), so member order changes neither value nor cache.
    const order = members
      .map((_, i) => i)
      .sort((a, b) => (members[a]!.identity < members[b]!.identity ? -1 : members[a]!.identity > members[b]!.identity ? 1 : a - b));
    const reduce = ensembleReducer(def.reducer, def.lambda);
    const warnings = members.flatMap((m) => (m.loaded.model.warnings ?? []).map((w) => `member ${m.loaded.model.id}: ${w}`));
    const id = spec.id ?? defaultModelId(spec);

    const memberScores = async (m: Member, batch: ScoreRequest[]): Promise<number[]> => {
      const { model } = m.loaded;
      const out: number[] = [];
      for (let s = 0; s < batch.length; s += m.loaded.batchSize) {
        const chunk = batch.slice(s, s + m.loaded.batchSize);
        let raw: unknown;
        try {
          raw = await m.score(chunk);
        } catch (err) {
          if (err instanceof RewardgaugeError) throw err;
          throw new ModelError(`ensemble "${id}": member "${model.id}" failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        }
        if (!Array.isArray(raw) || raw.length !== chunk.length) {
          throw new ModelError(
            `ensemble "${id}": member "${model.id}" returned ${Array.isArray(raw) ? raw.length : typeof raw} results for a batch of ${chunk.length}`,
          );
        }
        raw.forEach((r, j) => {
          const valid = typeof r === 'number' || (Array.isArray(r) && r.length > 0 && r.every((x) => typeof x === 'number'));
          const v = valid ? toScalar(r, m.loaded, () => `request ${s + j + 1} of a batch (ensemble "${id}")`) : NaN;
          if (!Number.isFinite(v)) {
            throw new ModelError(
              `ensemble "${id}": member "${model.id}" (${m.loaded.spec.source}) returned a score that is not a finite number (${JSON.stringify(r) ?? String(r)}) for request ${s + j + 1} of a batch`,
            );
          }
          out.push(v);
        });
      }
      return out;
    };

    return {
      id,
      spec: spec.source,
      fingerprint: fingerprintOf(
        'ensemble',
        def.reducer,
        def.lambda ?? null,
        order.map((i) => members[i]!.identity),
      ),
      batchSize: Math.min(...members.map((m) => m.loaded.batchSize)),
      baseline: members.every((m) => m.loaded.model.baseline === true),
      // Any member that looks scores up by key makes the cache key on it too (never share wrongly).
      scoresByKey: members.some((m) => m.loaded.model.scoresByKey === true),
      warnings,
      async score(batch) {
        // Members run one after another (local models would compete for one device).
        const per: number[][] = [];
        for (const i of order) per.push(await memberScores(members[i]!, batch));
        return batch.map((_, j) => reduce(per.map((p) => p[j]!)));
      },
      dispose: disposeAll,
    };
  },
});

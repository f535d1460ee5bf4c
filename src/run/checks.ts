import { cacheKey, type ScoreStore } from '../core/cache.js';
import type { TokenizationCheck } from '../core/run-schema.js';
import type { RewardModel, ScoreRequest, TokenFacts } from '../core/types.js';

/**
 * The tokenization checks of a local model, per suite: how many requests were truncated, started
 * with a doubled BOS, or lack the end token the template expects. These broke published
 * RewardBench scores (reward-bench #164, #90/#94); here they are counted on every run, from the
 * model's own tokenizer, and turned into warnings when non-zero. The facts are kept in the
 * model's score cache (under `tokens:` keys), so a rerun from the cache tokenizes nothing either.
 */

/** Facts as cache values: [tokens, truncated, duplicatedBos, missingEnd (−1 = not expected), responseCut]. */
const pack = (f: TokenFacts): number[] => [
  f.tokens,
  Number(f.truncated),
  Number(f.duplicatedBos),
  f.missingEnd === undefined ? -1 : Number(f.missingEnd),
  Number(f.responseCut),
];
const unpack = (v: number[]): TokenFacts => ({
  tokens: v[0]!,
  truncated: v[1] === 1,
  duplicatedBos: v[2] === 1,
  missingEnd: v[3] === -1 ? undefined : v[3] === 1,
  responseCut: v[4] === 1,
});

/** `byKey`: distinct requests by their cache key. */
async function factsOf(model: RewardModel, byKey: ReadonlyMap<string, ScoreRequest>, store: ScoreStore) {
  const requests = [...byKey.values()];
  const keys = [...byKey.keys()].map((k) => `tokens:${k}`);
  // Facts cached before responseCut existed (four values) are asked again.
  const missing = keys.flatMap((k, i) => {
    const v = store.get(k);
    return Array.isArray(v) && v.length >= 5 ? [] : [i];
  });
  const { maxLength, expectedEnd, facts } = await model.inspect!(missing.map((i) => requests[i]!));
  await store.put(missing.map((i, j) => [keys[i]!, pack(facts[j]!)] as const));
  return { maxLength, expectedEnd, facts: keys.map((k) => unpack(store.get(k) as number[])) };
}

export async function tokenizationChecks(
  model: RewardModel,
  perSuite: readonly { suite: string; requests: readonly ScoreRequest[] }[],
  store: ScoreStore,
): Promise<{ checks: TokenizationCheck[]; warnings: string[] }> {
  const checks: TokenizationCheck[] = [];
  const warnings: string[] = [];
  if (!model.inspect) return { checks, warnings };
  for (const { suite, requests } of perSuite) {
    // The same text asked twice (e.g. a shared reference answer) is one request, as in the cache.
    const unique = new Map(requests.map((r) => [cacheKey({ kind: 'score', request: r }, false), r]));
    if (unique.size === 0) continue;
    const { maxLength, expectedEnd, facts } = await factsOf(model, unique, store);
    const tokens = facts.map((f) => f.tokens).sort((a, b) => a - b);
    const count = (pred: (f: (typeof facts)[number]) => boolean) => facts.filter(pred).length;
    const truncated = count((f) => f.truncated);
    const responsesCut = count((f) => f.responseCut);
    const duplicatedBos = count((f) => f.duplicatedBos);
    const expects = facts.some((f) => f.missingEnd !== undefined);
    const missingEnd = expects ? count((f) => f.missingEnd === true) : null;
    const n = facts.length;
    checks.push({
      suite,
      requests: n,
      maxLength,
      meanTokens: tokens.reduce((a, b) => a + b, 0) / n,
      p95Tokens: tokens[Math.ceil(0.95 * n) - 1]!,
      maxTokens: tokens[n - 1]!,
      truncated,
      truncationRate: truncated / n,
      responsesCut,
      duplicatedBos,
      missingEnd,
      expectedEnd,
    });
    const share = (k: number) => `${k} of ${n} requests (${((100 * k) / n).toFixed(1)}%)`;
    if (truncated > 0) {
      const cut =
        responsesCut === 0
          ? 'every response was kept whole (the start of the conversation was dropped)'
          : `${responsesCut} of them lost part of the response itself`;
      warnings.push(`${suite}: ${share(truncated)} are longer than ${maxLength} tokens and were truncated; ${cut}`);
    }
    if (duplicatedBos > 0)
      warnings.push(`${suite}: ${share(duplicatedBos)} start with a doubled BOS token (the chat template writes BOS and the tokenizer added another)`);
    if (missingEnd) warnings.push(`${suite}: ${share(missingEnd)} do not end with ${expectedEnd.join(' ')}, which the model's template puts after a response`);
  }
  return { checks, warnings };
}

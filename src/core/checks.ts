import { canonicalJson } from './canonical.js';
import type { TokenizationCheck } from './run-schema.js';
import type { RewardModel, ScoreRequest } from './types.js';

/**
 * The tokenization checks of a local model, per suite: how many requests were truncated, started
 * with a doubled BOS, or lack the end token the template expects. These broke published
 * RewardBench scores (reward-bench #164, #90/#94); here they are counted on every run, from the
 * model's own tokenizer, and turned into warnings when non-zero.
 */
export async function tokenizationChecks(
  model: RewardModel,
  perSuite: readonly { suite: string; requests: readonly ScoreRequest[] }[],
): Promise<{ checks: TokenizationCheck[]; warnings: string[] }> {
  const checks: TokenizationCheck[] = [];
  const warnings: string[] = [];
  if (!model.inspect) return { checks, warnings };
  for (const { suite, requests } of perSuite) {
    // The same text asked twice (e.g. a shared reference answer) is one request, as in the cache.
    const unique = [...new Map(requests.map((r) => [canonicalJson({ m: r.messages, r: r.response, c: r.context }), r])).values()];
    if (unique.length === 0) continue;
    const { maxLength, expectedEnd, facts } = await model.inspect(unique);
    const tokens = facts.map((f) => f.tokens).sort((a, b) => a - b);
    const count = (pred: (f: (typeof facts)[number]) => boolean) => facts.filter(pred).length;
    const truncated = count((f) => f.truncated);
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
      duplicatedBos,
      missingEnd,
      expectedEnd,
    });
    const share = (k: number) => `${k} of ${n} requests (${((100 * k) / n).toFixed(1)}%)`;
    if (truncated > 0) warnings.push(`${suite}: ${share(truncated)} are longer than ${maxLength} tokens and were truncated`);
    if (duplicatedBos > 0) warnings.push(`${suite}: ${share(duplicatedBos)} start with a doubled BOS token (the chat template writes BOS and the tokenizer added another)`);
    if (missingEnd) warnings.push(`${suite}: ${share(missingEnd)} do not end with ${expectedEnd.join(' ')}, which the model's template puts after a response`);
  }
  return { checks, warnings };
}

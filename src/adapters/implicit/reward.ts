import type { LogprobRequest } from '../../core/types.js';

/**
 * The arithmetic of implicit rewards, apart from any model: RewardBench's DPO truncation and its
 * reductions of per-token log-probabilities (rewardbench/dpo.py `tokenize_row`, `get_batch_logps`).
 */

/** How log-probabilities become a reward: the DPO log-ratio, or one of RewardBench's reference-free forms. */
export type ImplicitForm = 'ratio' | 'sum' | 'avg' | 'norm';
export const refFreeForms = ['sum', 'avg', 'norm'] as const;

export interface Truncation {
  /** Most tokens of prompt and response together (RewardBench: 2048). */
  maxLength: number;
  /** Tokens the prompt keeps, its last ones, when the whole is too long (RewardBench: 128). */
  maxPromptLength: number;
}

export interface Truncated extends LogprobRequest {
  /** Tokens before truncation. */
  tokens: number;
  truncated: boolean;
  /** The response lost its end. */
  responseCut: boolean;
}

/**
 * tokenize_row's rule for one sequence: when prompt + response exceed maxLength, the prompt keeps its
 * last maxPromptLength tokens (BOS included in what may go); when that is still too long, the
 * response keeps its first maxLength − maxPromptLength tokens. (RewardBench decides with the longer
 * of the chosen and rejected responses of a pair; here each response decides for itself, so a score
 * does not depend on which other response it is compared with.) Step ends move with the prompt cut.
 * A request with steps whose response would be cut is refused by the caller.
 */
export function truncate(r: LogprobRequest, t: Truncation): Truncated {
  const prompt = r.responseStart;
  const response = r.ids.length - prompt;
  const drop = prompt + response > t.maxLength && prompt > t.maxPromptLength ? prompt - t.maxPromptLength : 0;
  const cut = prompt - drop + response > t.maxLength;
  const keep = cut ? t.maxLength - t.maxPromptLength : response;
  return {
    ids: r.ids.slice(drop, prompt + keep),
    responseStart: prompt - drop,
    ...(r.stepEnds && { stepEnds: r.stepEnds.map((e) => e - drop) }),
    tokens: r.ids.length,
    truncated: drop > 0 || cut,
    responseCut: cut,
  };
}

/** One form over one span of per-token log-probabilities (policy, and reference for `ratio`), times β. */
export function reduce(form: ImplicitForm, beta: number, policy: readonly number[], reference?: readonly number[]): number {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < policy.length; i++) {
    const x = policy[i]!;
    sum += form === 'ratio' ? x - reference![i]! : x;
    squares += x * x;
  }
  if (form === 'avg') return (beta * sum) / policy.length;
  if (form === 'norm') return -beta * Math.sqrt(squares);
  return beta * sum;
}

/** Per step: the form over the step's tokens [previous end, end), positions relative to `responseStart`. */
export function reduceSteps(form: ImplicitForm, beta: number, r: LogprobRequest, policy: readonly number[], reference?: readonly number[]): number[] {
  const ends = r.stepEnds ?? [r.ids.length];
  let from = 0;
  return ends.map((end) => {
    const to = end - r.responseStart;
    const v = reduce(form, beta, policy.slice(from, to), reference?.slice(from, to));
    from = to;
    return v;
  });
}

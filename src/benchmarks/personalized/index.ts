import { UsageError } from '../../core/errors.js';
import type { Answer, ItemOutcome, ItemView, MetricDef, Query, Suite } from '../../core/suite.js';
import { DEFAULT_MODES, DEFAULT_PROFILE_K, loadPersonalized, messagesFor, MODES, settings, type Mode, type PersonalizedItem } from './data.js';

/**
 * Personalized RewardBench (Ma et al. 2026): is the response that follows this user's rubric
 * scored above the one that violates it, with no user context, with the user's past posts, and
 * with the rubric itself? See README.md.
 */

const SIDES = ['chosen', 'rejected'] as const;
const candidate = (m: Mode, side: (typeof SIDES)[number]): string => `${m}:${side}`;

const perMode = (m: Mode): MetricDef[] => [
  {
    id: `accuracy_${m}`,
    description: `mode ${m}: mean of 1[s_chosen > s_rejected], a tie counting 0; for a judge, the mean over both orders of 1[P(chosen ≻ rejected) > ½]`,
    higherIsBetter: true,
    tiedBy: [`ties_${m}`],
  },
  { id: `margin_${m}`, description: `mode ${m}: mean of s_chosen − s_rejected (models that score only)`, higherIsBetter: true },
  { id: `ties_${m}`, description: `mode ${m}: share of tied pairs, s_chosen = s_rejected (a judge: P = ½, over both orders)`, higherIsBetter: false },
  {
    id: `position_bias_${m}`,
    description: `mode ${m}: |acc(chosen shown first) − acc(chosen shown second)|, judges only`,
    higherIsBetter: false,
    reduce: 'abs',
    of: `order_gap_${m}`,
    tiedBy: [`ties_${m}`],
  },
];

export const metrics: readonly MetricDef[] = [
  ...MODES.flatMap(perMode),
  {
    id: 'gap_profile',
    description: 'mean of the per-item difference accuracy_profile − accuracy_none (paired over items)',
    higherIsBetter: true,
    tiedBy: ['ties_profile', 'ties_none'],
  },
  {
    id: 'gap_rubric',
    description: 'mean of the per-item difference accuracy_rubric − accuracy_none (paired over items)',
    higherIsBetter: true,
    tiedBy: ['ties_rubric', 'ties_none'],
  },
];

export function plan(item: PersonalizedItem, can: { score: boolean; compare: boolean }, options: Record<string, string>): Query[] {
  const { modes } = settings(options);
  if (can.score) {
    return modes.flatMap((m) => {
      const messages = messagesFor(item, m);
      return SIDES.map((side) => ({
        kind: 'score' as const,
        request: { messages, response: item[side], key: { item: item.key, candidate: candidate(m, side) } },
      }));
    });
  }
  if (!can.compare) throw new UsageError('the model can neither score nor compare responses');
  // Both orders, so position bias is measured on every item rather than on a random half.
  return modes.flatMap((m) => {
    const messages = messagesFor(item, m);
    const [c, r] = [candidate(m, 'chosen'), candidate(m, 'rejected')];
    return [
      { kind: 'compare' as const, request: { messages, a: item.chosen, b: item.rejected, key: { item: item.key, a: c, b: r } } },
      { kind: 'compare' as const, request: { messages, a: item.rejected, b: item.chosen, key: { item: item.key, a: r, b: c } } },
    ];
  });
}

const win = (p: number): number => (p > 0.5 ? 1 : 0);

export function outcome(item: PersonalizedItem, answers: readonly Answer[], options: Record<string, string>): ItemOutcome {
  const { modes } = settings(options);
  if (answers.length !== 2 * modes.length || answers.some((a) => a.kind !== answers[0]!.kind)) {
    throw new Error(`internal: ${answers.length} answers for personalized item ${item.id} in ${modes.length} mode(s)`);
  }
  const values: Record<string, number> = {};
  const record: Record<string, number> = {};
  const margins: number[] = [];
  const scored = answers[0]!.kind === 'score';
  modes.forEach((m, k) => {
    const x = answers[2 * k]!.value;
    const y = answers[2 * k + 1]!.value;
    if (scored) {
      record[candidate(m, 'chosen')] = x;
      record[candidate(m, 'rejected')] = y;
      values[`accuracy_${m}`] = x > y ? 1 : 0;
      values[`margin_${m}`] = x - y;
      values[`ties_${m}`] = x === y ? 1 : 0;
      margins.push(x - y);
    } else {
      record[`${candidate(m, 'chosen')}>${candidate(m, 'rejected')}`] = x;
      record[`${candidate(m, 'rejected')}>${candidate(m, 'chosen')}`] = y;
      // P(chosen ≻ rejected) with the chosen shown first (as a), and shown second (as b).
      const first = x;
      const second = 1 - y;
      values[`accuracy_${m}`] = (win(first) + win(second)) / 2;
      values[`ties_${m}`] = ((first === 0.5 ? 1 : 0) + (y === 0.5 ? 1 : 0)) / 2;
      values[`order_gap_${m}`] = win(first) - win(second);
      margins.push(first - 0.5, second - 0.5);
    }
  });
  for (const m of ['profile', 'rubric'] as const) {
    const a = values[`accuracy_${m}`];
    const none = values.accuracy_none;
    if (a !== undefined && none !== undefined) values[`gap_${m}`] = a - none;
  }
  return { values, detail: scored ? { scores: record } : { verdicts: record }, margin: Math.min(...margins) };
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(4));

/** The drill-down: the question, what the contexts hold, the per-mode scores, and both responses. */
export function view(item: PersonalizedItem, result: ItemOutcome): ItemView {
  const scores = (result.detail.scores ?? {}) as Record<string, number>;
  const verdicts = (result.detail.verdicts ?? {}) as Record<string, number>;
  const modes = MODES.filter((m) => `${m}:chosen` in scores || `${m}:chosen>${m}:rejected` in verdicts);
  const categories = [...new Set(item.posts.map((p) => p.category))];
  const lines = [
    item.question,
    '',
    `Profile: ${item.profileSize} post(s), the first ${item.posts.length} shown in profile mode (categories: ${categories.join(', ') || 'none'})`,
    `Rubric: ${item.aspects.join('; ') || 'none'}`,
    ...modes.map(
      (m) =>
        `${m} mode: ` +
        (`${m}:chosen` in scores
          ? `chosen ${fmt(scores[`${m}:chosen`]!)}, rejected ${fmt(scores[`${m}:rejected`]!)}`
          : `P(chosen ≻ rejected) ${fmt(verdicts[`${m}:chosen>${m}:rejected`]!)} shown first, ${fmt(1 - verdicts[`${m}:rejected>${m}:chosen`]!)} shown second`),
    ),
  ];
  const shown = modes.includes('profile') ? 'profile' : modes[0];
  const withScore = (side: (typeof SIDES)[number]) => {
    const s = shown === undefined ? undefined : scores[candidate(shown, side)];
    return { id: side, role: side, text: item[side], ...(s !== undefined && { score: s }) };
  };
  return { prompt: lines.join('\n'), candidates: SIDES.map(withScore) };
}

export const suite: Suite<PersonalizedItem> = {
  id: 'personalized',
  version: '1',
  description: 'Personalized RewardBench: the rubric-following vs rubric-violating response, with no context, the user profile, or the rubric',
  defaultData: 'personalized.jsonl',
  primaryMetric: 'accuracy_profile',
  metrics,
  options: {
    modes: { description: `context modes to score, comma-separated, of ${MODES.join(', ')}`, default: DEFAULT_MODES },
    profileK: {
      description: 'profile mode: how many profile posts to show, the first ones in file order (the paper: top 10 by Contriever)',
      default: String(DEFAULT_PROFILE_K),
    },
  },
  load: loadPersonalized,
  plan,
  outcome,
  view,
};

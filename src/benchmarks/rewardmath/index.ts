import { listOption, loadPreference } from '../common.js';
import { planPreference, preferenceAnswers, viewPreference, type PreferenceItem } from '../preference.js';
import type { Answer, MetricDef, Query, Suite } from '../../core/suite.js';
import { beatsAll, beatsAllWithTies, matrixFromScores, reciprocalRank } from '../../metrics/preference.js';
import { tiedAtTop, tiedPairShare } from '../../metrics/ties.js';
import { pairWinRate, restyledAccuracy, styleConsistency } from '../../metrics/robustness.js';
import { parseRewardMath } from './layouts.js';
import { ERROR_TYPES } from './taxonomy.js';

/** RewardMATH (Kim et al. 2024): one correct solution against many flawed ones, and against restyled copies of itself. See README.md. */

const perErrorType: MetricDef[] = ERROR_TYPES.map((type) => ({
  id: `pair_accuracy_${type}`,
  description: `mean over ${type} solutions of 1[chosen > it] (built-in data's error labels)`,
  higherIsBetter: true,
  tiedBy: [`tied_pairs_${type}`],
}));

/** Restyled copies were planned only when the model scores (then its answers are all scores). */
const allScores = (answers: readonly Answer[]): boolean => answers.length > 0 && answers.every((a) => a.kind === 'score');

/** Restyled copies are scored after the planned preference queries, by score-capable models only. */
function restyledQueries(item: PreferenceItem): Query[] {
  return (item.restyled ?? []).map((c) => ({
    kind: 'score' as const,
    request: { messages: item.messages, response: c.text, ...(c.steps && { context: { steps: c.steps } }), key: { item: item.key, candidate: c.id } },
  }));
}

export const suite: Suite<PreferenceItem> = {
  id: 'rewardmath',
  version: '2',
  description: 'one correct math solution vs many flawed ones (RewardMATH): accuracy, MRR, accuracy per error type, and style robustness',
  defaultData: 'rewardmath.jsonl',
  primaryMetric: 'accuracy',
  // A PRM's accuracy with responses scored by the sum and by the min of their steps (PURE), beside ?aggregate='s.
  creditForms: true,
  metrics: [
    { id: 'accuracy', description: 'mean of 1[chosen > every rejected]', higherIsBetter: true, tiedBy: ['tied'] },
    { id: 'accuracy_with_ties', description: 'mean of 1[chosen ≥ every rejected]', higherIsBetter: true, tiedBy: ['tied'] },
    { id: 'mrr', description: 'mean of 1 / (1 + #{rejected ≥ chosen}): ties rank above the chosen', higherIsBetter: true, tiedBy: ['tied'] },
    {
      id: 'pair_accuracy',
      description: 'mean over rejected of 1[chosen > it]: one-to-one accuracy inside each problem',
      higherIsBetter: true,
      tiedBy: ['tied_pairs'],
    },
    ...perErrorType,
    {
      id: 'style_consistency',
      description: 'mean over (restyled correct s, flawed f) of 1[1[c > f] = 1[s > f]]: the verdict survives restyling the correct solution',
      higherIsBetter: true,
      tiedBy: ['tied_restyled'],
    },
    { id: 'accuracy_restyled', description: 'mean over restyled correct s of 1[s > every rejected]', higherIsBetter: true, tiedBy: ['tied_restyled'] },
  ],
  options: {
    exclude: {
      description: 'comma-separated solution sources (solution_reference) to leave out of the rejected set, like the reference code’s except_model',
      default: '',
    },
  },
  async load(file, options, read) {
    const data = await loadPreference(file, parseRewardMath, read);
    const exclude = listOption(options.exclude);
    if (exclude.size === 0) return data;
    const base = (id: string): string => id.replace(/#\d+$/, '');
    const items = data.items.map((it) => ({ ...it, rejected: it.rejected.filter((c) => !exclude.has(base(c.id))) })).filter((it) => it.rejected.length > 0);
    const dropped = data.items.length - items.length;
    const warnings = dropped > 0 ? [...data.warnings, `${dropped} item(s) had no rejected solution left after exclude and were dropped`] : data.warnings;
    return { ...data, items, warnings };
  },
  plan: (item, can) => [...planPreference(item, can), ...(can.score ? restyledQueries(item) : [])],
  outcome(item, answers: readonly Answer[]) {
    const styled = allScores(answers) ? (item.restyled ?? []) : [];
    const main = answers.slice(0, answers.length - styled.length);
    const { P, detail, margin } = preferenceAnswers(item, main);
    const values: Record<string, number> = { accuracy: beatsAll(P), accuracy_with_ties: beatsAllWithTies(P), mrr: reciprocalRank(P) };
    values.tied = tiedAtTop(P);
    values.pair_accuracy = pairWinRate(
      P,
      item.rejected.map((_, j) => j),
    );
    values.tied_pairs = tiedPairShare(P);
    for (const type of ERROR_TYPES) {
      const of = item.rejected.flatMap((c, j) => (c.meta?.error_type === type ? [j] : []));
      if (of.length > 0) {
        values[`pair_accuracy_${type}`] = pairWinRate(P, of);
        values[`tied_pairs_${type}`] = tiedPairShare(P, of);
      }
    }
    if (styled.length > 0) {
      const scores = answers.map((a) => a.value);
      const nc = item.chosen.length;
      const chosen = Math.min(...scores.slice(0, nc));
      const rejected = scores.slice(nc, nc + item.rejected.length);
      const restyled = scores.slice(answers.length - styled.length);
      values.style_consistency = styleConsistency(chosen, restyled, rejected);
      values.accuracy_restyled = restyledAccuracy(restyled, rejected);
      values.tied_restyled = tiedPairShare(matrixFromScores(restyled, rejected));
      styled.forEach((c, k) => ((detail.scores as Record<string, number>)[c.id] = restyled[k]!));
    }
    return { values, detail, margin };
  },
  view: viewPreference,
};

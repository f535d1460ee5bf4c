import { listOption, loadPreference } from '../common.js';
import { planPreference, preferenceAnswers, viewPreference, type PreferenceItem } from '../../core/preference.js';
import type { Suite } from '../../core/suite.js';
import { beatsAll, beatsAllWithTies, reciprocalRank } from '../../metrics/preference.js';
import { parseRewardMath } from './layouts.js';

/** RewardMATH (Kim et al. 2024): one correct solution against many flawed ones. See README.md. */
export const suite: Suite<PreferenceItem> = {
  id: 'rewardmath',
  version: '1',
  description: 'one correct math solution vs many flawed ones (RewardMATH): accuracy, accuracy_with_ties, MRR',
  defaultData: 'rewardmath.jsonl',
  primaryMetric: 'accuracy',
  metrics: [
    { id: 'accuracy', description: 'mean of 1[chosen > every rejected]', higherIsBetter: true },
    { id: 'accuracy_with_ties', description: 'mean of 1[chosen ≥ every rejected]', higherIsBetter: true },
    { id: 'mrr', description: 'mean of 1 / (1 + #{rejected ≥ chosen}): ties rank above the chosen', higherIsBetter: true },
  ],
  options: {
    exclude: {
      description: 'comma-separated solution sources (solution_reference) to leave out of the rejected set, like the reference code’s except_model',
      default: '',
    },
  },
  async load(file, options) {
    const data = await loadPreference(file, parseRewardMath);
    const exclude = listOption(options.exclude);
    if (exclude.size === 0) return data;
    const base = (id: string): string => id.replace(/#\d+$/, '');
    const items = data.items
      .map((it) => ({ ...it, rejected: it.rejected.filter((c) => !exclude.has(base(c.id))) }))
      .filter((it) => it.rejected.length > 0);
    const dropped = data.items.length - items.length;
    const warnings = dropped > 0 ? [...data.warnings, `${dropped} item(s) had no rejected solution left after exclude and were dropped`] : data.warnings;
    return { ...data, items, warnings };
  },
  plan: (item, can) => planPreference(item, can),
  outcome(item, answers) {
    const { P, detail, margin } = preferenceAnswers(item, answers);
    return { values: { accuracy: beatsAll(P), accuracy_with_ties: beatsAllWithTies(P), mrr: reciprocalRank(P) }, detail, margin };
  },
  view: viewPreference,
};

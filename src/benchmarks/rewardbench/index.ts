import { hubUri, loadPreference } from '../common.js';
import { parsePairwise } from '../pairwise/index.js';
import { planPreference, preferenceAnswers, viewPreference, type PreferenceItem } from '../preference.js';
import type { PresetSource, Suite } from '../../core/suite.js';
import { pairAccuracy } from '../../metrics/preference.js';
import { tiedAtTop } from '../../metrics/ties.js';
import { EXAMPLE_COUNTS, PREF_TEST_SPLITS, sectionMetrics } from './sections.js';

/** RewardBench 1 as its leaderboard scores it: strict pair accuracy, count-weighted sections, the weighted score. See README.md. */

const PRESET: PresetSource = {
  dataset: 'allenai/reward-bench',
  revision: 'main',
  split: 'filtered',
  rows: 2985,
  reference: 'allenai/reward-bench scripts/run_rm.py, rewardbench/constants.py, analysis/get_benchmark_results.py',
};
const DATA = hubUri(PRESET);
const PRIOR_URI = 'hf://datasets/allenai/pref-test-sets';

export const suite: Suite<PreferenceItem> = {
  id: 'rewardbench',
  version: '1',
  description: 'RewardBench 1 (allenai/reward-bench, filtered): strict pair accuracy per subset, the four count-weighted sections and the leaderboard score',
  defaultData: DATA,
  preset: PRESET,
  dataParts: (options) => [
    { uri: DATA },
    ...(options.prior === 'include' ? PREF_TEST_SPLITS.map((split) => ({ uri: `${PRIOR_URI}/${split}`, subset: split })) : []),
  ],
  primaryMetric: 'score',
  metrics: [
    ...sectionMetrics('accuracy', '', ''),
    { id: 'accuracy', description: 'mean of 1[s_chosen > s_rejected]: a tie counts 0, as in RewardBench', higherIsBetter: true, tiedBy: ['tied'] },
    ...sectionMetrics('accuracy_ties_half', '_ties_half', ', a tie counting ½'),
    { id: 'accuracy_ties_half', description: 'mean of 1[s_chosen > s_rejected] + ½·1[s_chosen = s_rejected]', higherIsBetter: true, tiedBy: ['tied'] },
  ],
  options: {
    prior: {
      description: 'also score allenai/pref-test-sets ("Prior Sets", weight 1 against 2 per section); without it the score is the mean of the four sections',
      default: 'exclude',
      values: ['exclude', 'include'],
    },
  },
  async load(file, _options, read) {
    const data = await loadPreference(file, parsePairwise, read);
    const subsets = new Set(data.items.map((it) => it.subset ?? ''));
    const missing = Object.keys(EXAMPLE_COUNTS).filter((s) => !subsets.has(s));
    if (missing.length > 0 && missing.length < Object.keys(EXAMPLE_COUNTS).length) {
      data.warnings.push(
        `${missing.length} RewardBench subset(s) have no rows (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}); their sections are the count-weighted mean of the subsets present`,
      );
    }
    return { ...data, format: 'rewardbench' };
  },
  plan: (item, can) => planPreference(item, can),
  outcome(item, answers) {
    const { P, detail, margin } = preferenceAnswers(item, answers);
    const p = P[0]![0]!;
    return { values: { accuracy: pairAccuracy(p, 'strict'), accuracy_ties_half: pairAccuracy(p, 'half'), tied: tiedAtTop(P) }, detail, margin };
  },
  view: viewPreference,
};

import type { PreferenceItem } from '../preference.js';
import type { PresetSource, Suite } from '../../core/suite.js';
import { suite as rewardmath } from '../rewardmath/index.js';

/**
 * RewardMATH (Kim et al. 2024) on the official Hub dataset: the `rewardmath` suite's loader (its
 * per-solution "direct" layout) and metrics. The built-in suite `rewardmath` keeps its own data.
 * See README.md.
 */

/** The metrics the paper reports, and the one-to-one accuracy; the official data has no error types nor restyled copies. */
const KEPT = new Set(['accuracy', 'accuracy_with_ties', 'mrr', 'pair_accuracy']);

export const preset: PresetSource = {
  dataset: 'RewardMATH/RewardMATH',
  revision: 'main',
  split: 'test',
  // 483 MATH500 problems × (1 correct + 9 flawed solutions), one row per solution; the Hub lists 4.83k rows.
  rows: 4830,
  reference: 'Kim et al. 2024, RewardMATH (arXiv 2410.01729); kimsh0507/RewardMATH_official src/evaluate_results.py',
};

export const suite: Suite<PreferenceItem> = {
  ...rewardmath,
  id: 'rewardmath-official',
  version: '1',
  description: 'RewardMATH on its official Hub data: one correct solution vs nine flawed ones per MATH500 problem; accuracy and MRR',
  defaultData: `hf://datasets/${preset.dataset}@${preset.revision}/test`,
  preset,
  primaryMetric: 'accuracy',
  metrics: rewardmath.metrics.filter((m) => KEPT.has(m.id)),
};

import { hubUri } from '../common.js';
import type { MetricDef, PresetSource, Suite } from '../../core/suite.js';
import { MODES, type PersonalizedItem } from '../personalized/data.js';
import { suite as personalized } from '../personalized/index.js';

/**
 * Personalized RewardBench (Ma et al. 2026) on its Hub data: the `personalized` suite's loader,
 * context modes and metrics, over the three published configs, each a subset, plus the average
 * over the configs. See README.md.
 */

export const CONFIGS = ['Lifestyle_and_Personal_Development', 'Art_and_Entertainment', 'Society_and_Culture'] as const;
const DATASET = 'QiyaoMa/Personalized-RewardBench';
const REVISION = 'main';
const SPLIT = 'test';

const uriOf = (config: string): string => hubUri({ dataset: DATASET, revision: REVISION, split: `${config}/${SPLIT}` });

/** Every published config: each is loaded and its items take the config's name as their subset. */
export const parts = CONFIGS.map((subset) => ({ uri: uriOf(subset), subset }));

/** Per mode, the unweighted mean over the three configs of the per-config accuracy. */
const averages: MetricDef[] = MODES.map((m) => ({
  id: `accuracy_${m}_avg`,
  description: `mode ${m}: (Lifestyle + Art + Society) / 3 of accuracy_${m} per config; a config without items drops out`,
  higherIsBetter: true,
  reduce: 'combine',
  parts: CONFIGS.map((subset) => ({ metric: `accuracy_${m}`, subset, weight: 1 })),
}));

export const preset: PresetSource = {
  dataset: DATASET,
  revision: REVISION,
  split: `${CONFIGS.join(', ')} / ${SPLIT}`,
  reference: 'Ma et al. 2026, Personalized RewardBench (arXiv 2604.07343); Martin-qyma/Personalized-RewardBench evaluation/pointwise.py',
};

export const suite: Suite<PersonalizedItem> = {
  ...personalized,
  id: 'personalized-rewardbench',
  version: '1',
  description: 'Personalized RewardBench on its Hub data (3 configs): rubric-following vs rubric-violating answers, per context mode, per config and averaged',
  defaultData: parts[0]!.uri,
  dataParts: () => parts,
  preset,
  // The paper's evaluation/pointwise.py shows the RM the question only: mode none.
  primaryMetric: 'accuracy_none_avg',
  metrics: [...personalized.metrics, ...averages],
};

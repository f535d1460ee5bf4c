import { hubUri } from '../common.js';
import type { PresetSource, Suite } from '../../core/suite.js';
import { SPLITS, type ProcessItem } from '../processbench/data.js';
import { suite as processbench } from '../processbench/index.js';

/**
 * ProcessBench (Zheng et al. 2024) on its Hub data: the `processbench` suite's loader, threshold
 * and metrics over the four published splits, each a subset. See README.md.
 */

const DATASET = 'Qwen/ProcessBench';
// No commit sha of the current main could be confirmed offline (README.md says what was seen).
const REVISION = 'main';

/** Every published split (config `default`): each is loaded and its items take the split's name as their subset. */
export const parts = SPLITS.map((split) => ({ uri: hubUri({ dataset: DATASET, revision: REVISION, split }), subset: split }));

export const preset: PresetSource = {
  dataset: DATASET,
  revision: REVISION,
  split: `default: ${SPLITS.join(', ')}`,
  // 400 + 1000 + 1000 + 1000, as the paper and the dataset viewer list them.
  rows: 3400,
  reference: 'Zheng et al. 2024, ProcessBench (arXiv 2412.06559); QwenLM/ProcessBench code/run_eval_prm_rlhflow.py',
};

export const suite: Suite<ProcessItem> = {
  ...processbench,
  id: 'processbench-official',
  version: '1',
  description: 'ProcessBench on its Hub data (gsm8k, math, olympiadbench, omnimath): earliest wrong step from PRM step scores; F1 per split',
  defaultData: parts[0]!.uri,
  dataParts: () => parts,
  preset,
};

import { defineRegistry } from '../core/registry.js';
import type { Suite } from '../core/suite.js';

/** Suite id → lazy import of its folder. Each folder has a README with the paper, formulas and data format. */
export const suites = defineRegistry<{ suite: Suite }>()('suite', {
  pairwise: () => import('./pairwise/index.js'),
  'best-of-n': () => import('./best-of-n/index.js'),
  rewardmath: () => import('./rewardmath/index.js'),
  personalized: () => import('./personalized/index.js'),
  contrast: () => import('./contrast/index.js'),
  verifier: () => import('./verifier/index.js'),
});

export type SuiteId = ReturnType<typeof suites.ids>[number];

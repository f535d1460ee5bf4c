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
  processbench: () => import('./processbench/index.js'),
  // Presets of published benchmarks: Hub data, field mapping and the official scoring.
  rewardbench: () => import('./rewardbench/index.js'),
  rewardbench2: () => import('./rewardbench2/index.js'),
  'rm-bench': () => import('./rm-bench/index.js'),
  'personalized-rewardbench': () => import('./personalized-rewardbench/index.js'),
  'rewardmath-official': () => import('./rewardmath-official/index.js'),
  'processbench-official': () => import('./processbench-official/index.js'),
});

export type SuiteId = ReturnType<typeof suites.ids>[number];

/** The presets, whose default data is on the Hub: a run without --suite leaves them out (it must work offline). */
export const presetIds: readonly SuiteId[] = [
  'rewardbench',
  'rewardbench2',
  'rm-bench',
  'personalized-rewardbench',
  'rewardmath-official',
  'processbench-official',
];

/** Suites that need one score per step (a process reward model): a run without --suite leaves them out, as most models give one score. */
export const stepSuiteIds: readonly SuiteId[] = ['processbench'];

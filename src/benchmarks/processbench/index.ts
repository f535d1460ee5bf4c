import { ModelError, UsageError } from '../../core/errors.js';
import type { MetricDef, Suite } from '../../core/suite.js';
import { predictFirstError } from '../../metrics/first-error.js';
import { LABEL_VALUE, STEPS_SERIES } from '../../metrics/pooled.js';
import { loadProcessBench, thresholdOf, type ProcessItem } from './data.js';

/**
 * ProcessBench (Zheng et al. 2024, arXiv 2412.06559): find the earliest wrong step of a math
 * solution. A process reward model scores every step; the first step below the threshold is its
 * answer. See README.md.
 */

/** The candidate name a `scores:` file gives the solution of an item. */
export const SOLUTION = 'solution';

const metrics: MetricDef[] = [
  {
    id: 'f1',
    description: '2·a_err·a_corr / (a_err + a_corr): harmonic mean of accuracy_erroneous and accuracy_correct (ProcessBench’s F1)',
    higherIsBetter: true,
    reduce: 'harmonic',
    parts: [
      { metric: 'accuracy_erroneous', weight: 1 },
      { metric: 'accuracy_correct', weight: 1 },
    ],
  },
  { id: 'accuracy_erroneous', description: 'over samples with label ≠ −1: mean of 1[first step scored < threshold = label]', higherIsBetter: true },
  { id: 'accuracy_correct', description: 'over samples with label = −1: mean of 1[no step scored < threshold]', higherIsBetter: true },
  {
    id: 'step_auc',
    description: 'P(correct-prefix step > first-error step) + ½·P(=) over all labelled steps: threshold-free',
    higherIsBetter: true,
    reduce: 'pooled',
    statistic: 'step_auc',
  },
  {
    id: 'best_threshold',
    description: 'the smallest observed labelled step score τ maximising f1 when steps scored < τ are flagged (where the scores separate best, not a quality)',
    higherIsBetter: true,
    reduce: 'pooled',
    statistic: 'best_threshold',
  },
  {
    id: 'best_threshold_f1',
    description: 'f1 at best_threshold (an oracle threshold: an upper bound on f1)',
    higherIsBetter: true,
    reduce: 'pooled',
    statistic: 'best_threshold_f1',
  },
];

export const suite: Suite<ProcessItem> = {
  id: 'processbench',
  version: '1',
  description: 'step-level PRM evaluation (ProcessBench): find the earliest wrong step; accuracy on wrong and correct solutions, their F1, step AUC',
  defaultData: 'processbench.jsonl',
  primaryMetric: 'f1',
  // F1 is not a per-item value; an item is right or wrong by its own prediction.
  exampleMetric: 'correct',
  metrics,
  stepScores: 'own',
  options: {
    threshold: { description: 'a step scored below it is flagged as wrong (ProcessBench uses 0.5 for PRMs)', default: '0.5' },
  },
  load: loadProcessBench,
  plan(item, can) {
    if (!can.score) throw new UsageError('suite "processbench" needs a model that scores each step (a process reward model); this one only compares');
    const messages = [{ role: 'user' as const, content: item.problem }];
    return [
      { kind: 'score', request: { messages, response: item.steps.join('\n'), context: { steps: item.steps }, key: { item: item.key!, candidate: SOLUTION } } },
    ];
  },
  outcome(item, answers, options) {
    const steps = answers[0]?.steps;
    // The runner gives `own` suites the raw steps and refuses scalars; another caller that did not is a bug.
    if (steps === undefined) throw new Error(`internal: no step scores for item ${item.id}`);
    // The runner checked the count against context.steps (naming the model); a caller that did not gets it here.
    if (steps.length !== item.steps.length) throw new ModelError(`${steps.length} step scores for item "${item.id}", which has ${item.steps.length} steps`);
    const predicted = predictFirstError(steps, thresholdOf(options));
    const right = predicted === item.label ? 1 : 0;
    const values: Record<string, number> = { [LABEL_VALUE]: item.label, first_error_predicted: predicted, correct: right };
    values[item.label >= 0 ? 'accuracy_erroneous' : 'accuracy_correct'] = right;
    const labeled = item.label >= 0 ? steps.slice(0, item.label + 1) : [...steps];
    return { values, series: { [STEPS_SERIES]: labeled }, detail: { scores: { [SOLUTION]: [...steps] } } };
  },
  view(item, outcome) {
    const scores = (outcome.detail.scores as Record<string, number[]>)[SOLUTION]!;
    const predicted = outcome.values.first_error_predicted;
    const role = (t: number): string => (item.label < 0 || t < item.label ? 'correct' : t === item.label ? 'first-error' : 'after-error');
    return {
      prompt: item.problem,
      candidates: item.steps.map((text, t) => ({ id: `step ${t}${t === predicted ? ' (flagged)' : ''}`, role: role(t), text, score: scores[t]! })),
    };
  },
};

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { suite } from '../../src/benchmarks/processbench/index.js';
import { deriveSeed, Rng } from '../../src/core/random.js';
import { StreamRng } from '../support/oracles/bootstrap-v2.js';
import { evaluate, root, tmp, valueOf, writeJsonl } from '../support/helpers.js';

const close = (a: number | undefined, b: number, what: string) => t.ok(a !== undefined && Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

// Seven samples at threshold 0.5 (scores in comments). The PRM flags one erroneous sample early,
// one late, one never and one exactly; one correct sample is falsely flagged, one is not, and one
// scores exactly the threshold on its only step (not flagged: the rule is "below").
const HAND = [
  { id: 'gsm8k-1', steps: 4, label: 2, scores: [0.9, 0.3, 0.2, 0.8] }, // predicted 1: early, miss
  { id: 'gsm8k-2', steps: 3, label: 1, scores: [0.9, 0.6, 0.4] }, // predicted 2: late, miss
  { id: 'math-1', steps: 2, label: 0, scores: [0.7, 0.8] }, // predicted −1: never, miss
  { id: 'math-2', steps: 3, label: 1, scores: [0.8, 0.1, 0.9] }, // predicted 1: hit
  { id: 'gsm8k-3', steps: 3, label: -1, scores: [0.9, 0.7, 0.6] }, // predicted −1: hit
  { id: 'math-3', steps: 2, label: -1, scores: [0.95, 0.45] }, // predicted 1: false alarm, miss
  { id: 'math-4', steps: 1, label: -1, scores: [0.5] }, // predicted −1: hit
];

function write(dir: string, rows: { id: string; steps: number; label: number; scores: number[] }[]) {
  const data = writeJsonl(
    dir,
    'pb.jsonl',
    rows.map((r) => ({ id: r.id, generator: 'g', problem: `problem ${r.id}`, steps: Array.from({ length: r.steps }, (_, k) => `step ${k}`), label: r.label })),
  );
  const scores = writeJsonl(
    dir,
    'scores.jsonl',
    rows.map((r) => ({ item: r.id, candidate: 'solution', score: r.scores })),
  );
  return { data, scores };
}

t.test('the hand-worked table: accuracies, F1, step AUC and best threshold, per subset', async (t) => {
  const { data, scores } = write(tmp(t), HAND);
  const { run, lines } = await evaluate({ models: [`scores:${scores}`], suites: [{ id: 'processbench', data }] });
  const v = (metric: string, subset = 'all') => valueOf(run, { metric, subset });
  // all: erroneous right 1 of 4; correct right 2 of 3; F1 = 2·(1/4)(2/3)/(1/4 + 2/3) = 4/11.
  close(v('accuracy_erroneous'), 1 / 4, 'accuracy_erroneous');
  close(v('accuracy_correct'), 2 / 3, 'accuracy_correct');
  close(v('f1'), 4 / 11, 'f1');
  // Positives .2 .6 .7 .1; negatives .9 .3 | .9 | .8 | .9 .7 .6 | .95 .45 | .5: 10 + 6.5 + 5.5 + 10 = 32 of 40.
  close(v('step_auc'), 0.8, 'step_auc');
  // τ = .3: the first sample (.2 < .3 ≤ min(.9, .3)) and math-2 right, all correct ones unflagged: F1 = 2·½·1/1.5.
  close(v('best_threshold'), 0.3, 'best_threshold');
  close(v('best_threshold_f1'), 2 / 3, 'best_threshold_f1');
  // gsm8k: erroneous 0 of 2, correct 1 of 1 → F1 0. math: erroneous 1 of 2, correct 1 of 2 → F1 ½.
  close(v('f1', 'gsm8k'), 0, 'gsm8k f1');
  close(v('f1', 'math'), 1 / 2, 'math f1');
  t.equal(run.results.find((r) => r.metric === 'f1' && r.subset === 'all')!.n, 7, 'F1 reads every sample');
  t.ok(valueOf(run, { metric: 'f1', subset: 'generator=g' }) !== undefined, 'generator is a facet');
  const line = lines.find((l) => l.item === 'gsm8k-1')!;
  t.same(line.series, { labeled_steps: [0.9, 0.3, 0.2] }, 'the labelled steps go to scores.jsonl');
  t.same(line.values, { first_error_label: 2, first_error_predicted: 1, correct: 0, accuracy_erroneous: 0 });
  t.same(line.scores, { solution: [0.9, 0.3, 0.2, 0.8] });
});

t.test('the threshold option moves the prediction', async (t) => {
  const { data, scores } = write(tmp(t), HAND);
  const { run } = await evaluate({ models: [`scores:${scores}`], suites: [{ id: 'processbench', data, options: { threshold: '0.3' } }] });
  // At .3: gsm8k-1 flags step 2 (hit), math-2 step 1 (hit); the others never flag: erroneous 2/4, correct 3/3.
  close(valueOf(run, { metric: 'f1' }), 2 / 3, 'f1 at 0.3');
  await t.rejects(suite.load(data, { threshold: 'half' }), { exitCode: 2, message: /threshold must be a finite number, got "half"/ });
});

/** Type-7 percentile, as numpy's default. */
function percentile(sorted: number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * (sorted[Math.ceil(h)]! - sorted[lo]!);
}

t.test('built-in data with a seeded random PRM: every subset against a brute force, and F1’s bootstrap CI resampled by hand', async (t) => {
  const file = join(root, 'datasets', 'processbench.jsonl');
  const rows = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; problem: string; steps: string[]; label: number });
  t.equal(rows.length, 300);
  const rng = new Rng(11);
  // Scores in tenths, so ties happen; right steps score higher on average.
  const scored = rows.map((r) => ({ ...r, scores: r.steps.map((_, k) => (r.label >= 0 && k >= r.label ? rng.int(8) : 2 + rng.int(9)) / 10) }));
  const dir = tmp(t);
  const scores = writeJsonl(
    dir,
    's.jsonl',
    scored.map((r) => ({ item: r.id, candidate: 'solution', score: r.scores })),
  );
  const samples = 300;
  const { run } = await evaluate({ models: [`scores:${scores}`], suites: [{ id: 'processbench' }], samples });
  const f1Of = (xs: typeof scored) => {
    const err = xs.filter((r) => r.label >= 0);
    const cor = xs.filter((r) => r.label < 0);
    const first = (s: number[]) => s.findIndex((x) => x < 0.5);
    const a = err.filter((r) => first(r.scores) === r.label).length / err.length;
    const b = cor.filter((r) => first(r.scores) === -1).length / cor.length;
    return { a, b, f1: a + b === 0 ? 0 : (2 * a * b) / (a + b) };
  };
  for (const subset of ['all', 'gsm8k', 'math', 'olympiadbench', 'omnimath']) {
    const xs = subset === 'all' ? scored : scored.filter((r) => r.id.startsWith(`${subset}-`));
    const want = f1Of(xs);
    close(valueOf(run, { metric: 'accuracy_erroneous', subset }), want.a, `${subset} accuracy_erroneous`);
    close(valueOf(run, { metric: 'accuracy_correct', subset }), want.b, `${subset} accuracy_correct`);
    close(valueOf(run, { metric: 'f1', subset }), want.f1, `${subset} f1`);
  }
  // The bootstrap draws problems (sorted, one cluster each), resample b from its own generator of
  // the stream for (seed 0, suite); each resample's F1 is the harmonic mean of its own two accuracies.
  const clusters = [...new Set(scored.map((r) => r.problem))].sort();
  const byCluster = new Map(scored.map((r) => [r.problem, r]));
  const f1s: number[] = [];
  for (let b = 0; b < samples; b++) {
    const draws = new StreamRng(deriveSeed(0, 'processbench'), b);
    const drawn = Array.from({ length: clusters.length }, () => byCluster.get(clusters[draws.int(clusters.length)]!)!);
    f1s.push(f1Of(drawn).f1);
  }
  f1s.sort((x, y) => x - y);
  const ci = run.results.find((r) => r.metric === 'f1' && r.subset === 'all')!.ci;
  close(ci[0], percentile(f1s, 0.025), 'f1 CI low');
  close(ci[1], percentile(f1s, 0.975), 'f1 CI high');
});

t.test('degenerate and empty classes are said, never a silent 0.5', async (t) => {
  const dir = tmp(t);
  const flat = HAND.map((r) => ({ ...r, scores: r.scores.map(() => 0.7) }));
  const { data, scores } = write(dir, flat);
  const { run } = await evaluate({ models: [`scores:${scores}`], suites: [{ id: 'processbench', data }] });
  const auc = run.results.find((r) => r.metric === 'step_auc' && r.subset === 'all')!;
  t.equal(auc.value, 0.5);
  t.match(auc.degenerate, /all 40 compared items tied/, 'every (positive, negative) step pair tied: marked');
  t.notOk(run.results.find((r) => r.metric === 'f1' && r.subset === 'all')!.degenerate, 'the thresholded F1 is not a comparison');
  // Only erroneous samples: nothing about correct ones is reported, and the data's warnings say so.
  const onlyErr = write(join(dir, '..'), [HAND[0]!, HAND[3]!]);
  const second = await evaluate({ models: [`scores:${onlyErr.scores}`], suites: [{ id: 'processbench', data: onlyErr.data }] });
  t.same(
    second.run.results.filter((r) => r.subset === 'all').map((r) => r.metric),
    ['accuracy_erroneous', 'step_auc'],
  );
  t.match(second.run.suites[0]!.warnings.join('\n'), /all: no correct samples \(label = −1\), so accuracy_correct, f1 and best_threshold are not reported/);
});

import { join } from 'node:path';
import t from 'tap';
import { readRunFile, writeRunDir } from '../../src/core/run-file.js';
import { kendallTauB, pearson } from '../../src/metrics/rank-correlation.js';
import { handRun, type ModelValues } from '../support/correlate-runs.js';
import { tmp } from '../support/helpers.js';
import { readRun, row } from './fixtures/cli.js';
import { cliIn } from '../support/in-process.js';

// `rewardgauge correlate` end to end on run folders written here: a benchmark run and a
// best-of-n run with the same models, plus a baseline that must stay out.

const dir = tmp(t);
const A = 'pairwise:accuracy@all';
const M = 'rewardmath:pair_accuracy@all';
const O = 'bon:gold@n=4';
const pairwise = [0.6, 0.65, 0.7, 0.72, 0.8];
const math = [0.4, 0.3, 0.55, 0.5, 0.45];
const gold = [0.31, 0.33, 0.4, 0.45, 0.5];
const ids = ['rm-a', 'rm-b', 'rm-c', 'rm-d', 'rm-e'];
const benchModels: ModelValues[] = [
  ...ids.map((id, i) => ({ id, values: { [A]: pairwise[i]!, [M]: math[i]!, 'pairwise:accuracy@chat': pairwise[i]! - 0.1 } })),
  { id: 'length', baseline: true, values: { [A]: 0.99, [M]: 0.99 } },
];
const bonModels: ModelValues[] = [
  ...ids.map((id, i) => ({ id, values: { [O]: gold[i]!, 'bon:gold@n=1': 0.3 } })),
  { id: 'length', baseline: true, values: { [O]: 0.2 } },
];
const benchDir = join(dir, 'bench');
const bonDir = join(dir, 'bon');
await writeRunDir(benchDir, handRun(benchModels), []);
await writeRunDir(bonDir, handRun(bonModels), []);

t.test('two benchmarks against the best-of-n outcome: exit 0, the table, the best predictor, run.json', async (t) => {
  const out = join(dir, 'out');
  const r = await cliIn([
    'correlate',
    benchDir,
    bonDir,
    '--benchmark',
    'pairwise:accuracy',
    '--benchmark',
    'rewardmath:pair_accuracy',
    '--outcome',
    O,
    '--bootstrap',
    '200',
    '--out',
    out,
  ]);
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stderr, '', 'no warnings: every model has every value');
  t.match(r.stdout, /Benchmarks against bon:gold@n=4, across models \(baselines left out: length\)/);
  t.match(r.stdout, /^pairwise:accuracy@all\s+5\s+/m);
  t.match(r.stdout, /^rewardmath:pair_accuracy@all\s+5\s+/m);
  const [tauA, tauM] = [kendallTauB(pairwise, gold), kendallTauB(math, gold)];
  const [bestKey, bestTau] = tauA >= tauM ? [A, tauA] : [M, tauM];
  t.match(r.stdout, `best predictor of ${O}: ${bestKey} (Kendall τ-b = ${bestTau.toFixed(3)}`);
  t.match(r.stdout, /wrote .*run\.json\n$/);

  const run = await readRunFile(out); // validates against RunFileSchema
  t.same(
    run.models.map((m) => m.id),
    ids,
    'the baseline is not among the models',
  );
  const suite = run.suites[0]!;
  t.match(suite, {
    id: 'correlation',
    items: 5,
    format: 'rewardgauge-runs',
    primaryMetric: 'kendall_tau_b',
    options: { outcome: O, benchmarks: `${A} ${M}`, rboP: '0.9' },
  });
  t.equal(suite.data, `${join(benchDir, 'run.json')}, ${join(bonDir, 'run.json')}`);
  t.match(suite.dataset, /^sha256:[0-9a-f]{64}$/);
  const described = new Set(suite.metrics!.map((m) => m.id));
  t.same(
    [...new Set(run.results.map((x) => x.metric))].filter((m) => !described.has(m)),
    [],
    'every metric is described',
  );
  t.match(run.config, { correlate: { benchmarks: [A, M], outcome: O, rboP: 0.9, includeBaselines: false }, bootstrap: { samples: 200 } });
  t.match(run.statistics.bootstrap, { samples: 200, method: 'percentile', resample: 'cluster' });

  const json = readRun(out);
  const tau = row(t, json, { suite: 'correlation', subset: A, metric: 'kendall_tau_b', model: '*' });
  t.equal(tau.value, tauA);
  t.equal(tau.n, 5);
  t.ok(tau.ci[0] <= tau.value && tau.value <= tau.ci[1]);
  t.equal(row(t, json, { suite: 'correlation', subset: M, metric: 'pearson', model: '*' }).value, pearson(math, gold));
  t.equal(row(t, json, { suite: 'correlation', subset: M, metric: 'benchmark', model: 'rm-c' }).value, math[2]);
  t.equal(row(t, json, { suite: 'correlation', subset: O, metric: 'outcome', model: 'rm-e' }).value, gold[4]);
  const without = row(t, json, { suite: 'correlation', subset: A, metric: 'kendall_tau_b_without', model: 'rm-a' });
  t.equal(without.value, kendallTauB(pairwise.slice(1), gold.slice(1)));
  t.equal(without.n, 4);
  for (const m of ['pearson', 'spearman', 'kendall_tau_b', 'ndcg', 'rbo']) {
    for (const s of ['', '_loo_min', '_loo_max']) row(t, json, { suite: 'correlation', subset: A, metric: `${m}${s}`, model: '*' });
  }
});

t.test('--include-baselines, a subset key, -q', async (t) => {
  const out = join(dir, 'base');
  const r = await cliIn(['correlate', benchDir, bonDir, '-b', A, '--outcome', O, '--include-baselines', '--bootstrap', '50', '-q', '--out', out]);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /^wrote .*run\.json\n$/, 'quiet: just the path');
  const json = readRun(out);
  t.equal(row(t, json, { suite: 'correlation', subset: A, metric: 'kendall_tau_b', model: '*' }).value, kendallTauB([...pairwise, 0.99], [...gold, 0.2]));
  t.ok(json.models.some((m) => m.id === 'length' && m.baseline));
  const sub = await cliIn([
    'correlate',
    benchDir,
    bonDir,
    '-b',
    'pairwise:accuracy@chat',
    '--outcome',
    O,
    '--bootstrap',
    '50',
    '-q',
    '--out',
    join(dir, 'sub'),
  ]);
  t.equal(sub.code, 0, sub.stderr);
});

t.test('an unknown key exits 2 and names what the suite has', async (t) => {
  const metric = await cliIn(['correlate', benchDir, bonDir, '-b', 'rewardmath:pair_acc', '--outcome', O, '--out', join(dir, 'x')]);
  t.equal(metric.code, 2);
  t.match(metric.stderr, /benchmark rewardmath:pair_acc@all: no run has it; suite rewardmath has metrics: pair_accuracy/);
  const subset = await cliIn(['correlate', benchDir, bonDir, '-b', A, '--outcome', 'bon:gold@n=64', '--out', join(dir, 'x')]);
  t.equal(subset.code, 2);
  t.match(subset.stderr, /outcome bon:gold@n=64: no run has it; metric bon:gold has subsets: n=1, n=4/);
  const suite = await cliIn(['correlate', benchDir, '-b', A, '--outcome', O, '--out', join(dir, 'x')]);
  t.equal(suite.code, 2);
  t.match(suite.stderr, /available suites: pairwise, rewardmath/);
  const syntax = await cliIn(['correlate', benchDir, '-b', 'pairwise', '--outcome', O]);
  t.equal(syntax.code, 2);
  t.match(syntax.stderr, /expected SUITE:METRIC\[@SUBSET\]/);
});

t.test('fewer than 3 models, missing flags, a bad --rbo-p: exit 2', async (t) => {
  const small = join(dir, 'small');
  await writeRunDir(small, handRun(ids.slice(0, 2).map((id, i) => ({ id, values: { [A]: pairwise[i]!, [O]: gold[i]! } }))), []);
  const r = await cliIn(['correlate', small, '-b', A, '--outcome', O, '--out', join(dir, 'x')]);
  t.equal(r.code, 2);
  t.match(r.stderr, /needs at least 3 models with both values, got 2 \(rm-a, rm-b\)/);
  t.equal((await cliIn(['correlate', benchDir, '--outcome', O])).code, 2, 'no --benchmark');
  t.equal((await cliIn(['correlate', benchDir, '-b', A])).code, 2, 'no --outcome');
  const p = await cliIn(['correlate', benchDir, bonDir, '-b', A, '--outcome', O, '--rbo-p', '1']);
  t.equal(p.code, 2);
  t.match(p.stderr, /--rbo-p must be a number in \(0, 1\), got "1"/);
  t.equal((await cliIn(['correlate', join(dir, 'nope'), '-b', A, '--outcome', O])).code, 2, 'a missing run folder');
});

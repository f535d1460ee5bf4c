import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { shared, tmp } from '../support/helpers.js';
import { checkCachedRerun, checkRow, ok, readRun, row } from './fixtures/cli.js';
import { cliIn } from '../support/in-process.js';

// The acceptance commands: published RewardMATH results files evaluated with the scores: adapter.
// Expected figures come from the benchmark's own evaluation and, again, from the small
// independent implementation below, which reads the published file directly.

const CHOSEN = 'human_to_GPT-4';

interface ResultsRow {
  problem: string;
  solution_reference: string[];
  score: (number | number[] | string | null)[];
  chosen_position?: string[];
}

/** RewardMATH accuracy and MRR straight from a results file: one pass over rows, no rewardgauge code. */
function reference(file: string, toNumber: (s: number | number[]) => number = (s) => s as number) {
  const rows = JSON.parse(readFileSync(file, 'utf8')) as ResultsRow[];
  let acc = 0;
  let rr = 0;
  for (const r of rows) {
    let losses: number;
    if (r.chosen_position) {
      // Pairwise judge: a verdict equal to the chosen's position is a win; anything else (incl. null) a loss.
      losses = r.score.filter((v, j) => v !== r.chosen_position![j]).length;
    } else {
      const scores = r.score.map((s) => toNumber(s as number | number[]));
      const c = r.solution_reference.indexOf(CHOSEN);
      if (c < 0 || r.solution_reference.lastIndexOf(CHOSEN) !== c) throw new Error(`row without a single ${CHOSEN}`);
      losses = scores.filter((s, j) => j !== c && s >= scores[c]!).length;
    }
    if (losses === 0) acc++;
    rr += 1 / (1 + losses);
  }
  return { n: rows.length, accuracy: acc / rows.length, mrr: rr / rows.length, wins: acc };
}

const RM = 'rewardmath/results/RewardMATH';

t.test('ArmoRM_reward.json with scores:<same file>: accuracy 99/483, mrr 0.42182, n and CIs, validates; rerun is cached', async (t) => {
  const file = shared(t, `${RM}/ArmoRM_reward.json`);
  if (!file) return;
  const dir = tmp(t);
  const args = (out: string) => [
    'run',
    '--suite',
    'rewardmath',
    '--data',
    file,
    '--model',
    `scores:${file}`,
    '--out',
    join(dir, out),
    '--cache-dir',
    join(dir, 'cache'),
  ];
  const r = await cliIn(args('out'));
  if (!ok(t, r, 'run')) return;
  const ref = reference(file);
  t.equal(ref.n, 483, 'the published file has 483 problems');
  t.equal(ref.wins, 99, 'the independent implementation finds 99 wins');
  const run = readRun(join(dir, 'out'));
  t.equal(run.suites[0]?.items, 483);
  const acc = row(t, run, { suite: 'rewardmath', metric: 'accuracy' });
  checkRow(t, acc, 99 / 483, 483);
  t.ok(Math.abs(acc.value - 0.2049689) < 1e-6, 'accuracy ≈ 0.2049689');
  const mrr = row(t, run, { suite: 'rewardmath', metric: 'mrr' });
  checkRow(t, mrr, 0.42182, 483, 1e-5);
  checkRow(t, mrr, ref.mrr, 483, 1e-9);
  for (const res of run.results) {
    t.equal(res.n, 483, `${res.metric} n = 483`);
    t.ok(res.ci[0] <= res.value && res.value <= res.ci[1], `${res.metric} ci brackets its value`);
    t.ok(res.ci[0] < res.ci[1], `${res.metric} ci has width`);
  }
  // One score per (problem, solution).
  const solutions = (JSON.parse(readFileSync(file, 'utf8')) as ResultsRow[]).reduce((n, x) => n + x.solution_reference.length, 0);
  t.equal(run.models[0]?.stats.modelCalls, solutions, 'the first run asks for every solution');
  t.notMatch(r.stderr, /\b0 model calls\b/, 'the first run did call the model');

  const v = await cliIn(['validate', join(dir, 'out')]);
  t.equal(v.code, 0, `rewardgauge validate DIR accepts the run\n${v.stdout}${v.stderr}`);
  t.match(v.stdout, /^ok /m);

  // The same command again, with the same --cache-dir.
  const second = await cliIn(args('again'));
  if (!ok(t, second, 'second run')) return;
  checkCachedRerun(t, second, readRun(join(dir, 'again')), run, solutions);
});

t.test('Math_Shepherd_reward.json: ?aggregate=prod gives 0.17184; without aggregate, exit 2 naming aggregate', async (t) => {
  const file = shared(t, `${RM}/Math_Shepherd_reward.json`);
  if (!file) return;
  const dir = tmp(t);
  const out = join(dir, 'out');
  const bad = await cliIn(['run', '--suite', 'rewardmath', '--data', file, '--model', `scores:${file}`, '--out', out, '--cache-dir', join(dir, 'cache')]);
  t.equal(bad.code, 2, 'step scores without ?aggregate= is a usage error');
  t.match(bad.stderr, /aggregate/);
  t.match(bad.stderr, /prod/, 'lists prod among the aggregators');
  const r = await cliIn([
    'run',
    '--suite',
    'rewardmath',
    '--data',
    file,
    '--model',
    `scores:${file}?aggregate=prod`,
    '--out',
    out,
    '--cache-dir',
    join(dir, 'cache'),
  ]);
  if (!ok(t, r, 'run with aggregate=prod')) return;
  // prod, left to right as in the reference code.
  const ref = reference(file, (s) => (s as number[]).reduce((a, x) => a * x, 1));
  const run = readRun(out);
  const acc = row(t, run, { suite: 'rewardmath', metric: 'accuracy' });
  checkRow(t, acc, 0.17184, 483, 1e-5);
  checkRow(t, acc, ref.accuracy, 483);
  checkRow(t, row(t, run, { suite: 'rewardmath', metric: 'mrr' }), ref.mrr, 483, 1e-9);
});

t.test('gpt4o_pairwise_reward.json (A/B verdicts): accuracy 0.24638, mrr 0.48922', async (t) => {
  const file = shared(t, `${RM}/gpt4o_pairwise_reward.json`);
  if (!file) return;
  const dir = tmp(t);
  const out = join(dir, 'out');
  const r = await cliIn(['run', '--suite', 'rewardmath', '--data', file, '--model', `scores:${file}`, '--out', out, '--cache-dir', join(dir, 'cache')]);
  if (!ok(t, r, 'run')) return;
  const ref = reference(file);
  const run = readRun(out);
  const acc = row(t, run, { suite: 'rewardmath', metric: 'accuracy' });
  checkRow(t, acc, 0.24638, 483, 1e-5);
  checkRow(t, acc, ref.accuracy, 483);
  const mrr = row(t, run, { suite: 'rewardmath', metric: 'mrr' });
  checkRow(t, mrr, 0.48922, 483, 1e-5);
  checkRow(t, mrr, ref.mrr, 483, 1e-9);
});

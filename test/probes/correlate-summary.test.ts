import t from 'tap';
import { parseMetricKey, type SourceRun } from '../../src/probes/correlate-input.js';
import { bestPredictor, correlate, type CorrelateOptions } from '../../src/probes/correlate.js';
import { correlationSummary } from '../../src/probes/correlate-run.js';
import type { RunFile } from '../../src/core/run-schema.js';
import { handRun, type ModelValues } from '../support/correlate-runs.js';

// correlate's terminal summary: every coefficient with its CI and leave-one-out range, "best" only
// for an interval above 0, and a plain line when every model picks worse than random. The
// expected numbers are worked out by hand in the comments.

const src = (run: RunFile): SourceRun => ({ file: 'r/run.json', hash: 'sha256:r', run });
const O = 'bon:gold@n=4';
const opts: CorrelateOptions = { seed: 1, samples: 1000, level: 0.95, rboP: 0.9 };
const rowOf = (text: string, benchmark: string, coefficient: string): string | undefined => {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(benchmark));
  return lines.slice(start, start + 5).find((l) => l.includes(` ${coefficient} `) || l.includes(`  ${coefficient}`));
};

t.test('a monotone benchmark is the best predictor; a reversed one is not', async (t) => {
  // up: x rises with y; down: x falls as y rises. Four models, no ties.
  const y = [0.1, 0.2, 0.3, 0.4];
  const ms: ModelValues[] = y.map((o, i) => ({ id: `m${i}`, values: { 'a:up@all': i + 1, 'a:down@all': 4 - i, [O]: o } }));
  const c = correlate([src(handRun(ms))], [parseMetricKey('a:up'), parseMetricKey('a:down')], parseMetricKey(O), opts);
  const text = correlationSummary(c, parseMetricKey(O), 0.95);
  // Every resample with two or more distinct models orders them as y does: C > 0, D = 0, and pairs
  // of copies tie in both x and y, so τ-b = C/√(C·C) = 1 and Pearson r = 1 (a resample of one model
  // is undefined and left out). So both CIs are [1, 1], and every leave-one-out value is 1.
  t.match(rowOf(text, 'a:up@all', 'kendall τ-b'), /kendall τ-b\s+1\.000\s+\[1\.000, 1\.000\]\s+1\.000 to 1\.000/);
  t.match(rowOf(text, 'a:up@all', 'pearson'), /pearson\s+1\.000\s+\[1\.000, 1\.000\]\s+1\.000 to 1\.000/);
  t.match(rowOf(text, 'a:down@all', 'kendall τ-b'), /kendall τ-b\s+-1\.000\s+\[-1\.000, -1\.000\]\s+-1\.000 to -1\.000/);
  t.equal(bestPredictor(c.benchmarks)?.key, 'a:up@all');
  t.match(text, /best predictor of bon:gold@n=4: a:up@all \(Kendall τ-b = 1\.000, 95% CI \[1\.000, 1\.000\] above 0, leave-one-out 1\.000 to 1\.000\)/);
  t.notMatch(text, /worse than random/, 'no random rows: nothing said');
});

t.test('an interval that reaches 0: no predictor is called best', async (t) => {
  // x = [1, 3, 2], y = [1, 2, 3]. Pairs: (m0,m1) concordant, (m0,m2) concordant, (m1,m2) discordant,
  // so τ-b = (2 − 1)/3 = 1/3. Pearson: dx = [−1, 1, 0], dy = [−1, 0, 1], r = 1/√(2·2) = 0.5.
  // Leave one out: without m0, x = [3, 2] vs y = [2, 3] gives −1; without m1 or m2, +1.
  // A resample holding only m1 and m2 (6 of the 27 equally likely draws) gives τ-b = −1, so the
  // 2.5th percentile of 1000 resamples is −1: the interval reaches below 0.
  const x = [1, 3, 2];
  const ms: ModelValues[] = x.map((v, i) => ({ id: `m${i}`, values: { 'a:mixed@all': v, [O]: i + 1 } }));
  const c = correlate([src(handRun(ms))], [parseMetricKey('a:mixed')], parseMetricKey(O), opts);
  const text = correlationSummary(c, parseMetricKey(O), 0.95);
  t.match(rowOf(text, 'a:mixed@all', 'kendall τ-b'), /kendall τ-b\s+0\.333\s+\[-1\.000, 1\.000\]\s+-1\.000 to 1\.000/);
  t.match(rowOf(text, 'a:mixed@all', 'pearson'), /pearson\s+0\.500\s+\[/);
  t.equal(bestPredictor(c.benchmarks), undefined);
  t.notMatch(text, /best predictor/);
  t.match(
    text,
    /no predictor of bon:gold@n=4 is distinguishable from none: every benchmark's Kendall τ-b 95% CI reaches 0 or below \(the highest, a:mixed@all, is 0\.333 \[-1\.000, 1\.000\]\)/,
  );
});

t.test('every model picks worse than random on the pool: said in plain words', async (t) => {
  // Gold of each model's best-of-4 pick against the pool's mean gold (bon:random@n=4 = 0.5).
  const gold = [0.3, 0.35, 0.4, 0.45];
  const make = (g: readonly number[]): ModelValues[] => g.map((v, i) => ({ id: `m${i}`, values: { 'a:up@all': i + 1, [O]: v, 'bon:random@n=4': 0.5 } }));
  const all = correlate([src(handRun(make(gold)))], [parseMetricKey('a:up')], parseMetricKey(O), opts);
  t.same(all.random?.worse, ['m0', 'm1', 'm2', 'm3']);
  t.match(
    correlationSummary(all, parseMetricKey(O), 0.95),
    /every one of the 4 reward models picks worse than random on this pool: bon:gold@n=4 is 0\.300 to 0\.450, a random pick gets 0\.500/,
  );
  // One model above the random pick: no such line.
  const some = correlate([src(handRun(make([0.3, 0.35, 0.4, 0.55])))], [parseMetricKey('a:up')], parseMetricKey(O), opts);
  t.same(some.random?.worse, ['m0', 'm1', 'm2']);
  t.notMatch(correlationSummary(some, parseMetricKey(O), 0.95), /worse than random/);
});

import t from 'tap';
import { UsageError } from '../../src/core/errors.js';
import type { RunFile } from '../../src/core/run-schema.js';
import { kendallTauB, ndcg, pearson, rbo, spearman } from '../../src/metrics/rank-correlation.js';
import { parseMetricKey, type SourceRun } from '../../src/probes/correlate-input.js';
import { COEFFICIENTS, correlate, type CorrelateOptions } from '../../src/probes/correlate.js';
import { handRun, type ModelValues } from '../support/correlate-runs.js';

// The correlate computation on in-memory runs; every expected number is recomputed here from the inputs.

const src = (run: RunFile, file: string): SourceRun => ({ file, hash: `sha256:${file}`, run });
const B = 'bench:acc@all';
const O = 'bon:gold@n=4';
const opts: CorrelateOptions = { seed: 3, samples: 300, level: 0.95, rboP: 0.9 };
const fns = { pearson, spearman, kendall_tau_b: kendallTauB, ndcg, rbo: (x: readonly number[], y: readonly number[]) => rbo(x, y, 0.9) };

// Eight models whose benchmark and outcome mostly agree, with one swap and one tie in the benchmark.
const bench = [0.52, 0.55, 0.61, 0.6, 0.7, 0.7, 0.81, 0.9];
const out = [0.3, 0.35, 0.36, 0.41, 0.4, 0.5, 0.55, 0.52];
const models: ModelValues[] = bench.map((b, i) => ({ id: `m${i}`, values: { [B]: b, [O]: out[i]! } }));
const runs = [src(handRun(models), 'a/run.json')];
const find = (rows: RunFile['results'], model: string, subset: string, metric: string) =>
  rows.filter((r) => r.model === model && r.subset === subset && r.metric === metric);

t.test('coefficients over the models, with a bootstrap CI that brackets each', async (t) => {
  const c = correlate(runs, [parseMetricKey(B)], parseMetricKey(O), opts);
  t.same(c.warnings, []);
  t.same(
    c.models.map((m) => m.id),
    models.map((m) => m.id),
  );
  for (const coef of COEFFICIENTS) {
    const [r] = find(c.results, '*', B, coef);
    t.ok(r, `${coef} row`);
    t.equal(r!.value, fns[coef](bench, out), `${coef} = the function over the 8 models`);
    t.equal(r!.n, 8);
    t.ok(r!.ci[0] <= r!.value && r!.value <= r!.ci[1], `${coef} ci [${r!.ci}] contains ${r!.value}`);
    t.ok(r!.ci[0] < r!.ci[1], `${coef} ci has width`);
  }
  for (const [i, m] of models.entries()) {
    t.same(
      find(c.results, m.id, B, 'benchmark').map((r) => [r.value, r.ci, r.n]),
      [[bench[i], [bench[i]! - 0.05, bench[i]! + 0.05], 100]],
      'benchmark row copies the source row',
    );
    t.same(
      find(c.results, m.id, O, 'outcome').map((r) => r.value),
      [out[i]],
    );
  }
});

t.test('seeded: same seed, same intervals; another seed, other intervals', async (t) => {
  const a = correlate(runs, [parseMetricKey(B)], parseMetricKey(O), opts);
  t.same(correlate(runs, [parseMetricKey(B)], parseMetricKey(O), opts).results, a.results);
  const b = correlate(runs, [parseMetricKey(B)], parseMetricKey(O), { ...opts, seed: 4 });
  t.notSame(find(b.results, '*', B, 'pearson')[0]!.ci, find(a.results, '*', B, 'pearson')[0]!.ci);
  t.same(find(b.results, '*', B, 'pearson')[0]!.value, find(a.results, '*', B, 'pearson')[0]!.value, 'the point value does not depend on the seed');
});

t.test('leave-one-model-out equals recomputing without that model', async (t) => {
  const c = correlate(runs, [parseMetricKey(B)], parseMetricKey(O), opts);
  for (const coef of COEFFICIENTS) {
    const values = models.map((_, i) =>
      fns[coef](
        bench.filter((_, k) => k !== i),
        out.filter((_, k) => k !== i),
      ),
    );
    for (const [i, m] of models.entries()) {
      const [r] = find(c.results, m.id, B, `${coef}_without`);
      t.equal(r?.value, values[i], `${coef} without ${m.id}`);
      t.equal(r?.n, 7);
    }
    t.equal(find(c.results, '*', B, `${coef}_loo_min`)[0]?.value, Math.min(...values), `${coef}_loo_min`);
    t.equal(find(c.results, '*', B, `${coef}_loo_max`)[0]?.value, Math.max(...values), `${coef}_loo_max`);
  }
});

t.test('baselines are left out unless asked for', async (t) => {
  const withBase = [src(handRun([...models, { id: 'length', baseline: true, values: { [B]: 0.95, [O]: 0.1 } }]), 'b/run.json')];
  const c = correlate(withBase, [parseMetricKey(B)], parseMetricKey(O), opts);
  t.same(c.excluded, ['length']);
  t.notOk(c.models.some((m) => m.id === 'length'));
  t.notOk(c.results.some((r) => r.model === 'length'));
  t.equal(find(c.results, '*', B, 'kendall_tau_b')[0]!.value, kendallTauB(bench, out));
  const all = correlate(withBase, [parseMetricKey(B)], parseMetricKey(O), { ...opts, includeBaselines: true });
  t.ok(all.models.some((m) => m.id === 'length' && m.baseline));
  t.equal(find(all.results, '*', B, 'kendall_tau_b')[0]!.value, kendallTauB([...bench, 0.95], [...out, 0.1]));
  t.equal(find(all.results, '*', B, 'kendall_tau_b')[0]!.n, 9);
});

t.test('models matched by id across runs; differing fingerprints and missing values are warned about', async (t) => {
  const benchRun = handRun(models.map((m) => ({ id: m.id, values: { [B]: m.values[B]! } })));
  const outRun = handRun([
    ...models.slice(0, 7).map((m) => ({ id: m.id, values: { [O]: m.values[O]! }, ...(m.id === 'm2' && { fingerprint: 'sha256:other' }) })),
  ]);
  const c = correlate([src(benchRun, 'runs/bench/run.json'), src(outRun, 'runs/bon/run.json')], [parseMetricKey(B)], parseMetricKey(O), opts);
  t.equal(find(c.results, '*', B, 'spearman')[0]!.value, spearman(bench.slice(0, 7), out.slice(0, 7)), 'the 7 models with both values');
  t.match(c.warnings.join('\n'), /model m2 has fingerprint sha256:m2 in runs\/bench\/run\.json but sha256:other in runs\/bon\/run\.json/);
  t.match(c.warnings.join('\n'), /model m7 has no bon:gold@n=4 \(the outcome\); left out/);
  t.same(c.models[2]!.fingerprint, 'sha256:m2', 'the entry comes from the first run listing the model');
});

t.test('a lower-is-better metric is negated, so agreement is positive', async (t) => {
  const E = 'bench:error@all';
  const run = handRun(models.map((m, i) => ({ id: m.id, values: { [E]: 1 - bench[i]!, [O]: out[i]! }, lowerIsBetter: [E] })));
  const c = correlate([src(run, 'e/run.json')], [parseMetricKey(E)], parseMetricKey(O), opts);
  t.equal(
    find(c.results, '*', E, 'kendall_tau_b')[0]!.value,
    kendallTauB(
      bench.map((b) => -(1 - b)),
      out,
    ),
  );
  t.ok(find(c.results, '*', E, 'kendall_tau_b')[0]!.value > 0);
  t.equal(find(c.results, 'm0', E, 'benchmark')[0]!.value, 1 - bench[0]!, 'the benchmark row keeps the raw value');
});

t.test('fewer than 3 models is a usage error; a constant benchmark leaves its coefficients out with a warning', async (t) => {
  const two = [src(handRun(models.slice(0, 2)), 'two/run.json')];
  t.throws(() => correlate(two, [parseMetricKey(B)], parseMetricKey(O), opts), {
    constructor: UsageError,
    message: /needs at least 3 models with both values, got 2 \(m0, m1\)/,
  });
  const flat = [src(handRun(models.map((m) => ({ id: m.id, values: { [B]: 0.5, [O]: m.values[O]! } }))), 'flat/run.json')];
  const c = correlate(flat, [parseMetricKey(B)], parseMetricKey(O), opts);
  t.same(
    c.results.filter((r) => r.model === '*'),
    [],
    'no coefficient rows',
  );
  t.match(c.warnings.join('\n'), /bench:acc@all: pearson is undefined over these 8 models/);
  t.ok(Number.isNaN(c.benchmarks[0]!.coefficients.kendall_tau_b.value));
});

t.test('metric keys', async (t) => {
  t.same(parseMetricKey('rewardmath:pair_accuracy'), { suite: 'rewardmath', metric: 'pair_accuracy', subset: 'all', text: 'rewardmath:pair_accuracy@all' });
  t.same(parseMetricKey('bon:gold@n=16').subset, 'n=16');
  for (const bad of ['rewardmath', 'a:b:c', ':m', 's:', 's:m@']) t.throws(() => parseMetricKey(bad), UsageError, bad);
});

t.test('a coefficient that only one model makes defined rests on it: warned, and not picked as best', async (t) => {
  // "lone" is 0 for every model but m4; "steady" follows the outcome with two swaps.
  const outcome = [0.1, 0.2, 0.3, 0.4, 0.5];
  const lone = [0, 0, 0, 0, 1];
  const steady = [0.2, 0.1, 0.3, 0.5, 0.4];
  const ms: ModelValues[] = outcome.map((o, i) => ({ id: `m${i}`, values: { 'a:lone@all': lone[i]!, 'a:steady@all': steady[i]!, [O]: o } }));
  const c = correlate([src(handRun(ms), 'r/run.json')], [parseMetricKey('a:lone'), parseMetricKey('a:steady')], parseMetricKey(O), opts);
  const tau = (key: string) => c.benchmarks.find((b) => b.key === key)!.coefficients.kendall_tau_b;
  // lone: 4 pairs with m4 are concordant, the 6 others tie in x: τ-b = 4 / √(10·4) = 0.632.
  t.ok(Math.abs(tau('a:lone@all').value - 4 / Math.sqrt(40)) < 1e-12);
  t.same(tau('a:lone@all').restsOn, ['m4']);
  // steady: 8 concordant, 2 discordant pairs, no ties: τ-b = 0.6, below lone's.
  t.ok(Math.abs(tau('a:steady@all').value - 0.6) < 1e-12);
  t.same(tau('a:steady@all').restsOn, []);
  t.ok(
    c.warnings.some((w) => /a:lone@all: kendall_tau_b is undefined without m4/.test(w)),
    'warned',
  );
  t.equal(find(c.results, 'm4', 'a:lone@all', 'kendall_tau_b_without').length, 0, 'no row for the undefined leave-one-out');
  const { highestTau } = await import('../../src/probes/correlate.js');
  t.equal(highestTau(c.benchmarks)!.key, 'a:steady@all', 'the robust benchmark ranks first');
});

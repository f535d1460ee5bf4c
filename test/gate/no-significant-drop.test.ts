import t from 'tap';
import { deriveSeed } from '../../src/core/random.js';
import { StreamRng } from '../support/oracles/bootstrap-v2.js';
import type { ScoredItem } from '../../src/core/scored-table.js';
import { openRun, runGate } from '../../src/gate/evaluate.js';
import type { GateCheck } from '../../src/gate/outcome.js';
import type { GateRule } from '../../src/gate/policy-schema.js';
import { tmp } from '../support/helpers.js';
import { accuracy, binary, error, items, macro, writeRun, type RunSpec } from './fixtures/runs.js';

// noSignificantDrop on hand-made runs, each number checked against a plain brute-force paired
// bootstrap written here (same generator, same seed rule, resampled clusters listed out).

const seed = 5;
const samples = 800;
const suites: RunSpec['suites'] = [
  { id: 'pairwise', metrics: [accuracy, macro] },
  { id: 'robust', metrics: [error] },
];
const run = (dir: string, name: string, model: string, pairwise: ScoredItem[], robust: ScoredItem[] = [], extra: Partial<RunSpec> = {}) =>
  writeRun(dir, name, { seed, samples, suites, models: [{ id: model, items: { pairwise, robust } }], ...extra });

async function check(rule: GateRule, cand: string, base: string): Promise<GateCheck> {
  const o = await runGate({ run: await openRun(cand), baseline: await openRun(base), policy: { rules: [rule] } });
  if (o.cases.length !== 1) throw new Error(`expected one case, got ${o.cases.length}`);
  return o.cases[0]!.checks[0]!;
}

/** Clusters sorted by id, each with its candidate and baseline values, over the items both have. */
function pairUp(cand: ScoredItem[], base: ScoredItem[], key: string, keep: (it: ScoredItem) => boolean = () => true) {
  const byId = new Map(base.map((b) => [b.id, b]));
  const clusters = new Map<string, { c: number[]; b: number[] }>();
  for (const c of cand.filter(keep)) {
    const b = byId.get(c.id);
    if (!b) continue;
    const entry = clusters.get(c.cluster) ?? { c: [], b: [] };
    entry.c.push(c.values[key]!);
    entry.b.push(b.values[key]!);
    clusters.set(c.cluster, entry);
  }
  return [...clusters.entries()].sort(([x], [y]) => (x < y ? -1 : 1)).map(([, v]) => v);
}

/** The paired bootstrap by hand: resample clusters (resample i from its own generator of stream s), list their items, difference of plain means. */
function bruteForce(clusters: { c: number[]; b: number[] }[], draws: number, alpha: number, s: number) {
  const n = clusters.length;
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const deltas: number[] = [];
  for (let i = 0; i < draws; i++) {
    const rng = new StreamRng(s, i);
    const drawn = Array.from({ length: n }, () => clusters[rng.int(n)]!);
    deltas.push(mean(drawn.flatMap((d) => d.c)) - mean(drawn.flatMap((d) => d.b)));
  }
  const sorted = [...deltas].sort((a, b) => a - b);
  const q = (p: number): number => {
    const h = (sorted.length - 1) * p;
    return sorted[Math.floor(h)]! + (h - Math.floor(h)) * (sorted[Math.ceil(h)]! - sorted[Math.floor(h)]!);
  };
  return {
    interval: [q(alpha), q(1 - alpha)],
    nonNegative: deltas.filter((d) => d >= 0).length / draws,
    nonPositive: deltas.filter((d) => d <= 0).length / draws,
  };
}

const near = (a: number | null | undefined, b: number): boolean => a != null && Math.abs(a - b) <= 1e-12;

t.test('a drop smaller than the bootstrap noise passes; a large one fails', async (t) => {
  const dir = tmp(t);
  const baseItems = items(binary(200, 160));
  // Lose 2 items, then 30, that the baseline won (ids 0–1, 0–29): Δ = −2/200 and −30/200.
  const lose = (d: number) => baseItems.map((it, k) => ({ ...it, values: { accuracy: k < d ? 0 : it.values.accuracy! } }));
  const base = await run(dir, 'base', 'rm', baseItems);
  const rule: GateRule = { suite: 'pairwise', noSignificantDrop: { alpha: 0.05 } };
  for (const [d, passes] of [
    [2, true],
    [30, false],
  ] as const) {
    const candItems = lose(d);
    const c = await check(rule, await run(dir, `lose-${d}`, 'rm', candItems), base);
    const want = bruteForce(pairUp(candItems, baseItems, 'accuracy'), samples, 0.05, deriveSeed(seed, 'pairwise', 'all', 'accuracy'));
    t.equal(c.pass, passes, `lose ${d}: ${c.message}`);
    t.ok(near(c.bootstrap?.delta, -d / 200), `Δ = −${d}/200`);
    t.same([c.bootstrap?.n, c.bootstrap?.samples, c.bootstrap?.seed], [200, samples, deriveSeed(seed, 'pairwise', 'all', 'accuracy')]);
    t.ok(
      near(c.bootstrap?.interval[0], want.interval[0]!) && near(c.bootstrap?.interval[1], want.interval[1]!),
      `interval ${c.bootstrap?.interval} = ${want.interval}`,
    );
    t.ok(near(c.observed, want.interval[1]!), 'observed is the upper bound Q(1−α)');
    t.equal(c.bootstrap?.pValue, want.nonNegative, 'fraction of resamples with Δ ≥ 0');
  }
  // With 2 lost items a resample shows no drop when it draws neither: (198/200)^200 = 0.134 > α.
  const small = await check(rule, await run(dir, 'again-2', 'rm', lose(2)), base);
  t.ok(Math.abs(small.bootstrap!.pValue - (198 / 200) ** 200) < 0.06, `P(Δ ≥ 0) = ${small.bootstrap!.pValue} ≈ 0.134`);
  t.equal(small.observed, 0, 'so Q(0.95) of Δ is 0 exactly');
});

t.test('identical runs give Δ = 0 exactly, on every resample', async (t) => {
  const dir = tmp(t);
  const its = items(
    Array.from({ length: 50 }, (_, k) => Math.sqrt(k) / 9),
    { subset: (k) => (k % 3 === 0 ? 'x' : 'y') },
  );
  const [a, b] = [await run(dir, 'a', 'rm', its), await run(dir, 'b', 'rm', [...its].reverse())];
  for (const metric of ['accuracy', 'accuracy_macro']) {
    const c = await check({ suite: 'pairwise', metric, noSignificantDrop: { alpha: 0.05 } }, a, b);
    t.same([c.pass, c.observed, c.bootstrap?.delta, c.bootstrap?.interval, c.bootstrap?.pValue], [true, 0, 0, [0, 0], 1], `${metric}, file order reversed`);
  }
});

t.test('lower is better: the mirror image', async (t) => {
  const dir = tmp(t);
  const baseItems = items(binary(100, 20), { metric: 'error' });
  const worse = baseItems.map((it, k) => ({ ...it, values: { error: k < 40 ? 1 : 0 } })); // 20 more errors
  const better = baseItems.map((it, k) => ({ ...it, values: { error: k < 10 ? 1 : 0 } })); // 10 fewer
  const base = await run(dir, 'base', 'rm', [], baseItems);
  const rule: GateRule = { suite: 'robust', noSignificantDrop: { alpha: 0.05 } };
  const up = await check(rule, await run(dir, 'worse', 'rm', [], worse), base);
  const want = bruteForce(pairUp(worse, baseItems, 'error'), samples, 0.05, deriveSeed(seed, 'robust', 'all', 'error'));
  t.notOk(up.pass, up.message);
  t.ok(near(up.bootstrap?.delta, 0.2), 'Δ = +20/100');
  t.ok(near(up.observed, want.interval[0]!) && want.interval[0]! > 0, 'observed is the lower bound Q(α), above 0');
  t.equal(up.bootstrap?.pValue, want.nonPositive, 'fraction of resamples with Δ ≤ 0');
  const down = await check(rule, await run(dir, 'better', 'rm', [], better), base);
  t.ok(down.pass && near(down.bootstrap?.delta, -0.1) && down.bootstrap?.pValue === 1, down.message);
});

t.test('shared items only, within the subset; clusters resampled whole; macro metrics', async (t) => {
  const dir = tmp(t);
  const subset = (k: number): string => (k < 30 ? 'hard' : 'easy');
  const facets = (k: number): Record<string, string> => ({ level: String(1 + (k % 2)) });
  const clusterOf = (k: number): string => `prompt-${String(Math.floor(k / 3)).padStart(3, '0')}`;
  const baseItems = items(
    Array.from({ length: 90 }, (_, k) => (k % 4 === 0 ? 0 : 1)),
    { subset, facets, clusterOf },
  );
  // The candidate lacks items 0–5 and adds 10 the baseline never saw; it loses items 30–39.
  const extra = items(binary(10, 10), { prefix: 'new-', subset, facets });
  const candItems = [...baseItems.slice(6).map((it, j) => ({ ...it, values: { accuracy: j + 6 >= 30 && j + 6 < 40 ? 0 : it.values.accuracy! } })), ...extra];
  const [base, cand] = [await run(dir, 'base', 'rm', baseItems), await run(dir, 'cand', 'rm', candItems)];
  const alpha = 0.1;
  for (const [sub, keep, n] of [
    ['hard', (it: ScoredItem) => it.subset === 'hard', 24], // items 6–29
    ['level=2', (it: ScoredItem) => it.facets?.level === '2', 42], // odd k in 6–89
    ['all', () => true, 84],
  ] as const) {
    const c = await check({ suite: 'pairwise', subset: sub, metric: 'accuracy', noSignificantDrop: { alpha, samples: 300 } }, cand, base);
    const want = bruteForce(pairUp(candItems, baseItems, 'accuracy', keep), 300, alpha, deriveSeed(seed, 'pairwise', sub, 'accuracy'));
    t.equal(c.bootstrap?.n, n, `${sub}: n shared`);
    t.equal(c.bootstrap?.samples, 300, 'samples from the rule');
    t.ok(
      near(c.bootstrap?.interval[0], want.interval[0]!) && near(c.bootstrap?.interval[1], want.interval[1]!),
      `${sub}: ${c.bootstrap?.interval} = ${want.interval}`,
    );
  }
  // Macro over the shared 84: hard (items 6–29) has the same values on both sides; easy (60 items,
  // 30–89) loses those of 30–39 that the baseline won (k % 4 ≠ 0: 30, 31, 33, 34, 35, 37, 38, 39, so 8).
  const m = await check({ suite: 'pairwise', metric: 'accuracy_macro', noSignificantDrop: { alpha } }, cand, base);
  t.ok(near(m.bootstrap?.delta, (0 + -8 / 60) / 2), `macro Δ = (0 − 8/60)/2: ${m.bootstrap?.delta}`);
  t.equal(m.bootstrap?.samples, samples, "samples default to the candidate run's");
});

t.test('scores.jsonl without clusters: each item is its own cluster, with a warning', async (t) => {
  const dir = tmp(t);
  const clusterOf = (k: number): string => `p${Math.floor(k / 4)}`;
  const baseItems = items(binary(40, 30), { clusterOf });
  const candItems = baseItems.map((it, k) => ({ ...it, values: { accuracy: k < 5 ? 0 : it.values.accuracy! } }));
  const base = await run(dir, 'base', 'rm', baseItems, [], { omitCluster: true });
  const cand = await run(dir, 'cand', 'rm', candItems, [], { omitCluster: true });
  const o = await runGate({
    run: await openRun(cand),
    baseline: await openRun(base),
    policy: { rules: [{ suite: 'pairwise', noSignificantDrop: { alpha: 0.05 } }] },
  });
  const c = o.cases[0]!.checks[0]!;
  const own = (its: ScoredItem[]) => its.map((it) => ({ ...it, cluster: it.id }));
  const want = bruteForce(pairUp(own(candItems), own(baseItems), 'accuracy'), samples, 0.05, deriveSeed(seed, 'pairwise', 'all', 'accuracy'));
  t.ok(near(c.bootstrap?.interval[1], want.interval[1]!) && near(c.bootstrap?.interval[0], want.interval[0]!), `${c.bootstrap?.interval} = ${want.interval}`);
  t.equal(o.warnings.length, 2, 'one warning per file');
  t.match(o.warnings[0], /cand\/scores\.jsonl: 40 line\(s\) have no "cluster".*own cluster/);
});

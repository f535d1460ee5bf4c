import t from 'tap';
import { join } from 'node:path';
import { parseEnsemble } from '../../src/adapters/ensemble.js';
import { ModelError, UsageError } from '../../src/core/errors.js';
import { createModel } from '../../src/run/models.js';
import { defaultModelId, modelSpecFromObject, parseModelSpec } from '../../src/core/model-spec.js';
import type { ScoreRequest } from '../../src/core/types.js';
import { evaluate, referenceModel, tmp, valueOf, writeJsonl } from '../support/helpers.js';
import { cliIn } from '../support/in-process.js';

const ctx = { seed: 7, cwd: process.cwd() };
const req = (response: string, prompt = 'q'): ScoreRequest => ({ messages: [{ role: 'user', content: prompt }], response });
const load = async (spec: string) => (await createModel(parseModelSpec(spec), ctx)).model;
const reqs = ['a', 'héllo', '', 'a longer response', 'xyz'].map((r) => req(r));

// Independent of src/metrics/ensemble.ts: the reducers written out again.
const mean = (s: number[]): number => s.reduce((a, b) => a + b, 0) / s.length;
const popVar = (s: number[]): number => mean(s.map((x) => (x - mean(s)) ** 2));
const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

t.test('grammar: members keep their own options, commas and nested ensembles', async (t) => {
  const spec = parseModelSpec('ensemble:mean(onnx:models/bow-clean?device=cpu&maxLength=64,heuristic:length)');
  t.equal(spec.adapter, 'ensemble');
  t.equal(spec.target, 'mean(onnx:models/bow-clean?device=cpu&maxLength=64,heuristic:length)', 'the "?" inside the parentheses belongs to a member');
  t.same(spec.options, {});
  t.same(parseEnsemble(spec), { reducer: 'mean', members: ['onnx:models/bow-clean?device=cpu&maxLength=64', 'heuristic:length'] });
  t.equal(defaultModelId(spec), 'ensemble-mean', 'display id from the reducer, not from a member path');

  const uwo = parseModelSpec('ensemble:uwo(heuristic:length, heuristic:random?seed=3;lambda=0.1)?id=mine');
  t.equal(uwo.id, 'mine', 'options after ")" belong to the ensemble');
  t.same(parseEnsemble(uwo), { reducer: 'uwo', members: ['heuristic:length', 'heuristic:random?seed=3'], lambda: 0.1 });
  t.same(parseEnsemble(parseModelSpec('ensemble:uwo(heuristic:length)')).lambda, 0.5, 'λ defaults to 0.5');
  t.same(parseEnsemble(parseModelSpec('ensemble:uwo(heuristic:length)?lambda=2')).lambda, 2, '?lambda= works too (config-file options)');

  const fromConfig = modelSpecFromObject({ adapter: 'ensemble', target: 'uwo(heuristic:length,heuristic:random)', options: { lambda: 0.2 } });
  t.same(parseEnsemble(fromConfig), { reducer: 'uwo', members: ['heuristic:length', 'heuristic:random'], lambda: 0.2 }, 'the config-file object form');
  t.same(parseEnsemble(parseModelSpec(fromConfig.source)), parseEnsemble(fromConfig), 'which round-trips through its source');

  const nested = parseModelSpec('ensemble:mean(heuristic:length,ensemble:wco(heuristic:random,heuristic:constant?value=0.5),heuristic:constant?value=1)');
  t.same(parseEnsemble(nested).members, ['heuristic:length', 'ensemble:wco(heuristic:random,heuristic:constant?value=0.5)', 'heuristic:constant?value=1']);
});

t.test('scores are the reducer over every member’s scores (nested too)', async (t) => {
  const len = (await load('heuristic:length')).score!;
  const rnd = (await load('heuristic:random')).score!;
  const L = (await len(reqs)) as number[];
  const R = (await rnd(reqs)) as number[];
  const C = reqs.map(() => 3);
  const members = reqs.map((_, j) => [L[j]!, R[j]!, C[j]!]);

  const m = await load('ensemble:mean(heuristic:length,heuristic:random,heuristic:constant?value=3)');
  t.ok(
    ((await m.score!(reqs)) as number[]).every((v, j) => near(v, mean(members[j]!))),
    'mean',
  );
  const w = await load('ensemble:wco(heuristic:length,heuristic:random,heuristic:constant?value=3)');
  t.same(
    await w.score!(reqs),
    members.map((s) => Math.min(...s)),
    'wco',
  );
  const u = await load('ensemble:uwo(heuristic:length,heuristic:random,heuristic:constant?value=3;lambda=0.25)');
  t.ok(
    ((await u.score!(reqs)) as number[]).every((v, j) => near(v, mean(members[j]!) - 0.25 * popVar(members[j]!))),
    'uwo',
  );

  const nested = await load('ensemble:mean(heuristic:length,ensemble:wco(heuristic:random,heuristic:constant?value=0.5))');
  t.ok(
    ((await nested.score!(reqs)) as number[]).every((v, j) => near(v, (L[j]! + Math.min(R[j]!, 0.5)) / 2)),
    'nested ensemble',
  );
  t.equal(nested.id, 'ensemble-mean');
  t.equal(nested.baseline, true, 'all members are baselines → baseline');

  const small = await load('ensemble:mean(heuristic:length?batchSize=2,heuristic:random)');
  t.equal(small.batchSize, 2, 'the smallest member batch size');
  t.ok(
    ((await small.score!(reqs)) as number[]).every((v, j) => near(v, (L[j]! + R[j]!) / 2)),
    'members get batches of their own size',
  );
  await nested.dispose!();
});

t.test('fingerprint: reducer, λ and members; member order does not matter', async (t) => {
  const fp = async (s: string): Promise<string> => (await load(s)).fingerprint;
  const base = await fp('ensemble:uwo(heuristic:length,heuristic:random)');
  t.equal(await fp('ensemble:uwo(heuristic:length,heuristic:random;lambda=0.5)'), base, 'explicit default λ');
  t.not(await fp('ensemble:uwo(heuristic:length,heuristic:random;lambda=0.1)'), base, 'λ');
  t.not(await fp('ensemble:mean(heuristic:length,heuristic:random)'), base, 'reducer');
  t.not(await fp('ensemble:uwo(heuristic:length,heuristic:random?seed=1)'), base, 'a member’s own fingerprint');
  t.not(await fp('ensemble:uwo(heuristic:length,heuristic:random,heuristic:random)'), base, 'multiplicity counts');
  t.equal(await fp('ensemble:uwo(heuristic:random,heuristic:length)'), base, 'order-independent: members are reduced in fingerprint order');
  const a = await load('ensemble:uwo(heuristic:length,heuristic:random,heuristic:constant?value=0.1)');
  const b = await load('ensemble:uwo(heuristic:constant?value=0.1,heuristic:random,heuristic:length)');
  t.same(await b.score!(reqs), await a.score!(reqs), 'and the scores are bit-identical');
  t.equal(
    await fp('ensemble:mean(heuristic:length,heuristic:random?delayMs=1)'),
    await fp('ensemble:mean(heuristic:length,heuristic:random)'),
    'what does not change member scores does not count',
  );
  t.not(await fp('ensemble:mean(heuristic:length)'), await fp('heuristic:length'), 'an ensemble is not its member');
  t.not(
    (await load('ensemble:mean(heuristic:length,heuristic:random)')).fingerprint,
    (await load('ensemble:mean(heuristic:length,ensemble:mean(heuristic:random))')).fingerprint,
    'nesting is identity',
  );
});

t.test('through the runner: the ensemble equals the reducer over the members’ own runs', async (t) => {
  const suites = [{ id: 'pairwise' }];
  const spec = 'ensemble:uwo(heuristic:length,heuristic:random,heuristic:constant?value=20;lambda=0.3)';
  const [ens, len, rnd] = await Promise.all([spec, 'heuristic:length', 'heuristic:random'].map((m) => evaluate({ models: [m], suites, samples: 1 })));
  type Line = { item: string; scores: Record<string, number> };
  const byItem = (lines: readonly unknown[]): Map<string, Record<string, number>> => new Map((lines as Line[]).map((l) => [l.item, l.scores]));
  const E = byItem(ens!.lines);
  const Ls = byItem(len!.lines);
  const Rs = byItem(rnd!.lines);
  t.ok(E.size > 100, `${E.size} items`);
  let bad = 0;
  let wins = 0;
  for (const [item, scores] of E) {
    for (const [cand, v] of Object.entries(scores)) {
      const s = [Ls.get(item)![cand]!, Rs.get(item)![cand]!, 20];
      if (!near(v, mean(s) - 0.3 * popVar(s))) bad++;
    }
    if (scores.chosen! > scores.rejected!) wins++;
  }
  t.equal(bad, 0, 'every candidate’s score is mean − 0.3·Var_pop of the members’ scores');
  t.ok(near(valueOf(ens!.run, { metric: 'accuracy' })!, wins / E.size), 'and accuracy follows from those scores');
  const entry = ens!.run.models[0]!;
  t.equal(entry.id, 'ensemble-uwo');
  t.equal(entry.baseline, true);
  t.equal(entry.adapter, 'ensemble');
});

t.test('members that only compare, and broken members, are named', async (t) => {
  const dir = tmp(t);
  const verdicts = writeJsonl(dir, 'verdicts.jsonl', [{ model: 'j', suite: 'pairwise', key: 'pairwise-0001', verdicts: { 'chosen>rejected': 1 } }]);
  try {
    await createModel(parseModelSpec(`ensemble:mean(heuristic:length,scores:${verdicts})`), ctx);
    t.fail('should throw');
  } catch (err) {
    t.ok(err instanceof UsageError, 'a usage error');
    t.match((err as Error).message, new RegExp(`member "scores:.*verdicts\\.jsonl".*only compares`));
  }
  const nan = await load('ensemble:mean(heuristic:length,heuristic:constant?value=NaN)');
  await t.rejects(nan.score!(reqs), ModelError);
  await t.rejects(nan.score!(reqs), { message: /member "constant".*not a finite number \(null\)/ });
  const run = await cliIn(['score', '-m', 'ensemble:wco(heuristic:length,heuristic:constant?value=Infinity)', '-p', 'a', '-r', 'b', '--no-cache']);
  t.equal(run.code, 3, 'a non-finite member score is a model failure (exit 3)');
  t.match(run.stderr, /member "constant"/);
  const ok = await cliIn(['score', '-m', 'ensemble:mean(heuristic:length,heuristic:constant?value=1)', '-p', 'a', '-r', 'héllo', '--no-cache']);
  t.equal(ok.code, 0, ok.stderr);
  t.match(ok.stdout, /\b3\b/, 'mean(5, 1) = 3');
});

t.test('bad ensemble specs exit 2 with clear messages', async (t) => {
  const cases: [string, RegExp][] = [
    ['ensemble:median(heuristic:length,heuristic:random)', /unknown ensemble reducer "median".*Available: mean, uwo, wco/s],
    ['ensemble:mean()', /has no members/],
    ['ensemble:uwo(heuristic:length,heuristic:random;lambda=abc)', /lambda must be a finite number, got "abc"/],
    ['ensemble:uwo(heuristic:length)?lambda=-1', /lambda must be ≥ 0/],
    ['ensemble:mean(heuristic:length;lambda=1)', /lambda applies to uwo only/],
    ['ensemble:uwo(heuristic:length;lambda=1)?lambda=2', /given both/],
    ['ensemble:mean(heuristic:length;alpha=1)', /unknown ensemble parameter "alpha"/],
    ['ensemble:mean(heuristic:length,,heuristic:random)', /member 2 of the ensemble is empty/],
    ['ensemble:mean(heuristic:length', /expected ensemble:REDUCER\(SPEC,SPEC,...\)/],
    ['ensemble:mean(heuristic:length))', /unbalanced parentheses/],
    ['ensemble:heuristic:length', /expected ensemble:REDUCER/],
    ['ensemble:mean(heuristic:nope)', /in ensemble "ensemble:mean\(heuristic:nope\)", member 1: .*unknown heuristic "nope"/],
    ['ensemble:mean(heuristic:length,length)', /member 2: model spec "length" has no adapter prefix/],
    ['ensemble:mean(heuristic:length,ensemble:wco(heuristic:length;lambda=1))', /member 2: .*lambda applies to uwo only/],
  ];
  for (const [spec, message] of cases) {
    const r = await cliIn(['score', '-m', spec, '-p', 'a', '-r', 'b', '--no-cache']);
    t.equal(r.code, 2, `${spec} exits 2`);
    t.match(r.stderr, message, `${spec}: ${r.stderr.trim().split('\n')[0]}`);
  }
  const run = await cliIn([
    'run',
    '--suite',
    'pairwise',
    '--model',
    'ensemble:median(heuristic:length)',
    '--no-cache',
    '--quiet',
    '--out',
    join(tmp(t), 'out'),
  ]);
  t.equal(run.code, 2, 'run exits 2 too');
  t.match(run.stderr, /median/);
});

t.test('ls adapters lists the ensemble with its grammar', async (t) => {
  const r = await cliIn(['ls', 'adapters']);
  t.equal(r.code, 0);
  t.match(r.stdout, /^ensemble:\s+ensembles of other model specs: mean\(A,B,...\), wco\(A,B,...\) = min, uwo\(A,B,...;lambda=0.5\)/m);
  t.match(r.stdout, /\?lambda=\s+uwo/);
});

t.test('a local ONNX member loads, scores and is disposed through the same path', async (t) => {
  const dir = referenceModel('bow-clean');
  const ens = await load(`ensemble:mean(onnx:${dir}?device=cpu,heuristic:length)`);
  const one = await load(`onnx:${dir}?device=cpu`);
  const got = (await ens.score!(reqs)) as number[];
  const own = (await one.score!(reqs)) as number[];
  t.ok(
    got.every((v, j) => near(v, (own[j]! + [...reqs[j]!.response].length) / 2)),
    'mean of the ONNX and the length scores',
  );
  t.equal(ens.baseline, false, 'not all members are baselines');
  await ens.dispose!();
  await one.dispose?.();
});

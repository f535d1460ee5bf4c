import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import { createModel } from '../../src/run/models.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import type { RewardModel, ScoreRequest } from '../../src/core/types.js';
import { cacheLines, cliAsync, cliPromise, makePairs, ok, readRun, uniqueRequests } from '../cli/fixtures/cli.js';
import { tmp, writeJsonl } from '../support/helpers.js';
import { parityFixtures, scored } from '../support/parity.js';
import { referencePython } from '../support/python.js';

// hf: beyond single scores: batch-size invariance and resume after kill -9. Apart from
// hf-parity.test.ts so that each file stays well inside tap's per-file timeout on a busy machine.
// Needs a Python with torch and transformers: CI has none and skips.

const TOLERANCE = 1e-5;
const py = referencePython();
const skip = 'skip' in py ? py.skip : false;
const python = 'python' in py ? py.python : '';
const fixtures = parityFixtures();

async function load(t: Test, spec: string): Promise<RewardModel> {
  const { model } = await createModel(parseModelSpec(spec), { seed: 0, cwd: process.cwd(), device: 'cpu' });
  t.teardown(() => model.dispose?.());
  return model;
}

const maxDiff = (a: readonly number[], b: readonly number[]): number => Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));

t.test('scores do not depend on how requests are batched (within 1e-5 on the CPU)', { skip }, async (t) => {
  for (const f of fixtures.filter((x) => x.name === 'llama3' || x.name === 'deberta-v3')) {
    const requests: ScoreRequest[] = scored(f)
      .filter((c) => c.ref.error === undefined)
      .map((c) => c.request);
    const whole = (await (await load(t, `hf:${f.dir}?python=${python}`)).score!(requests)) as number[];
    const m = await load(t, `hf:${f.dir}?python=${python}&maxBatch=2&tokenBudget=64`);
    const alone: number[] = [];
    for (const r of requests) alone.push(...((await m.score!([r])) as number[]));
    const pairs = (await m.score!([...requests].reverse())).reverse() as number[];
    t.ok(maxDiff(alone, whole) <= TOLERANCE, `${f.name}: one at a time vs one batch: ${maxDiff(alone, whole).toExponential(2)}`);
    t.ok(maxDiff(pairs, whole) <= TOLERANCE, `${f.name}: two rows per pass, reversed: ${maxDiff(pairs, whole).toExponential(2)}`);
  }
});

t.test('a run killed with SIGKILL resumes from the cache and matches an uninterrupted run', { skip }, async (t) => {
  const f = fixtures.find((x) => x.name === 'llama3');
  if (!f) return t.fail('no llama3 fixture');
  const dir = tmp(t);
  const rows = makePairs(300, 5);
  const data = writeJsonl(dir, 'pairs.jsonl', rows);
  const unique = uniqueRequests(rows);
  const args = (out: string, cache: string) => [
    'run',
    '--suite',
    'pairwise',
    '--data',
    data,
    '--model',
    `hf:${f.dir}?python=${python}`,
    '--device',
    'cpu',
    '--batch-size',
    '4',
    '--bootstrap',
    '200',
    '--out',
    join(dir, out),
    '--cache-dir',
    join(dir, cache),
  ];
  const child = cliAsync(args('killed', 'cache'));
  child.stdout.resume();
  child.stderr.resume();
  const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_c, s) => res(s)));
  let finished = false;
  void exited.then(() => (finished = true));
  const cache = join(dir, 'cache');
  const deadline = Date.now() + 120_000;
  while (!finished && cacheLines(cache) < 8 && Date.now() < deadline) await sleep(10);
  child.kill('SIGKILL');
  t.equal(await exited, 'SIGKILL', 'killed part-way');
  const cached = cacheLines(cache);
  t.ok(cached >= 8 && cached < unique, `${cached} of ${unique} scores were cached before the kill`);
  const resumed = await cliPromise(args('resumed', 'cache'));
  if (!ok(t, resumed, 'the resumed run')) return;
  const fresh = await cliPromise(args('fresh', 'fresh-cache'));
  if (!ok(t, fresh, 'the uninterrupted run')) return;
  const r = readRun(join(dir, 'resumed'));
  t.same([r.models[0]!.stats.cacheHits, r.models[0]!.stats.modelCalls], [cached, unique - cached], 'nothing cached was recomputed');
  t.same(r.results, readRun(join(dir, 'fresh')).results, 'the same results as a run never interrupted');
  t.equal(readdirSync(cache).filter((x) => x.endsWith('.jsonl')).length, 1);
});

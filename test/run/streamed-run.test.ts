import t, { type Test } from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DataError } from '../../src/core/errors.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import type { RunPlan } from '../../src/run/plan.js';
import { runEvaluation } from '../../src/run/runner.js';
import { parseShard } from '../../src/run/shard.js';
import { tmp } from '../support/helpers.js';

// A dataset above the streaming size is read batch by batch and evaluated a chunk at a time; every
// number, line and example must be what the whole-dataset path gives. Here the threshold is 0.

function pairs(n: number): string {
  let s = 9;
  const next = (k: number): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s % k);
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      id: `q${i}`,
      prompt: `prompt ${Math.floor(i / 3)}`, // three items per prompt: clusters, and repeats
      chosen: `${'c'.repeat(1 + next(9))} ${i % 7 === 0 ? 'same' : i}`, // equal text across items: cache hits across chunks
      rejected: `${'r'.repeat(1 + next(9))} ${i % 7 === 0 ? 'same' : i}x`,
      subset: ['a', 'b', 'c', 'd'][i % 4],
    }),
  ).join('\n');
}

const sink = new Writable({ write: (_c, _e, cb) => cb() });
const plan = (data: string, cwd: string, more: Partial<RunPlan> = {}): RunPlan => ({
  models: ['heuristic:random', 'heuristic:shortest'].map(parseModelSpec),
  suites: [
    { id: 'pairwise', data, options: {} },
    { id: 'best-of-n', options: {} },
  ],
  seed: 3,
  concurrency: 3,
  bootstrap: { samples: 200, level: 0.9 },
  cache: { dir: join(cwd, 'cache'), enabled: false },
  cwd,
  command: [],
  config: {},
  ...more,
});

async function both(t: Test, p: RunPlan) {
  const whole = await runEvaluation(p, { stderr: sink, progress: 'off', log: () => {} });
  const streamed = await runEvaluation({ ...p, streamAboveBytes: 0 }, { stderr: sink, progress: 'off', log: () => {} });
  t.notOk(whole.spool, 'below the threshold: held in memory');
  t.ok(streamed.spool, 'above it: streamed, lines spooled');
  const text = (lines: unknown[]): string => lines.map((l) => `${JSON.stringify(l)}\n`).join('');
  t.equal([...streamed.spool!.chunks()].join(''), text(whole.lines), 'scores.jsonl, byte for byte');
  streamed.spool!.dispose();
  const strip = (r: typeof whole.run) => ({ ...r, createdAt: '', models: r.models.map((m) => ({ ...m, stats: { ...m.stats, seconds: 0, batches: 0 } })) });
  t.same(strip(streamed.run), strip(whole.run), 'run.json: results, suites, examples and request counts');
  t.equal(JSON.stringify(streamed.run.results), JSON.stringify(whole.run.results), 'results, bit for bit');
}

t.test('a streamed run equals the whole-dataset run', async (t) => {
  const dir = tmp(t);
  const data = join(dir, 'pairs.jsonl');
  writeFileSync(data, pairs(7000)); // about 0.5 MB: several record batches, four chunks
  await both(t, plan(data, dir));
  await both(t, plan(data, dir, { shard: parseShard('2/3') }));
});

t.test('with a disk cache, request counts add up across chunks', async (t) => {
  const dir = tmp(t);
  const data = join(dir, 'pairs.jsonl');
  writeFileSync(data, pairs(5000));
  const p = plan(data, dir, { cache: { dir: join(dir, 'cache'), enabled: true } });
  const first = await runEvaluation({ ...p, streamAboveBytes: 0 }, { stderr: sink, progress: 'off', log: () => {} });
  first.spool?.dispose();
  const fresh = await runEvaluation({ ...p, cache: { dir: join(dir, 'other'), enabled: true } }, { stderr: sink, progress: 'off', log: () => {} });
  t.same(
    first.run.models.map((m) => [m.stats.requests, m.stats.uniqueRequests, m.stats.cacheHits, m.stats.modelCalls]),
    fresh.run.models.map((m) => [m.stats.requests, m.stats.uniqueRequests, m.stats.cacheHits, m.stats.modelCalls]),
  );
  const again = await runEvaluation({ ...p, streamAboveBytes: 0 }, { stderr: sink, progress: 'off', log: () => {} });
  again.spool?.dispose();
  t.same(
    again.run.models.map((m) => m.stats.modelCalls),
    [0, 0],
  );
  t.same(
    again.run.models.map((m) => m.stats.cacheHits),
    first.run.models.map((m) => m.stats.uniqueRequests),
  );
});

t.test('a duplicate id in a later batch is found in the check pass, before any model', async (t) => {
  const dir = tmp(t);
  const data = join(dir, 'dup.jsonl');
  const rows = pairs(30000).split('\n');
  rows[25000] = rows[3]!.replace('"prompt 1"', '"another"');
  writeFileSync(data, rows.join('\n'));
  const err = await runEvaluation({ ...plan(data, dir), streamAboveBytes: 0 }, { stderr: sink, progress: 'off', log: () => {} }).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.ok(err instanceof DataError, String(err));
  t.equal((err as DataError).location.line, 25001);
  t.match((err as DataError).message, /duplicate id "q3" \(first on line 4\)/);
});

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { presetIds, suites as suiteRegistry } from '../../src/benchmarks/index.js';
import { loadSuites } from '../../src/run/load-suites.js';
import { parseShard, selectShard, shardOf } from '../../src/run/shard.js';
import { referenceModel, root, tmp } from '../support/helpers.js';
import { ok, readRun } from './fixtures/cli.js';
import { compareRuns, scoreLines } from './fixtures/shard.js';
import { cliIn } from '../support/in-process.js';

// Sharded runs (`run --shard I/N`) and `merge`: the shards partition every suite by prompt
// cluster, and merging them gives exactly the run that was never split.

/** The shard of a cluster, straight from the documented rule (sha256 of the JSON parts → 53-bit uniform), not through random.ts. */
function expectedShard(suite: string, cluster: string, n: number): number {
  const d = createHash('sha256')
    .update(JSON.stringify(['shard', suite, cluster]))
    .digest();
  const u = (d.readUInt32LE(0) * 2 ** 21 + (d.readUInt32LE(4) >>> 11)) / 2 ** 53;
  return Math.floor(u * n) + 1;
}

t.test('--shard I/N parsing', async (t) => {
  t.same(parseShard('2/4'), { index: 2, count: 4 });
  t.same(parseShard('1/1'), { index: 1, count: 1 });
  for (const bad of ['0/3', '4/3', '1/0', '2', 'a/b', '1.5/3', '-1/3']) t.throws(() => parseShard(bad), /expected I\/N/, `"${bad}" is refused`);
});

t.test('shards partition every built-in suite: each item in exactly one shard, whole clusters', async (t) => {
  const plan = {
    suites: suiteRegistry
      .ids()
      .filter((id) => !presetIds.includes(id))
      .map((id) => ({ id, options: {} })),
    cwd: root,
  } as unknown as Parameters<typeof loadSuites>[0];
  const loaded = await loadSuites(plan);
  for (const n of [1, 3, 4]) {
    for (const ls of loaded) {
      const id = ls.suite.id;
      const parts = Array.from({ length: n }, (_, k) => selectShard(id, ls.data.items, { index: k + 1, count: n }));
      const times = new Map<string, number>();
      for (const p of parts) for (const it of p) times.set(it.id, (times.get(it.id) ?? 0) + 1);
      t.equal(
        parts.reduce((a, p) => a + p.length, 0),
        ls.data.items.length,
        `${id} 1..${n}: sizes add up to ${ls.data.items.length}`,
      );
      t.ok(
        ls.data.items.every((it) => times.get(it.id) === 1),
        `${id} 1..${n}: every item in exactly one shard`,
      );
      const home = new Map<string, number>();
      let split = 0;
      parts.forEach((p, k) => {
        for (const it of p) {
          if ((home.get(it.cluster) ?? k) !== k) split++;
          home.set(it.cluster, k);
        }
      });
      t.equal(split, 0, `${id} 1..${n}: no cluster spans two shards`);
      t.ok(
        ls.data.items.every((it) => shardOf(id, it.cluster, n) === expectedShard(id, it.cluster, n)),
        `${id} 1..${n}: the shard is floor(hashUniform('shard', suite, cluster) · N) + 1`,
      );
      if (n > 1 && ls.data.items.length >= 100)
        t.ok(
          parts.every((p) => p.length > 0),
          `${id} 1..${n}: no shard is empty`,
        );
    }
  }
  // Clusters with several items exist, so "whole clusters" is a real constraint.
  t.ok(
    loaded.some((ls) => new Set(ls.data.items.map((i) => i.cluster)).size < ls.data.items.length),
    'some suite has clusters of several items',
  );
});

t.test('built-in suites with heuristic models and onnx:bow-clean: 2 shards merged = the unsharded run', async (t) => {
  const dir = tmp(t);
  const common = [
    '--model',
    'heuristic:length',
    '--model',
    'heuristic:random',
    '--model',
    `onnx:${referenceModel('bow-clean')}`,
    '--bootstrap',
    '200',
    '--seed',
    '3',
    // One cache for the three runs: the shards are scored from what the full run cached (a cached
    // score is the model's, bit for bit), so only the split and the merge are new work.
    '--cache-dir',
    join(dir, 'cache'),
    '--quiet',
  ];
  if (!ok(t, await cliIn(['run', ...common, '--out', join(dir, 'full')]), 'unsharded run')) return;
  // Two shards: each run tokenizes every built-in text for bow-clean, the largest cost here; a third
  // adds nothing the merge of two (given in reverse order) does not check.
  for (const i of [1, 2]) if (!ok(t, await cliIn(['run', ...common, '--shard', `${i}/2`, '--out', join(dir, `s${i}`)]), `shard ${i}/2`)) return;
  const full = readRun(join(dir, 'full'));
  const shards = [1, 2].map((i) => readRun(join(dir, `s${i}`)));
  shards.forEach((s, k) => t.strictSame(s.config.shard, { index: k + 1, count: 2 }, `shard ${k + 1} records config.shard`));
  full.suites.forEach((x, j) =>
    t.equal(
      shards.reduce((a, s) => a + s.suites[j]!.items, 0),
      x.items,
      `${x.id}: shard item counts add up to ${x.items}`,
    ),
  );
  t.ok(
    shards.every((s) => s.results.length > 0),
    'each shard has its own (partial) result rows',
  );
  t.strictSame(
    [1, 2].flatMap((i) => scoreLines(join(dir, `s${i}`))).sort(),
    scoreLines(join(dir, 'full')),
    "the shards' scores.jsonl lines together are the unsharded run's",
  );

  // Shards in any order.
  const r = await cliIn(['merge', join(dir, 's2'), join(dir, 's1'), '--out', join(dir, 'merged')]);
  if (!ok(t, r, 'merge')) return;
  t.match(r.stdout, /merged 2 shards/);
  const merged = readRun(join(dir, 'merged'));
  compareRuns(t, merged, full);
  t.ok(
    merged.suites.some((s) => s.confounding),
    'confounding is there to compare',
  );
  t.ok((merged.examples ?? []).length > 0, 'examples are there to compare');
  t.strictSame(scoreLines(join(dir, 'merged')), scoreLines(join(dir, 'full')), 'scores.jsonl: the same set of lines');
  t.ok(existsSync(join(dir, 'merged', 'index.html')), 'index.html written');
  t.match(merged.command, ['rewardgauge', 'merge']);
  const v = await cliIn(['validate', join(dir, 'merged')]);
  t.equal(v.code, 0, `the merged run validates\n${v.stdout}${v.stderr}`);
});

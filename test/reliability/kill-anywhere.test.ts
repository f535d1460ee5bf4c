import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { hashUniform } from '../../src/core/random.js';
import { tmp, writeJsonl } from '../support/helpers.js';
import { cacheLines, cliAsync, codePoints, makePairs, ok, readRun, uniqueRequests } from '../cli/fixtures/cli.js';
import { cliIn } from '../support/in-process.js';

// kill -9 at seeded random points of a run (while scoring, and once everything is cached, while
// the outputs are written), then rerun with the same cache: the results must be exactly those of
// a run never interrupted, and the scores the true ones. The kill points are drawn from a fixed
// seed so a failure reproduces.

const rows = makePairs(120, 3);
const unique = uniqueRequests(rows);
const args = (dir: string, out: string, cache: string) => [
  'run',
  '--suite',
  'pairwise',
  '--data',
  join(dir, 'pairs.jsonl'),
  '--model',
  'heuristic:length?delayMs=15',
  '--batch-size',
  '6',
  '--concurrency',
  '2',
  '--bootstrap',
  '200',
  '--out',
  join(dir, out),
  '--cache-dir',
  join(dir, cache),
];

t.test('a run SIGKILLed at random points and rerun gives the uninterrupted results', async (t) => {
  const dir = tmp(t);
  writeJsonl(dir, 'pairs.jsonl', rows);
  const fresh = await cliIn(args(dir, 'fresh', 'fresh-cache'));
  if (!ok(t, fresh, 'the uninterrupted run')) return;
  const expected = readRun(join(dir, 'fresh')).results;
  // Three seeded points while scoring, and the end (every score cached: the kill lands in the writing).
  const points = [...[0, 1, 2].map((k) => 1 + Math.floor(hashUniform('kill-anywhere', k) * (unique - 1))), unique];
  for (const [k, point] of points.entries()) {
    const cache = `cache-${k}`;
    const child = cliAsync(args(dir, `killed-${k}`, cache));
    child.stdout.resume();
    child.stderr.resume();
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_c, s) => res(s)));
    let finished = false;
    void exited.then(() => (finished = true));
    const deadline = Date.now() + 60_000;
    while (!finished && cacheLines(join(dir, cache)) < point && Date.now() < deadline) await sleep(5);
    child.kill('SIGKILL');
    await exited;
    const resumed = await cliIn(args(dir, `resumed-${k}`, cache));
    if (!ok(t, resumed, `the rerun after a kill at ${point} cached scores`)) continue;
    const r = readRun(join(dir, `resumed-${k}`));
    t.same(r.results, expected, `kill at ${point}/${unique}: the same results as the uninterrupted run`);
    t.equal(r.models[0]!.stats.cacheHits + r.models[0]!.stats.modelCalls, unique, 'every request answered once, from the cache or the model');
    const scores = readFileSync(join(dir, `resumed-${k}`, 'scores.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { item: string; scores: Record<string, number> });
    const byId = new Map(scores.map((s) => [s.item, s.scores]));
    const wrong = rows.filter((x) => byId.get(x.id)?.chosen !== codePoints(x.chosen) || byId.get(x.id)?.rejected !== codePoints(x.rejected));
    t.same(
      wrong.map((x) => x.id),
      [],
      'every score is the true one (code points, counted here)',
    );
  }
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { tmp, writeJsonl } from '../support/helpers.js';
import { cliIn } from '../support/in-process.js';
import { cacheLines, checkCachedRerun, checkRow, cliAsync, cliPromise, codePoints, makePairs, ok, readRun, row, uniqueRequests } from './fixtures/cli.js';

// The score cache: a rerun asks the model for nothing, a run killed part-way resumes where it
// stopped, and results depend on the data, the models and the seed only. In-process (main()) but
// for the kill, which needs a process.

t.test('results do not depend on --concurrency or --batch-size', async (t) => {
  const dir = tmp(t);
  const rows = makePairs(150);
  const data = writeJsonl(dir, 'pairs.jsonl', rows);
  const unique = uniqueRequests(rows);
  t.equal(unique, 300, 'every response text is distinct');
  const run = async (name: string, flags: string[], seed = '7') => {
    const out = join(dir, name);
    const r = await cliIn([
      'run',
      '--suite',
      'pairwise',
      '--data',
      data,
      '--model',
      'heuristic:random',
      '--model',
      'heuristic:length',
      '--seed',
      seed,
      '--out',
      out,
      '--no-cache',
      '--quiet',
      ...flags,
    ]);
    return ok(t, r, `run ${name}`) ? readRun(out) : undefined;
  };
  const a = await run('a', ['--concurrency', '1', '--batch-size', '1']);
  const b = await run('b', ['--concurrency', '8', '--batch-size', '1000']);
  const c = await run('c', ['--concurrency', '3', '--batch-size', '7']);
  if (!a || !b || !c) return;
  // The flags did take effect: batches = ceil(unique / batch size) for each model.
  t.same(
    a.models.map((m) => m.stats.batches),
    [unique, unique],
    'batch size 1: one batch per request',
  );
  t.same(
    b.models.map((m) => m.stats.batches),
    [1, 1],
    'batch size 1000: one batch',
  );
  t.same(
    c.models.map((m) => m.stats.batches),
    [Math.ceil(unique / 7), Math.ceil(unique / 7)],
    'batch size 7',
  );
  t.equal(a.results.length, b.results.length);
  t.ok(a.results.some((r) => r.model === 'random') && a.results.some((r) => r.model === 'length'), 'both models have results');
  t.same(b.results, a.results, 'concurrency 8 × batch 1000 = concurrency 1 × batch 1 (values and CIs)');
  t.same(c.results, a.results, 'concurrency 3 × batch 7 too');
  // length is independent of everything: check it against the texts.
  const wins = rows.filter((r) => codePoints(r.chosen) > codePoints(r.rejected)).length;
  checkRow(t, row(t, a, { model: 'length', suite: 'pairwise', metric: 'accuracy' }), wins / rows.length, rows.length);
  // The comparison can fail: another seed moves random's results.
  const d = await run('d', ['--concurrency', '1', '--batch-size', '1'], '8');
  if (!d) return;
  const randomValues = (x: typeof a) => x.results.filter((r) => r.model === 'random').map((r) => r.value);
  t.notSame(randomValues(d), randomValues(a), 'a different seed gives different random scores');
});

t.test('the same command twice with one --cache-dir: 0 model calls, same results', async (t) => {
  const dir = tmp(t);
  const rows = makePairs(60, 3);
  const data = writeJsonl(dir, 'pairs.jsonl', rows);
  const cache = join(dir, 'cache');
  const args = (out: string, file = data) => [
    'run',
    '--suite',
    'pairwise',
    '--data',
    file,
    '--model',
    'heuristic:length',
    '--out',
    join(dir, out),
    '--cache-dir',
    cache,
  ];
  const first = await cliIn(args('a'));
  if (!ok(t, first, 'first run')) return;
  const a = readRun(join(dir, 'a'));
  const unique = uniqueRequests(rows);
  t.equal(a.models[0]?.stats.modelCalls, unique, 'the first run computes every distinct request');
  t.equal(a.models[0]?.stats.cacheHits, 0);
  t.equal(cacheLines(cache), unique, 'one cache line per distinct request');

  const second = await cliIn(args('b'));
  if (!ok(t, second, 'second run')) return;
  checkCachedRerun(t, second, readRun(join(dir, 'b')), a, unique);
  t.equal(cacheLines(cache), unique, 'nothing appended to the cache');

  // A grown dataset asks only for what is new.
  const more = [
    ...rows,
    ...makePairs(70, 3)
      .slice(60)
      .map((r) => ({ ...r, id: `new-${r.id}`, chosen: `new ${r.chosen}`, rejected: `new ${r.rejected}` })),
  ];
  const grown = writeJsonl(dir, 'more.jsonl', more);
  const third = await cliIn(args('c', grown));
  if (!ok(t, third, 'third run')) return;
  const c = readRun(join(dir, 'c')).models[0]!.stats;
  t.equal(c.modelCalls, uniqueRequests(more) - unique, 'only the new requests are computed');
  t.equal(c.cacheHits, unique);
});

t.test('--no-cache neither reads nor writes the cache folder', async (t) => {
  const dir = tmp(t);
  const data = writeJsonl(dir, 'pairs.jsonl', makePairs(9));
  const cache = join(dir, 'cache');
  const r = await cliIn([
    'run',
    '--suite',
    'pairwise',
    '--data',
    data,
    '--model',
    'heuristic:length',
    '--out',
    join(dir, 'out'),
    '--cache-dir',
    cache,
    '--no-cache',
    '--quiet',
  ]);
  if (!ok(t, r, 'run')) return;
  t.notOk(existsSync(cache), 'no cache folder created');
  t.equal(readRun(join(dir, 'out')).models[0]?.stats.modelCalls, 18);
});

// Kill a run with SIGKILL part-way and resume it: nothing cached is recomputed, and the results
// are those of a run that was never interrupted. (delayMs only slows the model down; it is not
// part of the model's fingerprint, so it does not change the scores or the cache.)

t.test('a run killed with SIGKILL resumes from the cache and matches an uninterrupted run', async (t) => {
  const dir = tmp(t);
  const rows = makePairs(400, 11);
  const data = writeJsonl(dir, 'pairs.jsonl', rows);
  const unique = uniqueRequests(rows);
  t.equal(unique, 800, 'every response text is distinct');
  const args = (out: string, cache: string) => [
    'run',
    '--suite',
    'pairwise',
    '--data',
    data,
    '--model',
    'heuristic:length?delayMs=40',
    '--batch-size',
    '8',
    '--concurrency',
    '1',
    '--bootstrap',
    '300',
    '--out',
    join(dir, out),
    '--cache-dir',
    join(dir, cache),
  ];

  // The uninterrupted run, with its own fresh cache, goes on in the background meanwhile.
  const fresh = cliPromise(args('fresh', 'fresh-cache'));

  const child = cliAsync(args('killed', 'cache'));
  child.stdout.resume();
  child.stderr.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let finished = false;
  void exited.then(() => (finished = true));
  const cache = join(dir, 'cache');
  const deadline = Date.now() + 60_000;
  while (!finished && cacheLines(cache) < 10 && Date.now() < deadline) await sleep(10);
  t.notOk(finished, 'the run was still going when the cache held 10 lines');
  child.kill('SIGKILL');
  const { signal } = await exited;
  t.equal(signal, 'SIGKILL', 'the run died of SIGKILL, before finishing');

  const files = readdirSync(cache).filter((f) => f.endsWith('.jsonl'));
  t.equal(files.length, 1, 'one cache file for the one model');
  const L = cacheLines(cache);
  t.ok(L >= 10 && L < unique, `the cache holds ${L} complete lines: some, not all`);
  // Every complete line is a finished score: {"k": hash, "v": number}.
  const text = readFileSync(join(cache, files[0]!), 'utf8');
  const complete = text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter((l) => l !== '');
  t.equal(complete.length, L);
  t.ok(
    complete.every((l) => Number.isInteger((JSON.parse(l) as { v: unknown }).v)),
    'complete lines hold integer scores',
  );

  const resumed = await cliPromise(args('resumed', 'cache'));
  if (!ok(t, resumed, 'the resumed run')) return;
  const r = readRun(join(dir, 'resumed'));
  const s = r.models[0]!.stats;
  t.equal(s.uniqueRequests, unique);
  t.equal(s.modelCalls, unique - L, `modelCalls = uniqueRequests − L = ${unique} − ${L}: no cached item recomputed`);
  t.equal(s.cacheHits, L, 'cacheHits = L');
  t.equal(cacheLines(cache), unique, 'after the resume the cache holds every request exactly once');

  const done = await fresh;
  if (!ok(t, done, 'the uninterrupted run')) return;
  const f = readRun(join(dir, 'fresh'));
  t.equal(f.models[0]?.stats.modelCalls, unique, 'the uninterrupted run computed everything itself');
  t.same(r.results, f.results, 'resumed results deep-equal the uninterrupted run’s');

  // And both are right: per-item scores are the responses' code-point counts.
  const lines = readFileSync(join(dir, 'resumed', 'scores.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { item: string; scores: Record<string, number> });
  const byId = new Map(lines.map((l) => [l.item, l.scores]));
  const wrong = rows.filter((x) => {
    const sc = byId.get(x.id);
    return sc?.chosen !== codePoints(x.chosen) || sc.rejected !== codePoints(x.rejected);
  });
  t.same(
    wrong.map((x) => x.id),
    [],
    'every resumed item carries its true scores',
  );
});

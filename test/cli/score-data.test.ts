import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { cliIn } from '../support/in-process.js';
import { tmp, writeJsonl } from '../support/helpers.js';
import { cacheLines, cliAsync, cliPromise, codePoints, makePairs, readRun } from './fixtures/cli.js';

// `score --data`: a dataset streamed through one model into one line per (item, candidate),
// read back by scores:, resumed after SIGKILL without scoring anything twice.

const outLines = (file: string): { item: string; candidate: string; score: number }[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));

t.test('every candidate of every item, in dataset order, read back by scores: to the same results', async (t) => {
  const dir = tmp(t);
  const rows = makePairs(90);
  const data = writeJsonl(dir, 'pairs.jsonl', rows);
  const out = join(dir, 'scores.jsonl');
  const r = await cliIn(['score', '--data', data, '-m', 'heuristic:length', '--out', out, '--no-cache', '--batch-size', '7']);
  t.equal(r.code, 0, r.stderr);
  t.same(
    outLines(out),
    rows.flatMap((p) => [
      { item: p.id, candidate: 'chosen', score: codePoints(p.chosen) },
      { item: p.id, candidate: 'rejected', score: codePoints(p.rejected) },
    ]),
  );
  const run = async (model: string, name: string) => {
    const x = await cliIn(['run', '--suite', 'pairwise', '--data', data, '-m', model, '--no-cache', '--quiet', '--out', join(dir, name), '--bootstrap', '200']);
    t.equal(x.code, 0, x.stderr);
    return readRun(join(dir, name)).results.map(({ model: _m, ...row }) => row);
  };
  t.same(await run(`scores:${out}`, 'from-file'), await run('heuristic:length', 'direct'), 'scores: reads the lines back to the same rows');

  const again = await cliIn(['score', '--data', data, '-m', 'heuristic:length', '--out', out, '--no-cache']);
  t.equal(again.code, 2, 'an existing output is not overwritten');
  t.match(again.stderr, /already holds 180 lines: pass --resume/);
});

t.test('--shard I/N: the shards partition the lines, whole prompts to a shard', async (t) => {
  const dir = tmp(t);
  const data = writeJsonl(dir, 'pairs.jsonl', makePairs(120, 3));
  const all = join(dir, 'all.jsonl');
  t.equal((await cliIn(['score', '--data', data, '-m', 'heuristic:length', '--out', all, '--no-cache'])).code, 0);
  const parts = [];
  for (const i of [1, 2, 3]) {
    const out = join(dir, `part-${i}.jsonl`);
    const r = await cliIn(['score', '--data', data, '-m', 'heuristic:length', '--out', out, '--no-cache', '--shard', `${i}/3`]);
    t.equal(r.code, 0, r.stderr);
    parts.push(...outLines(out));
  }
  const key = (l: { item: string; candidate: string }): string => `${l.item}/${l.candidate}`;
  t.same(parts.map(key).sort(), outLines(all).map(key).sort());
});

t.test('bad usage and bad data: exit 2 with the place', async (t) => {
  const dir = tmp(t);
  const data = join(dir, 'bad.jsonl');
  writeFileSync(data, '{"id":"a","prompt":"p","chosen":"x","rejected":"y"}\n{"id":"a","prompt":"p","chosen":"x","rejected":"z"}\n');
  const dup = await cliIn(['score', '--data', data, '-m', 'heuristic:length', '--out', join(dir, 'o.jsonl'), '--no-cache']);
  t.equal(dup.code, 2);
  t.match(dup.stderr, /bad\.jsonl:2.*duplicate id "a"/);
  const noOut = await cliIn(['score', '--data', data, '-m', 'heuristic:length']);
  t.equal(noOut.code, 2);
  t.match(noOut.stderr, /--out FILE/);
  const stray = await cliIn(['score', '-m', 'heuristic:length', '-p', 'a', '-r', 'b', '--resume']);
  t.equal(stray.code, 2);
  t.match(stray.stderr, /--resume goes with --data/);
});

// As in resume.test.ts: delayMs slows the model down without changing its scores or fingerprint.
t.test('killed with SIGKILL part-way, --resume keeps the lines written and scores nothing twice', async (t) => {
  const dir = tmp(t);
  const rows = makePairs(300, 5);
  const data = writeJsonl(dir, 'pairs.jsonl', rows);
  const cache = join(dir, 'cache');
  const args = (out: string, c: string, more: string[] = []) => [
    'score',
    '--data',
    data,
    '-m',
    'heuristic:length?delayMs=30',
    '--batch-size',
    '8',
    '--concurrency',
    '1',
    '--out',
    join(dir, out),
    '--cache-dir',
    join(dir, c),
    ...more,
  ];
  const fresh = cliPromise(args('fresh.jsonl', 'fresh-cache'));

  const child = cliAsync(args('out.jsonl', 'cache'));
  child.stdout.resume();
  child.stderr.resume();
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let finished = false;
  void exited.then(() => (finished = true));
  const written = (): number => {
    try {
      return readFileSync(join(dir, 'out.jsonl'), 'utf8').split('\n').length - 1;
    } catch {
      return 0;
    }
  };
  const deadline = Date.now() + 60_000;
  while (!finished && written() < 100 && Date.now() < deadline) await sleep(10);
  t.notOk(finished, 'still scoring when the output held 100 lines');
  child.kill('SIGKILL');
  t.equal(await exited, 'SIGKILL');
  const kept = written();
  const cachedBefore = cacheLines(cache);
  t.ok(kept >= 100 && kept < 600, `a prefix of the lines was written (${kept})`);
  t.ok(cachedBefore >= kept, 'every line written was cached first');

  const resumed = await cliPromise(args('out.jsonl', 'cache', ['--resume']));
  t.equal(resumed.code, 0, resumed.stderr);
  const m = /(\d+) lines written after the (\d+) kept from before \((\d+) from cache, (\d+) model calls\)/.exec(resumed.stderr);
  t.ok(m, resumed.stderr);
  t.equal(Number(m?.[2]), kept, 'the kept lines were not planned again');
  t.equal(Number(m?.[1]), 600 - kept);
  t.equal(Number(m?.[3]) + Number(m?.[4]), 600 - kept);
  t.equal(Number(m?.[3]), cachedBefore - kept, 'what was scored but not yet written came from the cache');
  const files = readdirSync(cache).filter((f) => f.endsWith('.jsonl'));
  const keys = readFileSync(join(cache, files[0]!), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l).k);
  t.equal(keys.length, 600, 'the model scored each of the 600 requests once, across both runs');
  t.equal(new Set(keys).size, 600);
  t.equal((await fresh).code, 0);
  t.equal(readFileSync(join(dir, 'out.jsonl'), 'utf8'), readFileSync(join(dir, 'fresh.jsonl'), 'utf8'), 'the same file as an uninterrupted run');
});

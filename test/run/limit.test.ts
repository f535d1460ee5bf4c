import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import type { RunFile } from '../../src/core/run-schema.js';
import { cliIn } from '../support/in-process.js';
import { tmp, writeJsonl } from '../support/helpers.js';

/** --limit N: a smoke run over the first N items of each suite, recorded and marked as such. */

t.test('--limit 2 scores the first two items, records the limit and marks the run', async (t) => {
  const dir = tmp(t);
  // heuristic:length prefers the longer response: right on p1, wrong on p2, right on p3..p5.
  const pairs = [
    { id: 'p1', prompt: 'q', chosen: 'a long answer', rejected: 'no' },
    { id: 'p2', prompt: 'q', chosen: 'no', rejected: 'a long answer' },
    ...[3, 4, 5].map((k) => ({ id: `p${k}`, prompt: 'q', chosen: 'a long answer', rejected: 'no' })),
  ];
  const data = writeJsonl(dir, 'pairs.jsonl', pairs);
  const out = join(dir, 'out');
  const r = await cliIn(['run', '--model', 'heuristic:length', '--suite', 'pairwise', '--data', data, '--limit', '2', '--out', out, '--no-cache']);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /^SMOKE RUN \(--limit 2\)/m, 'the terminal says so above the table');
  const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunFile;
  t.equal(run.config.limit, 2, 'run.json records the limit');
  t.equal(run.suites[0]!.items, 2);
  t.match(run.suites[0]!.warnings.join('\n'), /smoke run \(--limit 2\): only the first 2 of 5 items/);
  const acc = run.results.find((x) => x.metric === 'accuracy' && x.subset === 'all');
  t.same([acc?.value, acc?.n], [1 / 2, 2], 'p1 right, p2 wrong');
  t.match(readFileSync(join(out, 'index.html'), 'utf8'), /smoke run \(--limit 2\)/, 'the report shows it among the warnings');

  const full = await cliIn([
    'run',
    '--model',
    'heuristic:length',
    '--suite',
    'pairwise',
    '--data',
    data,
    '--limit',
    '9',
    '--out',
    join(dir, 'o2'),
    '--no-cache',
  ]);
  t.equal(full.code, 0, full.stderr);
  const run2 = JSON.parse(readFileSync(join(dir, 'o2', 'run.json'), 'utf8')) as RunFile;
  t.equal(run2.suites[0]!.items, 5, 'a limit above the size keeps every item');
  t.notMatch(run2.suites[0]!.warnings.join('\n'), /smoke run/, 'and marks nothing on that suite');
  const bad = await cliIn(['run', '--model', 'heuristic:length', '--limit', '0', '--out', join(dir, 'o3')]);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /--limit/);
});

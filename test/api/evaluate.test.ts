import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { evaluate } from '../../src/api/index.js';
import { UsageError } from '../../src/core/errors.js';
import { tmp, writeJsonl } from '../support/helpers.js';

const quick = { cache: { enabled: false }, bootstrap: { samples: 20 } };

/** Lengths 7 vs 2 (won), 1 vs 6 (lost): the length heuristic's accuracy is 1/2. */
const pairs = (dir: string): void =>
  void writeJsonl(dir, 'pairs.jsonl', [
    { id: 'a', prompt: 'q1', chosen: 'longest', rejected: 'no' },
    { id: 'b', prompt: 'q2', chosen: 'x', rejected: 'longer' },
  ]);

t.test('evaluate returns the run file and writes only when given out', async (t) => {
  const dir = tmp(t);
  pairs(dir);
  const config = { models: ['heuristic:length'], suites: [{ id: 'pairwise', data: 'pairs.jsonl' }], ...quick };
  const run = await evaluate(config, { cwd: dir });
  t.equal(run.results.find((r) => r.metric === 'accuracy' && r.subset === 'all')?.value, 1 / 2);
  t.strictSame(run.statistics.bootstrap, { samples: 20, level: 0.95, method: 'percentile', resample: 'cluster', stream: 2 }, 'the stream version is said');
  t.strictSame(readdirSync(dir), ['pairs.jsonl'], 'nothing written without out');
  const written = await evaluate(config, { cwd: dir, out: 'runs/x' });
  const onDisk = JSON.parse(readFileSync(join(dir, 'runs', 'x', 'run.json'), 'utf8')) as unknown;
  t.strictSame(onDisk, JSON.parse(JSON.stringify(written)), 'the returned object is what run.json holds');
  t.strictSame(readdirSync(join(dir, 'runs', 'x')).sort(), ['index.html', 'run.json', 'scores.jsonl']);
  await evaluate({ ...config, out: 'from-config' }, { cwd: dir });
  t.ok(readdirSync(join(dir, 'from-config')).includes('run.json'), "the config's out counts too, relative to cwd");
});

t.test('evaluate checks the config as run --config checks a file', async (t) => {
  const dir = tmp(t);
  await t.rejects(evaluate({ models: ['heuristic:length'], colour: 'red' } as never, { cwd: dir }), {
    message: 'evaluate() config field "colour": unknown field "colour"',
    exitCode: 2,
  });
  await t.rejects(
    evaluate({ models: ['heuristic:length'], downstream: { pool: 'pool.jsonl' } }, { cwd: dir }),
    new UsageError('the config has a downstream section, whose probe writes into the output folder: give out'),
  );
  await t.rejects(evaluate({ models: ['nope:x'], suites: ['pairwise'], ...quick }, { cwd: dir }), { message: /unknown adapter "nope"/, exitCode: 2 });
});

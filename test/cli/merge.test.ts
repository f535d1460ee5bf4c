import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { tmp, writeJsonl, type CliResult } from '../support/helpers.js';
import { makePairs, ok, readRun } from './fixtures/cli.js';
import { compareRuns } from './fixtures/shard.js';
import { cliIn } from '../support/in-process.js';

// `merge` beyond the main equivalence test (shard.test.ts): the private length baseline, a
// shard set in a config file, and the sets it must refuse.

t.test('without heuristic:length in the run, merge recomputes confounding from the data; shard from a config file', async (t) => {
  const dir = tmp(t);
  const common = ['--suite', 'pairwise', '--suite', 'rewardmath', '--model', 'heuristic:random', '--bootstrap', '100', '--no-cache', '--quiet'];
  if (!ok(t, await cliIn(['run', ...common, '--out', join(dir, 'full')]), 'unsharded run')) return;
  if (!ok(t, await cliIn(['run', ...common, '--shard', '1/2', '--out', join(dir, 's1')]), 'shard 1/2')) return;
  const config = join(dir, 'shard2.json');
  writeFileSync(config, JSON.stringify({ shard: '2/2' }));
  if (!ok(t, await cliIn(['run', ...common, '--config', config, '--out', join(dir, 's2')]), 'shard 2/2 from the config file')) return;
  t.strictSame(readRun(join(dir, 's2')).config.shard, { index: 2, count: 2 }, 'config shard "2/2" is recorded');
  if (!ok(t, await cliIn(['merge', join(dir, 's1'), join(dir, 's2'), '--out', join(dir, 'merged'), '--quiet']), 'merge')) return;
  const full = readRun(join(dir, 'full'));
  const merged = readRun(join(dir, 'merged'));
  t.ok(full.suites.find((s) => s.id === 'pairwise')?.confounding, 'the unsharded run has confounding from its private length baseline');
  compareRuns(t, merged, full);
});

t.test('merge refuses incomplete or inconsistent sets with exit 2, naming what is wrong', async (t) => {
  const dir = tmp(t);
  const data = writeJsonl(dir, 'pairs.jsonl', makePairs(60));
  const run = async (out: string, shard: string | undefined, extra: string[] = []) =>
    ok(
      t,
      await cliIn([
        'run',
        '--suite',
        'pairwise',
        '--data',
        data,
        '--model',
        'heuristic:length',
        '--bootstrap',
        '50',
        '--no-cache',
        '--quiet',
        ...(shard ? ['--shard', shard] : []),
        ...extra,
        '--out',
        join(dir, out),
      ]),
      `run ${out}`,
    );
  const made = [];
  for (const [out, shard, extra] of [
    ['full'],
    ['s1', '1/3'],
    ['s2', '2/3'],
    ['s3', '3/3'],
    ['seed', '3/3', ['--seed', '9']],
    ['model', '3/3', ['--model', 'heuristic:random']],
    ['other', '1/2'],
  ] as const)
    made.push(await run(out, shard, extra ? [...extra] : []));
  if (!made.every(Boolean)) return;
  const merge = (...dirs: string[]) => cliIn(['merge', ...dirs.map((d) => join(dir, d)), '--out', join(dir, 'merged')]);
  const refused = (what: string, r: CliResult, re: RegExp) => {
    t.equal(r.code, 2, `${what}: exit 2`);
    t.match(r.stderr, re, `${what}: ${r.stderr.trim()}`);
  };
  refused('a missing shard', await merge('s1', 's2'), /shard 3\/3 is missing/);
  refused('a duplicated shard', await merge('s1', 's2', 's2', 's3'), /shard 2\/3 is given twice/);
  refused('another seed', await merge('s1', 's2', 'seed'), /the seed differs: 0 in shard 1 .* 9 in shard 3/);
  refused('another model list', await merge('s1', 's2', 'model'), /config\.models differs|list of models differs/);
  refused('an unsharded run', await merge('s1', 'full'), /not a shard/);
  refused('two splits', await merge('s1', 's2', 's3', 'other'), /different splits/);
  const noOut = await cliIn(['merge', join(dir, 's1')]);
  refused('no --out', noOut, /--out DIR is required/);
  refused('--out onto a shard', await cliIn(['merge', join(dir, 's1'), join(dir, 's2'), join(dir, 's3'), '--out', join(dir, 's1')]), /is one of the shards/);
  // A truncated scores.jsonl (a job that died while copying its artifact).
  const scores = join(dir, 's2', 'scores.jsonl');
  const lines = readFileSync(scores, 'utf8').trim().split('\n');
  writeFileSync(scores, lines.slice(1).join('\n') + '\n');
  refused('a truncated scores.jsonl', await merge('s1', 's2', 's3'), /s2\/scores\.jsonl has \d+ lines .* incomplete/);
  // An item that belongs to another shard.
  writeFileSync(scores, [...lines.slice(1), readFileSync(join(dir, 's1', 'scores.jsonl'), 'utf8').split('\n')[0]].join('\n') + '\n');
  refused('an item of another shard', await merge('s1', 's2', 's3'), /belongs to shard 1\/3, not 2\/3/);
  // A line that is no ScoreLine: the reader gate uses too names file, line and field.
  const bad = { ...(JSON.parse(lines[1]!) as Record<string, unknown>), values: { accuracy: 'yes' } };
  writeFileSync(scores, [lines[0], JSON.stringify(bad), ...lines.slice(2)].join('\n') + '\n');
  refused('a malformed line', await merge('s1', 's2', 's3'), /s2\/scores\.jsonl:2 field "values\.accuracy": expected number/);
  writeFileSync(scores, lines.join('\n') + '\n');
  t.equal((await merge('s1', 's2', 's3')).code, 0, 'restored, the set merges');
  t.strictSame(readRun(join(dir, 'merged')).results, readRun(join(dir, 'full')).results, 'and gives the unsharded results');
  refused(
    '--shard out of range',
    await cliIn(['run', '--suite', 'pairwise', '--data', data, '--model', 'heuristic:length', '--shard', '4/3', '--out', join(dir, 'x')]),
    /--shard: expected I\/N/,
  );
});

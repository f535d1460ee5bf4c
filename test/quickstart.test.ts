import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { cli, root, tmp } from './support/helpers.js';

/** What `npm start` runs: the quick-start config, built-in data, built-in baselines. */
t.test('the quick-start config evaluates four baselines on three suites, then reruns from cache', async (t) => {
  const dir = tmp(t);
  const args = ['run', '--config', join(root, 'configs', 'quickstart.json'), '--out', dir, '--cache-dir', join(dir, 'cache')];
  const first = cli(args);
  t.equal(first.code, 0, first.stderr);
  t.match(first.stdout, /Leaderboard: value \[95% bootstrap CI\]/);
  t.match(first.stdout, /pairwise: accuracy by subset/);
  const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { models: { id: string; baseline: boolean }[]; suites: { id: string }[]; results: unknown[] };
  t.same(run.models.map((m) => m.id), ['length', 'shortest', 'random', 'constant']);
  t.ok(run.models.every((m) => m.baseline));
  t.same(run.suites.map((s) => s.id), ['pairwise', 'best-of-n', 'rewardmath']);
  const lines = readFileSync(join(dir, 'scores.jsonl'), 'utf8').trim().split('\n');
  t.equal(lines.length, 4 * (300 + 200 + 230), 'one scores.jsonl line per model and item');
  const second = cli(args);
  t.equal(second.code, 0);
  t.equal((second.stderr.match(/, 0 model calls/g) ?? []).length, 4, 'the rerun asks no model anything');
});

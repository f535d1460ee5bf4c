import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { cli, root, tmp } from './support/helpers.js';

// The whole of `npm start`, cold: about 90 s alone on 2 cores, and slower beside the other test files.
t.setTimeout(480_000);

/** What `npm start` runs: the quick-start config, built-in data, the reference models and the baselines. */
t.test('the quick-start config evaluates seven reference models and four baselines on five suites, then reruns from cache', async (t) => {
  const dir = tmp(t);
  const args = ['run', '--config', join(root, 'configs', 'quickstart.json'), '--out', dir, '--cache-dir', join(dir, 'cache')];
  const first = cli(args, { timeoutMs: 420_000 });
  t.equal(first.code, 0, first.stderr);
  t.match(first.stdout, /Leaderboard: value \[95% bootstrap CI\]/);
  t.match(first.stdout, /pairwise: accuracy by subset/);
  const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { models: { id: string; baseline: boolean; runtime?: unknown; tokenization?: unknown[] }[]; suites: { id: string }[]; results: unknown[] };
  const reference = ['bow-clean', 'bow-length', 'bow-agreeable', 'bow-noisy', 'bow-few', 'mini-bert', 'mini-llama'];
  const baselines = ['length', 'shortest', 'random', 'constant'];
  t.same(run.models.map((m) => m.id), [...reference, ...baselines]);
  t.same(run.models.map((m) => m.baseline), [...reference.map(() => false), ...baselines.map(() => true)]);
  t.ok(run.models.slice(0, 7).every((m) => m.runtime && m.tokenization?.length === 5), 'real models report device, throughput and tokenization per suite');
  t.same(run.suites.map((s) => s.id), ['pairwise', 'best-of-n', 'rewardmath', 'personalized', 'contrast']);
  const lines = readFileSync(join(dir, 'scores.jsonl'), 'utf8').trim().split('\n');
  t.equal(lines.length, 11 * (300 + 200 + 230 + 160 + 200), 'one scores.jsonl line per model and item');
  // The config's downstream section: Best-of-n on the built-in pool with the same models, then which suite predicts its gold.
  t.match(first.stdout, /Best-of-n over 207 prompts × 8 samples/);
  t.match(first.stdout, /best predictor of bon:gold@n=8: \S+@all \(Kendall τ-b = /);
  const bon = JSON.parse(readFileSync(join(dir, 'probe-bon', 'run.json'), 'utf8')) as { models: { id: string }[] };
  t.same(bon.models.map((m) => m.id), [...reference, ...baselines], 'the probe scores the same models');
  const corr = JSON.parse(readFileSync(join(dir, 'correlation', 'run.json'), 'utf8')) as { models: { id: string }[]; results: { model: string; metric: string; subset: string; n: number }[] };
  t.same(corr.models.map((m) => m.id), reference, 'correlated over the reference models, baselines left out');
  const taus = corr.results.filter((r) => r.model === '*' && r.metric === 'kendall_tau_b');
  t.equal(taus.length, 6, 'one Kendall τ-b per configured benchmark');
  t.ok(taus.every((r) => r.n === 7));
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  t.match(html, /Best-of-n/);
  t.match(html, /best τ-b/, 'the report marks the best predictor');
  const second = cli(args);
  t.equal(second.code, 0);
  t.equal((second.stderr.match(/, 0 model calls/g) ?? []).length, 11, 'the rerun asks no model anything');
});

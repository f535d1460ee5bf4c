import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import t from 'tap';
import { root, tmp } from './support/helpers.js';
import { cliIn } from './support/in-process.js';

// `npm start` is about 2.5 min of CPU on 2 cores, most of it mini-bert on the full built-in suites,
// so this runs the real quick-start config (its models, suites, options and downstream section) on
// every 32nd item of each built-in dataset and of the Best-of-n pool: the same pipeline at a
// thirty-second of the work. The full-size run's figures are in docs/performance.md.
const STRIDE = 32;

/** Every STRIDE-th line of a JSON Lines file, written to dir; returns the path and its line count. */
function sample(dir: string, file: string): { path: string; n: number } {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .filter((_, i) => i % STRIDE === 0);
  const path = join(dir, `sample-${basename(file)}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { path, n: lines.length };
}

type SuiteEntry = string | { id: string; options?: Record<string, unknown>; data?: string };

/** configs/quickstart.json with absolute model paths, sampled data and its output in dir. */
function sampledQuickstart(dir: string): { config: string; items: Record<string, number>; prompts: number } {
  const configDir = join(root, 'configs');
  const real = JSON.parse(readFileSync(join(configDir, 'quickstart.json'), 'utf8')) as {
    models: string[];
    suites: SuiteEntry[];
    downstream: { pool: string };
    $schema?: string;
  };
  const items: Record<string, number> = {};
  const suites = real.suites.map((s) => {
    const entry = typeof s === 'string' ? { id: s } : s;
    const data = sample(dir, join(root, 'datasets', `${entry.id}.jsonl`));
    items[entry.id] = data.n;
    return { ...entry, data: data.path };
  });
  const pool = sample(dir, resolve(configDir, real.downstream.pool));
  // Folder paths anywhere in a spec, members of dpo:(A,B) included.
  const models = real.models.map((m) => m.replace(/(\w+):(\.\.?\/[^,;)?&]*)/g, (_, kind: string, path: string) => `${kind}:${resolve(configDir, path)}`));
  const { $schema: _, ...rest } = real;
  const config = join(dir, 'quickstart-sampled.json');
  writeFileSync(config, JSON.stringify({ ...rest, models, suites, downstream: { ...real.downstream, pool: pool.path }, out: join(dir, 'out') }, null, 2));
  return { config, items, prompts: pool.n };
}

t.test('the quick-start config validates as it ships', async (t) => {
  const r = await cliIn(['validate', '--kind', 'config', join(root, 'configs', 'quickstart.json')]);
  t.equal(r.code, 0, r.stderr);
});

/** What `npm start` runs: the quick-start config, built-in data, the reference models and the baselines. */
t.test(
  'the quick-start config evaluates seven reference models, an implicit one (dpo:) and four baselines on six suites (processbench for the PRM alone), then reruns from cache',
  async (t) => {
    const dir = tmp(t);
    const { config, items, prompts } = sampledQuickstart(dir);
    t.same(Object.keys(items), ['pairwise', 'best-of-n', 'rewardmath', 'personalized', 'contrast', 'processbench'], 'six of the built-in suites');
    const args = ['run', '--config', config, '--cache-dir', join(dir, 'cache')];
    const first = await cliIn(args);
    t.equal(first.code, 0, first.stderr);
    const out = join(dir, 'out');
    t.match(first.stdout, /Leaderboard: value \[95% bootstrap CI\]/);
    t.match(first.stdout, /pairwise: accuracy by subset/);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as {
      models: { id: string; baseline: boolean; runtime?: unknown; tokenization?: unknown[] }[];
      suites: { id: string }[];
      results: unknown[];
    };
    const reference = ['bow-clean', 'bow-length', 'bow-agreeable', 'bow-noisy', 'bow-few', 'mini-bert', 'mini-llama', 'mini-lm-dpo'];
    const baselines = ['length', 'shortest', 'random', 'constant'];
    t.same(
      run.models.map((m) => m.id),
      [...reference, ...baselines],
    );
    t.same(
      run.models.map((m) => m.baseline),
      [...reference.map(() => false), ...baselines.map(() => true)],
    );
    t.ok(
      run.models.slice(0, reference.length).every((m) => m.runtime && m.tokenization?.length === 6),
      'real models report device, throughput and tokenization per suite',
    );
    t.same(
      run.suites.map((s) => s.id),
      ['pairwise', 'best-of-n', 'rewardmath', 'personalized', 'contrast', 'processbench'],
    );
    const lines = readFileSync(join(out, 'scores.jsonl'), 'utf8').trim().split('\n');
    // processbench takes step scores: only the implicit PRM (dpo: gives PRIME step rewards) is evaluated on it; the others are left out with a warning.
    const scalarItems = Object.values(items).reduce((a, b) => a + b, 0) - items.processbench!;
    t.equal(lines.length, (reference.length + baselines.length) * scalarItems + items.processbench!, 'one scores.jsonl line per model and item');
    const prm = run.results as { model: string; suite: string; metric: string; subset: string; value: number }[];
    t.same([...new Set(prm.filter((r) => r.suite === 'processbench').map((r) => r.model))], ['mini-lm-dpo'], 'processbench rows for the PRM only');
    t.ok(
      prm.some((r) => r.suite === 'processbench' && r.metric === 'step_auc' && r.subset === 'all' && Number.isFinite(r.value)),
      'its step AUC',
    );
    // The config's downstream section: Best-of-n on the built-in pool with the same models, then which suite predicts its gold.
    t.match(first.stdout, new RegExp(`Best-of-n over ${prompts} prompts × 8 samples`));
    // With 8 models an interval above 0 is not guaranteed: either verdict, each with its numbers.
    t.match(first.stdout, /best predictor of bon:gold@n=8: \S+@all \(Kendall τ-b = |no predictor of bon:gold@n=8 is distinguishable from none/);
    const bon = JSON.parse(readFileSync(join(out, 'probe-bon', 'run.json'), 'utf8')) as {
      models: { id: string; stats: { requests: number; modelCalls: number } }[];
    };
    t.same(
      bon.models.map((m) => m.id),
      [...reference, ...baselines],
      'the probe scores the same models',
    );
    // The run scored the pool while each model was loaded, so the probe loads none of them again.
    t.same(
      bon.models.map((m) => [m.stats.requests, m.stats.modelCalls]),
      bon.models.map(() => [prompts * 8, 0]),
      'every pool score comes from the cache the run filled',
    );
    t.equal(
      (first.stderr.match(new RegExp(`: downstream pool: ${prompts * 8} requests scored ahead`, 'g')) ?? []).length,
      reference.length + baselines.length,
      'the run says so, per model',
    );
    const corr = JSON.parse(readFileSync(join(out, 'correlation', 'run.json'), 'utf8')) as {
      models: { id: string }[];
      results: { model: string; metric: string; subset: string; n: number }[];
    };
    t.same(
      corr.models.map((m) => m.id),
      reference,
      'correlated over the reference models, baselines left out',
    );
    const taus = corr.results.filter((r) => r.model === '*' && r.metric === 'kendall_tau_b');
    t.equal(taus.length, 6, 'one Kendall τ-b per configured benchmark');
    t.ok(taus.every((r) => r.n === reference.length));
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    t.match(html, /Best-of-n/);
    // As in the terminal: a best predictor only when its τ-b interval lies above 0.
    t.match(html, /best τ-b|No benchmark's Kendall τ-b interval lies above 0/, 'the report marks the best predictor, or says there is none');
    const second = await cliIn(args);
    t.equal(second.code, 0);
    const all = reference.length + baselines.length;
    t.equal((second.stderr.match(/ unique\), \d+ from cache, 0 model calls/g) ?? []).length, all, 'the rerun asks no model anything');
    t.equal((second.stderr.match(/scored ahead, \d+ from cache, 0 model calls/g) ?? []).length, all, 'nor for the pool');
  },
);

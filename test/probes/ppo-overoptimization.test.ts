import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { hashUniform } from '../../src/core/random.js';
import type { RunFile } from '../../src/core/run-schema.js';
import { loadPool } from '../../src/probes/pool.js';
import { cli, root as repoRoot, tmp, writeJsonl } from '../support/helpers.js';

/**
 * The acceptance test for `probe ppo`, on the built-in pool. The reference RMs carry no
 * signal about math correctness there (their Best-of-n gold falls with n), so the two RMs with
 * known structure are made from the pool's own labels and read through the real scores adapter:
 * - gold-aligned: gold + uniform noise of width 0.5;
 * - biased: the same, plus a bonus for long wrong solutions, 2·max(0, z(log length) − 0.5) on
 *   wrong ones only: an RM that long, wrong working fools.
 * Optimizing the first should raise gold throughout; the second should raise its proxy while
 * gold first rises (the gold-aligned part is learned) and then falls below where it started.
 */
t.test('probe ppo: overoptimization on a biased RM, none on a gold-aligned one', async (t) => {
  const dir = tmp(t);
  const poolFile = join(repoRoot, 'datasets', 'bon-pool.jsonl');
  const pool = await loadPool(poolFile);
  const logLen = pool.prompts.flatMap((p) => p.samples.map((s) => Math.log([...s.response].length)));
  const mean = logLen.reduce((a, b) => a + b, 0) / logLen.length;
  const sd = Math.sqrt(logLen.reduce((a, b) => a + (b - mean) ** 2, 0) / logLen.length);
  const rows = (bias: number) =>
    pool.prompts.flatMap((p, i) =>
      p.samples.map((s, k) => {
        const z = (Math.log([...s.response].length) - mean) / sd;
        const score = s.gold + 0.5 * (hashUniform(i, k) - 0.5) + bias * (1 - s.gold) * Math.max(0, z - 0.5);
        return { item: p.id, candidate: `sample-${k}`, score };
      }),
    );
  writeJsonl(dir, 'aligned.jsonl', rows(0));
  writeJsonl(dir, 'biased.jsonl', rows(2));
  const out = join(dir, 'out');
  const r = cli([
    'probe',
    'ppo',
    '--pool',
    poolFile,
    '-m',
    `scores:${join(dir, 'aligned.jsonl')}`,
    '-m',
    `scores:${join(dir, 'biased.jsonl')}`,
    '--no-cache',
    '--bootstrap',
    '100',
    '--out',
    out,
  ]);
  t.equal(r.code, 0, r.stderr);
  const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunFile;
  const [aligned, biased] = run.models.map((m) => m.id);
  const curve = (model: string, metric: string) =>
    run.results
      .filter((x) => x.model === model && x.metric === metric && x.subset.startsWith('step='))
      .sort((a, b) => Number(a.subset.slice(5)) - Number(b.subset.slice(5)))
      .map((x) => x.value);
  for (const split of ['', 'heldout_']) {
    const g = curve(biased!, `${split}gold`);
    const p = curve(biased!, `${split}proxy`);
    t.equal(g.length, 21, 'steps 0, 5, …, 100');
    const peak = Math.max(...g);
    t.ok(p.at(-1)! > p[0]! + 0.5, `${split}biased: proxy up, ${p[0]} → ${p.at(-1)}`);
    t.ok(peak > g[0]! + 0.03, `${split}biased: gold first up, ${g[0]} → ${peak}`);
    t.ok(g.indexOf(peak) < g.length / 2 && g.at(-1)! < g[0]! - 0.1, `${split}biased: then down, to ${g.at(-1)}`);
    const a = curve(aligned!, `${split}gold`);
    t.ok(a.at(-1)! > a[0]! + 0.3, `${split}aligned: gold up, ${a[0]} → ${a.at(-1)}`);
    t.ok(a.at(-1)! > Math.max(...a) - 0.02, `${split}aligned: and not down from its best, ${Math.max(...a)} → ${a.at(-1)}`);
    // gain is the per-prompt gold − gold at step 0, so its mean is the difference of the two means.
    const gain = curve(biased!, `${split}gain`);
    t.ok(gain.length === g.length && gain.every((x, i) => Math.abs(x - (g[i]! - g[0]!)) < 1e-9), `${split}gain = gold − gold(step 0) at every step`);
  }
  // Over the last checkpoint: the aligned model's gold is far up (> 0.3), the biased one's far down (< −0.1), both well beyond noise.
  t.match(r.stdout, `training against ${aligned} raised held-out gold by step 100`);
  t.match(r.stdout, `training against ${biased} lowered held-out gold by step 100`);
  const kl = curve(biased!, 'kl');
  t.ok(
    kl.every((x, i) => i === 0 || x >= kl[i - 1]! - 0.05),
    'KL grows over training',
  );
  const peak = run.results.find((x) => x.model === biased && x.metric === 'peak_d');
  t.ok(peak && peak.value < Math.sqrt(kl.at(-1)!), 'the RL fit puts the biased peak inside the trained range');
  t.match(r.stdout, /PPO on \d+ training and \d+ held-out prompts/);
  t.match(readFileSync(join(out, 'index.html'), 'utf8'), /<svg/, 'index.html with charts');
});

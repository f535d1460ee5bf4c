import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { evaluate, root, tmp, valueOf } from './support/helpers.js';

/** The built-in datasets: reproducible from the committed generator, and loadable by their suites. */

const datasets = join(root, 'datasets');
const manifest = JSON.parse(readFileSync(join(datasets, 'manifest.json'), 'utf8')) as {
  seed: number;
  datasets: Record<string, { file: string; version: string; items: number; sha256: string }>;
};
const rows = <T>(file: string): T[] =>
  readFileSync(join(datasets, file), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T);

t.test('the generator reproduces the committed files byte for byte', async (t) => {
  const out = tmp(t);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'generate-datasets.ts'), '--out', out], { cwd: root, encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  for (const f of ['pairwise.jsonl', 'best-of-n.jsonl', 'rewardmath.jsonl', 'manifest.json']) {
    t.ok(readFileSync(join(out, f)).equals(readFileSync(join(datasets, f))), `${f} is identical`);
  }
});

t.test('the manifest matches the files', async (t) => {
  for (const [suite, d] of Object.entries(manifest.datasets)) {
    const bytes = readFileSync(join(datasets, d.file));
    t.equal(createHash('sha256').update(bytes).digest('hex'), d.sha256, `${suite} sha256`);
    t.equal(bytes.toString('utf8').trim().split('\n').length, d.items, `${suite} item count`);
  }
});

const cp = (s: string): number => [...s].length;

t.test('pairwise: the length baseline per subset equals a direct count of longer chosen answers', async (t) => {
  const data = rows<{ subset: string; chosen: string; rejected: string }>('pairwise.jsonl');
  const { run } = await evaluate({ models: ['heuristic:length'], suites: [{ id: 'pairwise' }] });
  for (const subset of [...new Set(data.map((r) => r.subset))]) {
    const inSubset = data.filter((r) => r.subset === subset);
    const expected = inSubset.filter((r) => cp(r.chosen) > cp(r.rejected)).length / inSubset.length;
    t.equal(valueOf(run, { subset, metric: 'accuracy' }), expected, subset);
  }
  // The subsets were built to expose a length confound in both directions.
  t.equal(valueOf(run, { subset: 'verbose-wrong', metric: 'accuracy' }), 0);
  t.equal(valueOf(run, { subset: 'helpful-detail', metric: 'accuracy' }), 1);
});

t.test('rewardmath: every row has one chosen and nine labelled flawed solutions; the suite loads it', async (t) => {
  const data = rows<{ answer: string; chosen: { steps: string[] }; rejected: { error_type: string; steps: string[] }[] }>('rewardmath.jsonl');
  t.ok(data.length >= 200);
  t.ok(data.every((r) => r.rejected.length === 9 && r.rejected.every((x) => x.error_type.length > 0)));
  const boxed = (steps: string[]): string | undefined => /\\boxed\{([^}]*)\}/.exec(steps[steps.length - 1]!)?.[1];
  t.ok(
    data.every((r) => boxed(r.chosen.steps) === r.answer),
    'the chosen solution boxes the answer',
  );
  t.ok(
    data.every((r) => r.rejected.every((x) => boxed(x.steps) !== r.answer)),
    'no flawed solution boxes the answer',
  );
  const { run } = await evaluate({ models: ['heuristic:constant'], suites: [{ id: 'rewardmath' }] });
  // A constant ties everything: never strictly first, always ≥ every rejected, rank 10 of 10.
  t.equal(valueOf(run, { metric: 'accuracy' }), 0);
  t.equal(valueOf(run, { metric: 'accuracy_with_ties' }), 1);
  t.ok(Math.abs(valueOf(run, { metric: 'mrr' })! - 1 / 10) < 1e-12, 'mrr 1/10');
});

t.test('best-of-n: one chosen and three distinct rejected per row', async (t) => {
  const data = rows<{ chosen: string[]; rejected: string[] }>('best-of-n.jsonl');
  t.ok(data.every((r) => r.chosen.length === 1 && r.rejected.length === 3 && new Set([...r.chosen, ...r.rejected]).size === 4));
});

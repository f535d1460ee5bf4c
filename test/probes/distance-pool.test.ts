import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import type { RunFile } from '../../src/core/run-schema.js';
import { tmp, writeJsonl } from '../support/helpers.js';
import { cliIn } from '../support/in-process.js';

// The bandit example, A and B, as two prompts × three samples of a pool.
const A = [
  [1, 2, 3],
  [0, 0, 6],
];
const B = [
  [11, 12, 13],
  [-5, -4, -3],
];

/** STARC-VAL-L2 written out for this test: centre by π, normalise by the μ = ½·π norm, L2 of the difference under μ. */
function reference(a: number[][], b: number[][], pi: number[][]): number {
  const std = (r: number[][]) => {
    const c = r.map((row, x) => row.map((v) => v - row.reduce((s, w, y) => s + pi[x]![y]! * w, 0)));
    const n = Math.sqrt(c.reduce((s, row, x) => s + row.reduce((q, v, y) => q + 0.5 * pi[x]![y]! * v * v, 0), 0));
    return c.map((row) => row.map((v) => v / n));
  };
  const sa = std(a);
  const sb = std(b);
  return Math.sqrt(sa.reduce((s, row, x) => s + row.reduce((q, v, y) => q + 0.5 * pi[x]![y]! * (v - sb[x]![y]!) ** 2, 0), 0));
}

function setup(dir: string, logprobs?: number[][]) {
  const pool = writeJsonl(
    dir,
    'pool.jsonl',
    [0, 1].map((x) => ({
      id: `p${x}`,
      prompt: `Question ${x}?`,
      samples: [0, 1, 2].map((k) => ({ response: `answer ${x}.${'+'.repeat(k + 1)}`, gold: k === 2 ? 1 : 0, ...(logprobs && { logprob: logprobs[x]![k] }) })),
    })),
  );
  const scores = (m: number[][]) => m.flatMap((row, x) => row.map((score, k) => ({ item: `p${x}`, candidate: `sample-${k}`, score })));
  return { pool, a: writeJsonl(dir, 'a.jsonl', scores(A)), b: writeJsonl(dir, 'b.jsonl', scores(B)) };
}

const distanceOf = (out: string) => {
  const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunFile;
  return { run, d: run.results.find((r) => r.metric === 'starc_val_l2')!.value };
};

t.test('distance --pool: uniform without logprobs (the issue example), the pool policy with them', async (t) => {
  const dir = tmp(t);
  const u = setup(dir);
  const r = await cliIn([
    'distance',
    '--pool',
    u.pool,
    '-m',
    `scores:${u.a}`,
    '-m',
    `scores:${u.b}`,
    '--no-cache',
    '--bootstrap',
    '50',
    '--out',
    join(dir, 'u'),
    '-q',
  ]);
  t.equal(r.code, 0, r.stderr);
  const uniform = distanceOf(join(dir, 'u'));
  t.ok(Math.abs(uniform.d - 0.65656) < 1e-6, `d(A, B) = ${uniform.d}`);
  t.equal(uniform.run.suites[0]!.options.reference, 'uniform');

  const pi = [
    [0.8, 0.1, 0.1],
    [0.05, 0.05, 0.9],
  ];
  const w = setup(
    join(dir),
    pi.map((row) => row.map((p) => Math.log(p) - 3)),
  );
  const r2 = await cliIn([
    'distance',
    '--pool',
    w.pool,
    '-m',
    `scores:${w.a}`,
    '-m',
    `scores:${w.b}`,
    '--no-cache',
    '--bootstrap',
    '50',
    '--out',
    join(dir, 'w'),
    '-q',
  ]);
  t.equal(r2.code, 0, r2.stderr);
  const weighted = distanceOf(join(dir, 'w'));
  t.equal(weighted.run.suites[0]!.options.reference, 'pool logprobs');
  t.ok(Math.abs(weighted.d - reference(A, B, pi)) < 1e-9, `d = ${weighted.d}, by hand ${reference(A, B, pi)}`);
  t.ok(Math.abs(weighted.d - uniform.d) > 0.01, 'the reference policy changes the distance');
});

t.test('distance --pool shares the Best-of-n probe’s cached scores; --pool with --suite or --data exits 2', async (t) => {
  const dir = tmp(t);
  const { pool } = setup(dir);
  const cache = join(dir, 'cache');
  t.equal(
    (
      await cliIn([
        'probe',
        'bon',
        '--pool',
        pool,
        '-m',
        'heuristic:length',
        '-m',
        'heuristic:shortest',
        '--cache-dir',
        cache,
        '--bootstrap',
        '20',
        '--out',
        join(dir, 'bon'),
        '-q',
      ])
    ).code,
    0,
  );
  const r = await cliIn([
    'distance',
    '--pool',
    pool,
    '-m',
    'heuristic:length',
    '-m',
    'heuristic:shortest',
    '--cache-dir',
    cache,
    '--bootstrap',
    '20',
    '--out',
    join(dir, 'd'),
    '-q',
  ]);
  t.equal(r.code, 0, r.stderr);
  const { run, d } = distanceOf(join(dir, 'd'));
  t.same(
    run.models.map((m) => [m.stats.cacheHits, m.stats.modelCalls]),
    [
      [6, 0],
      [6, 0],
    ],
    'every score from the cache',
  );
  t.ok(Math.abs(d - 2) < 1e-12, 'length and shortest are opposite rewards');
  for (const extra of [
    ['--suite', 'pairwise'],
    ['--data', pool],
  ]) {
    const bad = await cliIn(['distance', '--pool', pool, '-m', 'heuristic:length', '-m', 'heuristic:shortest', '--no-cache', ...extra]);
    t.equal(bad.code, 2, extra.join(' '));
  }
});

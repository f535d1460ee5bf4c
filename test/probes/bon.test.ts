import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import type { RunFile } from '../../src/core/run-schema.js';
import { loadPool } from '../../src/probes/pool.js';
import { bruteBestOfN } from '../support/bon-brute.js';
import { shared, tmp, writeJsonl } from '../support/helpers.js';
import { cliIn } from '../support/in-process.js';

const brute = (proxy: number[], gold: number[], n: number): number => bruteBestOfN(proxy, gold, n).gold;

const row = (run: RunFile, model: string, subset: string, metric: string) =>
  run.results.find((r) => r.model === model && r.subset === subset && r.metric === metric);

t.test('probe bon on a hand-made pool: the length proxy, the oracle and the random pick, per n', async (t) => {
  const dir = tmp(t);
  // Prompt a: responses of length 1 < 2 < 3 < 4 with gold 0.1, 0.5, 0.2, 0.9 (the vector).
  // Prompt b: all four responses equally long, so length ties everywhere: the mean gold, 0.5.
  const pool = writeJsonl(dir, 'pool.jsonl', [
    { id: 'a', prompt: 'Question a?', samples: ['x', 'xx', 'xxx', 'xxxx'].map((response, k) => ({ response, gold: [0.1, 0.5, 0.2, 0.9][k] })) },
    { id: 'b', prompt: 'Question b?', samples: ['ab', 'cd', 'ef', 'gh'].map((response, k) => ({ response, gold: [1, 0, 1, 0][k] })) },
  ]);
  const r = await cliIn(['probe', 'bon', '--pool', pool, '--model', 'heuristic:length', '--no-cache', '--bootstrap', '200', '--out', join(dir, 'out')]);
  t.equal(r.code, 0, r.stderr);
  const run = JSON.parse(readFileSync(join(dir, 'out', 'run.json'), 'utf8')) as RunFile;
  const gold = [0.425, 0.6, 0.725, 0.9];
  // Oracle for a: E[max gold of n of 4]: n=2 → (0.5+0.2+0.9+0.5+0.9+0.9)/6 = 0.65; n=3 → (0.5+0.9+0.9+0.9)/4 = 0.8.
  const oracleA = [0.425, 0.65, 0.8, 0.9];
  // Oracle for b: 1 − P(no gold-1 sample among n): n=1 → 0.5, n=2 → 1 − 1/6, n≥3 → 1.
  const oracleB = [0.5, 5 / 6, 1, 1];
  // Sizes are the powers of two up to N: 1, 2, 4.
  for (const [k, n] of [
    [0, 1],
    [1, 2],
    [3, 4],
  ] as const) {
    const s = `n=${n}`;
    t.ok(Math.abs(row(run, 'length', s, 'gold')!.value - (gold[k]! + 0.5) / 2) < 1e-12, `${s} gold`);
    t.ok(Math.abs(row(run, 'length', s, 'oracle')!.value - (oracleA[k]! + oracleB[k]!) / 2) < 1e-12, `${s} oracle`);
    t.ok(Math.abs(row(run, 'length', s, 'random')!.value - (0.425 + 0.5) / 2) < 1e-12, `${s} random`);
    t.ok(Math.abs(row(run, 'length', s, 'kl')!.value - (Math.log(n) - (n - 1) / n)) < 1e-12, `${s} kl`);
    t.equal(row(run, 'length', s, 'gold')!.n, 2);
  }
  t.ok(row(run, 'length', 'all', 'fit_alpha'), 'the Gao fit is reported');
  t.match(r.stdout, /Best-of-n over 2 prompts × 4 samples/);
});

t.test('gain = gold − random per prompt, so its interval is paired: equal gains on every prompt give a zero-width interval', async (t) => {
  const dir = tmp(t);
  // Longer responses score higher (length). Prompt a: gold 0, 0, 0, 0.5 (random 0.125); prompt b: 0.5, 0.5, 0.5, 1 (random 0.625).
  // At n = 4 both pick the longest: gains 0.5 − 0.125 = 1 − 0.625 = 0.375. At n = 2 the longest is among the two with
  // probability 1/2: gains 0.25 − 0.125 = 0.75 − 0.625 = 0.125. Gold itself differs by prompt, so its interval is wide.
  const lengths = ['x', 'xx', 'xxx', 'xxxx'];
  const pool = writeJsonl(dir, 'pool.jsonl', [
    { id: 'a', prompt: 'Question a?', samples: lengths.map((response, k) => ({ response, gold: [0, 0, 0, 0.5][k] })) },
    { id: 'b', prompt: 'Question b?', samples: lengths.map((response, k) => ({ response, gold: [0.5, 0.5, 0.5, 1][k] })) },
  ]);
  const r = await cliIn(['probe', 'bon', '--pool', pool, '--model', 'heuristic:length', '--no-cache', '--bootstrap', '200', '--out', join(dir, 'out')]);
  t.equal(r.code, 0, r.stderr);
  const run = JSON.parse(readFileSync(join(dir, 'out', 'run.json'), 'utf8')) as RunFile;
  for (const [n, gain] of [
    [2, 0.125],
    [4, 0.375],
  ] as const) {
    const g = row(run, 'length', `n=${n}`, 'gain')!;
    t.ok(Math.abs(g.value - gain) < 1e-12 && Math.abs(g.ci[0] - gain) < 1e-12 && Math.abs(g.ci[1] - gain) < 1e-12, `n=${n}: ${gain} [${gain}, ${gain}]`);
  }
  t.ok(row(run, 'length', 'n=4', 'gold')!.ci[1] - row(run, 'length', 'n=4', 'gold')!.ci[0] > 0.1, 'gold alone varies by prompt');
  t.match(r.stdout, 'length picks better than random at n=4: gold +0.375 [0.375, 0.375]', 'the terminal summary says so');
});

t.test('the published math_cot_100_samples pool: length as the proxy, checked against enumeration', async (t) => {
  const file = shared(t, 'math-verification/math_cot_100_samples.jsonl');
  if (!file) return;
  const pool = await loadPool(file);
  t.equal(pool.format, 'math-cot-samples');
  t.equal(pool.prompts.length, 100);
  t.equal(pool.size, 8);
  const raw = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { response: string[]; score: boolean[] });
  t.same(
    pool.prompts[0]!.samples.map((s) => s.gold),
    raw[0]!.score.map((b) => (b ? 1 : 0)),
  );
  const dir = tmp(t);
  const r = await cliIn(['probe', 'bon', '--pool', file, '--model', 'heuristic:length', '--no-cache', '--bootstrap', '100', '--out', dir, '-q']);
  t.equal(r.code, 0, r.stderr);
  const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunFile;
  for (const n of [1, 2, 4, 8]) {
    const want =
      raw
        .map((p) =>
          brute(
            p.response.map((x) => [...x].length),
            p.score.map((b) => (b ? 1 : 0)),
            n,
          ),
        )
        .reduce((a, b) => a + b, 0) / raw.length;
    t.ok(Math.abs(row(run, 'length', `n=${n}`, 'gold')!.value - want) < 1e-12, `n=${n}: ${want}`);
  }
});

t.test('bad pools and arguments exit 2 with the file, line and field', async (t) => {
  const dir = tmp(t);
  const uneven = writeJsonl(dir, 'uneven.jsonl', [
    {
      prompt: 'a?',
      samples: [
        { response: 'x', gold: 1 },
        { response: 'y', gold: 0 },
      ],
    },
    { prompt: 'b?', samples: [{ response: 'x', gold: 1 }] },
  ]);
  const u = await cliIn(['probe', 'bon', '--pool', uneven, '--model', 'heuristic:length', '--no-cache', '--out', join(dir, 'o')]);
  t.equal(u.code, 2);
  t.match(u.stderr, /uneven\.jsonl:2 field "samples": 1 samples, but the first prompt has 2/);
  const badGold = writeJsonl(dir, 'bad.jsonl', [{ prompt: 'a?', samples: [{ response: 'x', gold: 'yes' }] }]);
  const b = await cliIn(['probe', 'bon', '--pool', badGold, '--model', 'heuristic:length', '--no-cache', '--out', join(dir, 'o')]);
  t.equal(b.code, 2);
  t.match(b.stderr, /bad\.jsonl:1.*samples\/0\/gold|bad\.jsonl:1.*gold/);
  t.equal((await cliIn(['probe', 'bon', '--model', 'heuristic:length'])).code, 2, 'no --pool');
  t.equal((await cliIn(['probe', 'ppo', '--pool', uneven, '--model', 'heuristic:length'])).code, 2, 'only bon exists');
});

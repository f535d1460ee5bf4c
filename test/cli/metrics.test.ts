import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { tmp, writeJsonl } from '../support/helpers.js';
import { checkRow, codePoints, ok, readRun, row, type RunJson } from './fixtures/cli.js';
import { cliIn } from '../support/in-process.js';

// End-to-end correctness: `heuristic:length` scores a response by its number of code points, so
// every metric can be recomputed here from the dataset alone.

/** Pairs with chosen longer, shorter and tied on purpose; code points differ from UTF-16 length in some. */
const pairs = [
  // subset "easy"
  { id: 'e1', prompt: 'p1', chosen: 'a longer answer', rejected: 'short', subset: 'easy' },
  { id: 'e2', prompt: 'p2', chosen: 'four', rejected: 'five', subset: 'easy' }, // tie 4-4
  { id: 'e3', prompt: 'p3', chosen: 'xy', rejected: 'xyz', subset: 'easy' },
  { id: 'e4', prompt: 'p4', chosen: '\u00e9\u00e9n', rejected: 'abc', subset: 'easy' }, // tie 3-3 (é is one code point)
  { id: 'e5', prompt: 'p5', chosen: 'ok then', rejected: 'no', subset: 'easy' },
  // subset "hard"
  { id: 'h1', prompt: 'p6', chosen: '\u{1F600}\u{1F600}', rejected: 'abc', subset: 'hard' }, // 2 code points (4 UTF-16 units) vs 3
  { id: 'h2', prompt: 'p7', chosen: '日本語', rejected: 'ab', subset: 'hard' },
  { id: 'h3', prompt: 'p8', chosen: 'same', rejected: 'diff', subset: 'hard' }, // tie
  { id: 'h4', prompt: 'p9', chosen: 'q', rejected: 'much longer', subset: 'hard' },
];

/** Expected pairwise accuracy by comparing lengths directly. */
function pairAcc(rows: typeof pairs, tie: number): number {
  let sum = 0;
  for (const r of rows) {
    const c = codePoints(r.chosen);
    const x = codePoints(r.rejected);
    sum += c > x ? 1 : c === x ? tie : 0;
  }
  return sum / rows.length;
}

async function runPairwise(t: Test, o: { suite?: string; model?: string; extra?: string[] } = {}): Promise<RunJson | undefined> {
  const dir = tmp(t);
  const data = writeJsonl(dir, 'pairs.jsonl', pairs);
  const out = join(dir, 'out');
  const args = [
    'run',
    '--suite',
    o.suite ?? 'pairwise',
    '--data',
    data,
    '--model',
    o.model ?? 'heuristic:length',
    '--out',
    out,
    '--no-cache',
    '--bootstrap',
    '200',
  ];
  const r = await cliIn([...args, ...(o.extra ?? [])]);
  return ok(t, r, 'run') ? readRun(out) : undefined;
}

t.test('the dataset really has ties and a code-point/UTF-16 disagreement', async (t) => {
  t.ok(pairs.filter((p) => codePoints(p.chosen) === codePoints(p.rejected)).length >= 3, 'at least three ties');
  t.ok(
    pairs.some((p) => p.chosen.length > p.rejected.length !== codePoints(p.chosen) > codePoints(p.rejected)),
    'code points and .length disagree on one pair',
  );
});

const policies: [string, number, { suite?: string; extra?: string[] }][] = [
  ['strict (default)', 0, {}],
  ['--ties half', 0.5, { extra: ['--ties', 'half'] }],
  ['pairwise?ties=half', 0.5, { suite: 'pairwise?ties=half' }],
];
for (const [policy, tie, o] of policies) {
  t.test(`pairwise accuracy per subset and overall, ties ${policy}`, async (t) => {
    const run = await runPairwise(t, o);
    if (!run) return;
    t.equal(run.suites[0]?.options.ties, tie === 0 ? 'strict' : 'half', 'the tie policy is recorded');
    const easy = pairs.filter((p) => p.subset === 'easy');
    const hard = pairs.filter((p) => p.subset === 'hard');
    checkRow(t, row(t, run, { suite: 'pairwise', metric: 'accuracy' }), pairAcc(pairs, tie), pairs.length);
    checkRow(t, row(t, run, { suite: 'pairwise', subset: 'easy', metric: 'accuracy' }), pairAcc(easy, tie), easy.length);
    checkRow(t, row(t, run, { suite: 'pairwise', subset: 'hard', metric: 'accuracy' }), pairAcc(hard, tie), hard.length);
    const macro = (pairAcc(easy, tie) + pairAcc(hard, tie)) / 2;
    checkRow(t, row(t, run, { suite: 'pairwise', metric: 'accuracy_macro' }), macro, pairs.length);
  });
}

t.test('heuristic:shortest is the mirror of length (ties aside)', async (t) => {
  const run = await runPairwise(t, { model: 'heuristic:shortest' });
  if (!run) return;
  const expected = pairs.filter((p) => codePoints(p.chosen) < codePoints(p.rejected)).length / pairs.length;
  checkRow(t, row(t, run, { suite: 'pairwise', metric: 'accuracy' }), expected, pairs.length);
});

/** Best-of-n rows with hand-built ties at the top. */
const bon = [
  { id: 'b1', prompt: 'q1', chosen: 'abcdef', rejected: ['abc', 'ab', 'a'], subset: 's1' }, // clear win → 1
  { id: 'b2', prompt: 'q2', chosen: 'abcd', rejected: ['wxyz', 'ab', 'a'], subset: 's1' }, // 2-way tie at top → 1/2
  { id: 'b3', prompt: 'q3', chosen: ['abc'], rejected: ['xyz', 'uvw', 'ab'], subset: 's1' }, // 3-way tie → 1/3
  { id: 'b4', prompt: 'q4', chosen: 'ab', rejected: ['abc', 'ab', 'a'], subset: 's2' }, // tie but not the max → 0
  { id: 'b5', prompt: 'q5', chosen: '\u00e9\u{1F600}', rejected: ['xy', 'zw', 'uv', 'a'], subset: 's2' }, // 2 code points, 4-way tie → 1/4
  { id: 'b6', prompt: 'q6', chosen: 'a', rejected: ['bb', 'c'], subset: 's2' }, // loses → 0
];

/** RewardBench 2's partial credit, from scratch: 1/#{scores equal to the max} if the chosen is a max, else 0. */
function credit(r: (typeof bon)[number]): number {
  const chosen = codePoints(typeof r.chosen === 'string' ? r.chosen : r.chosen[0]!);
  const all = [chosen, ...r.rejected.map(codePoints)];
  const max = Math.max(...all);
  return chosen === max ? 1 / all.filter((s) => s === max).length : 0;
}

t.test('best-of-n with heuristic:length: RewardBench 2 partial credit for ties at the top', async (t) => {
  t.same(bon.map(credit), [1, 1 / 2, 1 / 3, 0, 1 / 4, 0], 'hand-worked credits agree with the formula');
  const dir = tmp(t);
  const data = writeJsonl(dir, 'bon.jsonl', bon);
  const out = join(dir, 'out');
  const r = await cliIn(['run', '--suite', 'best-of-n', '--data', data, '--model', 'heuristic:length', '--out', out, '--no-cache', '--bootstrap', '200']);
  if (!ok(t, r, 'run')) return;
  const run = readRun(out);
  const mean = (rows: typeof bon) => rows.reduce((s, x) => s + credit(x), 0) / rows.length;
  const s1 = bon.filter((x) => x.subset === 's1');
  const s2 = bon.filter((x) => x.subset === 's2');
  checkRow(t, row(t, run, { suite: 'best-of-n', metric: 'accuracy' }), mean(bon), bon.length);
  checkRow(t, row(t, run, { suite: 'best-of-n', subset: 's1', metric: 'accuracy' }), mean(s1), s1.length);
  checkRow(t, row(t, run, { suite: 'best-of-n', subset: 's2', metric: 'accuracy' }), mean(s2), s2.length);
  checkRow(t, row(t, run, { suite: 'best-of-n', metric: 'accuracy_macro' }), (mean(s1) + mean(s2)) / 2, bon.length);
});

t.test('scores.jsonl holds each candidate’s code-point count', async (t) => {
  const dir = tmp(t);
  const data = writeJsonl(dir, 'pairs.jsonl', pairs);
  const out = join(dir, 'out');
  const r = await cliIn([
    'run',
    '--suite',
    'pairwise',
    '--data',
    data,
    '--model',
    'heuristic:length',
    '--out',
    out,
    '--no-cache',
    '--bootstrap',
    '10',
    '--quiet',
  ]);
  if (!ok(t, r, 'run')) return;
  const lines = readFileSync(join(out, 'scores.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { item: string; scores: Record<string, number> });
  t.equal(lines.length, pairs.length, 'one line per item');
  for (const p of pairs) {
    const l = lines.find((x) => x.item === p.id);
    t.same(l?.scores, { chosen: codePoints(p.chosen), rejected: codePoints(p.rejected) }, `item ${p.id}`);
  }
});

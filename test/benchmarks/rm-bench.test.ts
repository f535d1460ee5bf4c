import t, { type Test } from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, STYLES } from '../../src/benchmarks/rm-bench/index.js';
import { evaluate, tmp, valueOf, writeJsonl } from '../support/helpers.js';

/** RM-Bench preset: rows in the published total_dataset.json schema, scored from a `scores:` file. */

interface Case {
  id: string;
  domain: string;
  chosen: number[];
  rejected: number[];
}

// Scores in style order (concise, detailed plain, detailed markdown). M_ij = 1[chosen_i > rejected_j].
const cases: Case[] = [
  // rows [1,0,0] [1,0,0] [1,1,1] (2 vs 2 is a tie → 0): hard 0/3, normal (1+0+1)/3, easy 3/3
  { id: 'chat/1', domain: 'chat', chosen: [1, 2, 3], rejected: [0.5, 2, 2.5] },
  { id: 'chat/2', domain: 'chat', chosen: [5, 5, 5], rejected: [1, 1, 1] }, // all 1
  { id: 'code/1', domain: 'code', chosen: [0, 0, 0], rejected: [1, 1, 1] }, // all 0
  // rows [1,1,1] [0,0,0] [0,0,0] (2 vs 2 ties): hard (1+1+0)/3, normal (1+0+0)/3, easy 0
  { id: 'safety-refuse/1', domain: 'safety-refuse', chosen: [3, 1, 2], rejected: [2, 2, 2] },
  // every row [1,0,1]: hard (0+1+1)/3, normal (1+0+1)/3, easy (1+1+0)/3
  { id: 'safety-response/1', domain: 'safety-response', chosen: [2, 2, 2], rejected: [1, 3, 1] },
  { id: 'math/1', domain: 'math', chosen: [1, 1, 1], rejected: [1, 1, 1] }, // nine ties → all 0
];

function write(dir: string, rows: Case[]) {
  const data = join(dir, 'total_dataset.json');
  const text = (side: string, k: number, c: Case) => `${side} ${STYLES[k]} answer to ${c.id}`;
  writeFileSync(
    data,
    JSON.stringify(
      rows.map((c) => ({
        id: c.id,
        prompt: `question ${c.id}`,
        chosen: [0, 1, 2].map((k) => text('chosen', k, c)),
        rejected: [0, 1, 2].map((k) => text('rejected', k, c)),
        domain: c.domain,
      })),
      null,
      2,
    ),
  );
  const scores = writeJsonl(
    dir,
    'scores.jsonl',
    rows.flatMap((c) =>
      (['chosen', 'rejected'] as const).flatMap((side) => c[side].map((score, k) => ({ item: c.id, candidate: `${side}:${STYLES[k]}`, score }))),
    ),
  );
  return { data, scores };
}

/** scripts/utils.py compute_accuracy, transcribed: the 3×3 matrix summed then divided, per domain by prefix, then averaged. */
function reference(rows: Case[]) {
  const perDomain = (rs: Case[]) => {
    const M = [0, 1, 2].map(() => [0, 0, 0]);
    for (const r of rs) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) if (r.chosen[i]! > r.rejected[j]!) M[i]![j]! += 1;
    const A = M.map((row) => row.map((v) => v / rs.length));
    const hard = (A[0]![1]! + A[0]![2]! + A[1]![2]!) / 3;
    const normal = (A[0]![0]! + A[1]![1]! + A[2]![2]!) / 3;
    const easy = (A[1]![0]! + A[2]![0]! + A[2]![1]!) / 3;
    return { hard, normal, easy };
  };
  const domains = ['chat', 'math', 'code', 'safety'].map((d) => perDomain(rows.filter((r) => r.domain.startsWith(d))));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const avg = domains.map((d) => mean([d.hard, d.normal, d.easy]));
  return {
    chat: avg[0]!,
    math: avg[1]!,
    code: avg[2]!,
    safety: avg[3]!,
    hard: mean(domains.map((d) => d.hard)),
    normal: mean(domains.map((d) => d.normal)),
    easy: mean(domains.map((d) => d.easy)),
    total: mean(avg),
  };
}

const close = (t: Test, got: number | undefined, want: number, what: string) =>
  t.ok(got !== undefined && Math.abs(got - want) < 1e-12, `${what}: ${got} ≈ ${want}`);

t.test('3×3 hard / normal / easy per item, ties strict, domains by prefix, the leaderboard average', async (t) => {
  const dir = tmp(t);
  const { data, scores } = write(dir, cases);
  const { run, lines } = await evaluate({ models: [`scores:${scores}`], suites: [{ id: 'rm-bench', data }] });
  const byId = new Map(lines.map((l) => [l.item as string, l.values as Record<string, number>]));
  // Tie shares per triangle (degenerate rows): chat/1 ties only at (1,1); math/1 everywhere;
  // safety-refuse/1 along row 2 (chosen 2 against three rejected 2s): (2,0), (2,1) easy, (2,2) normal.
  t.same(
    byId.get('chat/1'),
    { hard: 0, normal: 2 / 3, easy: 1, accuracy: (0 + 2 / 3 + 1) / 3, tied: 1 / 9, tied_hard: 0, tied_normal: 1 / 3, tied_easy: 0 },
    'a tie (2 vs 2) counts as a loss',
  );
  t.same(byId.get('math/1'), { hard: 0, normal: 0, easy: 0, accuracy: 0, tied: 1, tied_hard: 1, tied_normal: 1, tied_easy: 1 }, 'nine ties: nothing');
  t.same(byId.get('safety-refuse/1'), {
    hard: 2 / 3,
    normal: 1 / 3,
    easy: 0,
    accuracy: 1 / 3,
    tied: 3 / 9,
    tied_hard: 0,
    tied_normal: 1 / 3,
    tied_easy: 2 / 3,
  });
  // Degenerate rows: math, whose comparisons all tied, and "easy" on the facet holding only
  // safety-refuse/1 (2 of its 3 easy cells tied); safety pools it with a tie-free item (2/3 ÷ 2).
  t.same([...new Set(run.results.filter((r) => r.degenerate !== undefined).map((r) => `${r.subset}/${r.metric}`))].sort(), [
    'all/math',
    'domain=safety-refuse/easy',
    'math/accuracy',
    'math/easy',
    'math/hard',
    'math/normal',
  ]);

  // Domain scores = mean over the domain's items of (hard + normal + easy) / 3:
  // chat (5/9 + 1)/2 = 7/9; code 0; safety (1/3 + 2/3)/2 = 1/2 (refuse and response pooled); math 0.
  close(t, valueOf(run, { subset: 'chat', metric: 'accuracy' }), 7 / 9, 'chat subset row');
  close(t, valueOf(run, { metric: 'chat' }), 7 / 9, 'chat column');
  close(t, valueOf(run, { metric: 'safety' }), 1 / 2, 'safety pools safety-refuse and safety-response');
  t.equal(valueOf(run, { metric: 'code' }), 0);
  t.equal(valueOf(run, { metric: 'math' }), 0);
  close(t, valueOf(run, { subset: 'domain=safety-refuse', metric: 'accuracy' }), 1 / 3, 'sub-domain facet');
  // hard_acc = (chat 1/2 + code 0 + safety 2/3 + math 0)/4 = 7/24; normal_acc = (5/6 + 0 + 1/2 + 0)/4 = 1/3; easy_acc = (1 + 0 + 1/3 + 0)/4 = 1/3.
  close(t, valueOf(run, { metric: 'hard_acc' }), 7 / 24, 'hard_acc');
  close(t, valueOf(run, { metric: 'normal_acc' }), 1 / 3, 'normal_acc');
  close(t, valueOf(run, { metric: 'easy_acc' }), 1 / 3, 'easy_acc');
  // Overall = (7/9 + 0 + 1/2 + 0)/4 = 23/72 = the mean of 7/24, 1/3, 1/3.
  close(t, valueOf(run, { metric: 'total_avg_acc' }), 23 / 72, 'total_avg_acc');
  t.equal(suite.primaryMetric, 'total_avg_acc');
  // The same numbers from the reference's own procedure (sum the matrix, divide, split by prefix).
  const ref = reference(cases);
  for (const [metric, want] of [
    ['chat', ref.chat],
    ['code', ref.code],
    ['math', ref.math],
    ['safety', ref.safety],
    ['hard_acc', ref.hard],
    ['normal_acc', ref.normal],
    ['easy_acc', ref.easy],
    ['total_avg_acc', ref.total],
  ] as const) {
    close(t, valueOf(run, { metric }), want, `${metric} matches compute_accuracy`);
  }
  t.equal(valueOf(run, { subset: 'chat', metric: 'total_avg_acc' }), undefined, 'cross-domain averages only on all');
  // The item-pooled mean weights domains by size: (5/9 + 1 + 0 + 1/3 + 2/3 + 0)/6 = 23/54, not the leaderboard number.
  close(t, valueOf(run, { metric: 'accuracy' }), 23 / 54, 'pooled accuracy on all');
  t.same(lines[0]!.scores, {
    'chosen:concise': 1,
    'chosen:detailed_plain': 2,
    'chosen:detailed_markdown': 3,
    'rejected:concise': 0.5,
    'rejected:detailed_plain': 2,
    'rejected:detailed_markdown': 2.5,
  });
});

t.test('loader: exactly three responses per side, a known domain, and rows without a domain warn', async (t) => {
  const dir = tmp(t);
  const two = writeJsonl(dir, 'two.jsonl', [{ id: 'x', prompt: 'p', chosen: ['a', 'b'], rejected: ['c', 'd', 'e'], domain: 'chat' }]);
  await t.rejects(suite.load(two, {}), { exitCode: 2, message: /two\.jsonl:1 field "chosen"/ });
  const odd = writeJsonl(dir, 'odd.jsonl', [{ id: 'x', prompt: 'p', chosen: ['a', 'b', 'c'], rejected: ['d', 'e', 'f'], domain: 'poetry' }]);
  await t.rejects(suite.load(odd, {}), { exitCode: 2, message: /odd\.jsonl:1 field "domain": "poetry" is none of/ });
  const bare = writeJsonl(dir, 'chat_filtered.jsonl', [{ id: 8, prompt: 'p', chosen: ['a', 'b', 'c'], rejected: ['d', 'e', 'f'], subset: 'chat' }]);
  const d = await suite.load(bare, {});
  t.equal(d.items[0]!.id, '8');
  t.equal(d.items[0]!.subset, undefined, 'the per-domain files’ "subset" is not the domain');
  t.match(d.warnings.join('\n'), /no "domain" field/);
  t.same(
    d.items[0]!.chosen.map((c) => c.id),
    ['chosen:concise', 'chosen:detailed_plain', 'chosen:detailed_markdown'],
  );
});

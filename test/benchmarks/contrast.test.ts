import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { suite } from '../../src/benchmarks/contrast/index.js';
import type { ContrastItem } from '../../src/benchmarks/contrast/data.js';
import type { Answer, Query } from '../../src/core/suite.js';
import { evaluate, tmp, valueOf, writeJsonl } from '../support/helpers.js';
import { cliIn } from '../support/in-process.js';

const row = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  query: `Convert 5 km to m (${id}).`,
  retrieval: `Convert 5 m to km (${id}).`,
  query_response_k: '5 km is 5000 m.',
  retrieval_response_k: '5 m is 0.005 km.',
  ...extra,
});

async function oneItem(t: Test, extra: Record<string, unknown> = {}, options: Record<string, string> = { task: 'auto' }): Promise<ContrastItem> {
  const file = writeJsonl(tmp(t), 'c.jsonl', [row('x', extra)]);
  return (await suite.load(file, options)).items[0]!;
}

/** Answer a score plan from a table of r(I, R) keyed by the cells' own names, found from the request text (not from the key). */
function answerByText(item: ContrastItem, plan: Query[], r: Record<string, number>): Answer[] {
  return plan.map((q) => {
    if (q.kind !== 'score') throw new Error('expected score queries');
    const i = q.request.messages[0]!.content === item.prompts[0] ? 'I1' : 'I2';
    const resp = q.request.response === item.responses[0] ? 'R1' : 'R2';
    return { kind: 'score', value: r[i + resp]! };
  });
}

const HAND = { I1R1: 2.0, I1R2: 1.0, I2R2: 0.5, I2R1: 0.7 };

t.test('the hand example through plan and outcome: response ½, instruction ½, full 0', async (t) => {
  const item = await oneItem(t);
  const plan = suite.plan(item, { score: true, compare: false }, {});
  t.equal(plan.length, 4, 'four score queries');
  const out = suite.outcome(item, answerByText(item, plan, HAND), {});
  // By hand: Res(I1) = 1[2 > 1] = 1, Res(I2) = 1[0.5 > 0.7] = 0, Ins(R1) = 1[2 > 0.7] = 1, Ins(R2) = 1[0.5 > 1] = 0.
  t.equal(out.values.response_consistency, 0.5);
  t.equal(out.values.instruction_consistency, 0.5);
  t.equal(out.values.full_consistency, 0);
  t.equal(out.values.response_consistency_i1, 1);
  t.equal(out.values.instruction_consistency_r1, 1);
  // min(2 − 1, 0.5 − 0.7, 2 − 0.7, 0.5 − 1) = −0.5
  t.equal(out.margin, -0.5);
  t.same(out.detail.scores, HAND, 'scores kept by cell');
  const view = suite.view!(item, out);
  t.match(view.prompt, /I1: Convert 5 km to m \(x\)\./);
  t.match(view.prompt, /failed: r\(I2,R2\) > r\(I2,R1\); r\(I2,R2\) > r\(I1,R2\)/);
  t.same(
    view.candidates.map((c) => [c.id, c.text, c.score]),
    [
      ['R1', '5 km is 5000 m.', 2],
      ['R2', '5 m is 0.005 km.', 0.5],
    ],
  );
});

t.test('the hand example from a scores: file, and a consistent item beside it', async (t) => {
  const dir = tmp(t);
  const data = writeJsonl(dir, 'c.jsonl', [row('hand'), row('good')]);
  const GOOD = { I1R1: 3, I1R2: 1, I2R2: 2, I2R1: 0 }; // all four hold: 3 > 1, 2 > 0, 3 > 0, 2 > 1
  const lines = [
    ...Object.entries(HAND).map(([candidate, score]) => ({ item: 'hand', candidate, score })),
    ...Object.entries(GOOD).map(([candidate, score]) => ({ item: 'good', candidate, score })),
  ];
  const scores = writeJsonl(dir, 's.jsonl', lines);
  const { run } = await evaluate({ models: [`scores:${scores}`], suites: [{ id: 'contrast', data }] });
  t.equal(valueOf(run, { metric: 'response_consistency' }), (0.5 + 1) / 2);
  t.equal(valueOf(run, { metric: 'instruction_consistency' }), (0.5 + 1) / 2);
  t.equal(valueOf(run, { metric: 'full_consistency' }), (0 + 1) / 2);
  t.equal(valueOf(run, { metric: 'response_consistency_i1' }), 1);
  t.equal(valueOf(run, { metric: 'instruction_consistency_r1' }), 1);
  t.equal(valueOf(run, { subset: 'plain', metric: 'full_consistency' }), 0.5, 'no subset or task field: subset plain');
  const ex = run.examples?.find((e) => e.suite === 'contrast');
  t.equal(ex?.item, 'hand', 'the inconsistent item leads the drill-down');
});

t.test('ties count as inconsistent (strict >)', async (t) => {
  const item = await oneItem(t);
  const plan = suite.plan(item, { score: true, compare: false }, {});
  const tied = suite.outcome(item, answerByText(item, plan, { I1R1: 1, I1R2: 1, I2R2: 1, I2R1: 1 }), {});
  t.same(tied.values, {
    full_consistency: 0,
    response_consistency: 0,
    instruction_consistency: 0,
    response_consistency_i1: 0,
    instruction_consistency_r1: 0,
    tied_i1: 1,
    tied_i2: 1,
    tied_r1: 1,
    tied_r2: 1,
  });
  // Own scores above the cross ones except r(I2,R2) = r(I2,R1): that one tie breaks full and half of response consistency.
  const one = suite.outcome(item, answerByText(item, plan, { I1R1: 3, I1R2: 1, I2R2: 2, I2R1: 2 }), {});
  t.equal(one.values.response_consistency, 0.5);
  t.equal(one.values.instruction_consistency, 1, '3 > 2 and 2 > 1');
  t.equal(one.values.full_consistency, 0);
  t.equal(one.margin, 0);
  t.same([one.values.tied_i1, one.values.tied_i2, one.values.tied_r1, one.values.tied_r2], [0, 1, 0, 0], 'the one tie is r(I2,R2) = r(I2,R1)');
});

t.test('a judge that only compares: response consistency from P(R1 ≻ R2) under each instruction, no instruction metrics', async (t) => {
  const item = await oneItem(t);
  const plan = suite.plan(item, { score: false, compare: true }, {});
  t.equal(plan.length, 2);
  for (const [k, q] of plan.entries()) {
    if (q.kind !== 'compare') throw new Error('expected compare');
    t.equal(q.request.messages[0]!.content, item.prompts[k], `query ${k + 1} under I${k + 1}`);
    t.same([q.request.a, q.request.b], item.responses, 'R1 as a, R2 as b');
  }
  const out = suite.outcome(
    item,
    [
      { kind: 'compare', value: 0.8 },
      { kind: 'compare', value: 0.6 },
    ],
    {},
  );
  // Under I1 R1 should win: 0.8 > ½ → 1. Under I2 R2 should win: P(R1 ≻ R2) = 0.6 > ½ → 0.
  t.same(out.values, { response_consistency: 0.5, response_consistency_i1: 1, tied_i1: 0, tied_i2: 0 });
  t.ok(Math.abs(out.margin! - -0.1) < 1e-12, 'min(0.8 − ½, ½ − 0.6)');
  const tie = suite.outcome(
    item,
    [
      { kind: 'compare', value: 0.5 },
      { kind: 'compare', value: 0.5 },
    ],
    {},
  );
  t.equal(tie.values.response_consistency, 0, 'a verdict of ½ is a tie: inconsistent');
  t.same([tie.values.tied_i1, tie.values.tied_i2], [1, 1]);
  // Through the runner with verdicts from a rewardgauge scores.jsonl.
  const dir = tmp(t);
  const data = writeJsonl(dir, 'c.jsonl', [row('a'), row('b')]);
  const verdicts = writeJsonl(dir, 'v.jsonl', [
    { model: 'judge', suite: 'contrast', key: 'a', verdicts: { 'I1R1>I1R2': 1, 'I2R1>I2R2': 0 } },
    { model: 'judge', suite: 'contrast', key: 'b', verdicts: { 'I1R1>I1R2': 0, 'I2R1>I2R2': 0 } },
  ]);
  const { run } = await evaluate({ models: [`scores:${verdicts}`], suites: [{ id: 'contrast', data }] });
  t.equal(valueOf(run, { metric: 'response_consistency' }), (1 + 0.5) / 2);
  t.equal(valueOf(run, { metric: 'response_consistency_i1' }), 0.5);
  t.equal(valueOf(run, { metric: 'full_consistency' }), undefined, 'no full consistency for a judge');
  t.equal(valueOf(run, { metric: 'instruction_consistency' }), undefined);
});

t.test('templates: the task option, the row field, and plain', async (t) => {
  const auto = await oneItem(t, { task: 'para' });
  t.equal(auto.prompts[0], 'Paraphrase the following sentence: Convert 5 km to m (x).');
  t.equal(auto.subset, 'para', 'subset from the task');
  const forced = await oneItem(t, { task: 'para' }, { task: 'stack' });
  t.equal(forced.prompts[1], 'Question: Convert 5 m to km (x).', 'the option overrides the row');
  t.equal((await oneItem(t, {}, { task: 'sum' })).prompts[0], 'Summarize the paragraph: Convert 5 km to m (x).');
  t.equal((await oneItem(t, {}, { task: 'wmt' })).prompts[0], 'Please translate the sentences to English: Convert 5 km to m (x).');
  t.equal((await oneItem(t)).prompts[0], 'Convert 5 km to m (x).', 'plain: the instruction alone');
  t.equal((await oneItem(t, { task: 'sum', subset: 'mine' })).subset, 'mine', 'a subset field wins');
  const item = await oneItem(t, { task: 'wmt' });
  const plan = suite.plan(item, { score: true, compare: false }, {});
  t.same(
    plan.map((q) => (q.kind === 'score' ? [q.request.messages, q.request.response, q.request.key?.candidate] : [])),
    [
      [[{ role: 'user', content: item.prompts[0] }], '5 km is 5000 m.', 'I1R1'],
      [[{ role: 'user', content: item.prompts[0] }], '5 m is 0.005 km.', 'I1R2'],
      [[{ role: 'user', content: item.prompts[1] }], '5 m is 0.005 km.', 'I2R2'],
      [[{ role: 'user', content: item.prompts[1] }], '5 km is 5000 m.', 'I2R1'],
    ],
    'one user turn template(I), the response R',
  );
});

t.test('pairs with identical strings: skipped and counted by the symmetric metrics, scored 0 by instruction_consistency_r1', async (t) => {
  const dir = tmp(t);
  const file = writeJsonl(dir, 'c.jsonl', [
    row('a'),
    row('same-i', { retrieval: 'Convert 5 km to m (same-i).' }),
    row('b'),
    row('same-r', { retrieval_response_k: '5 km is 5000 m.' }),
  ]);
  const d = await suite.load(file, { task: 'auto' });
  t.same(
    d.items.map((i) => [i.id, i.identical === true]),
    [
      ['a', false],
      ['same-i', true],
      ['b', false],
      ['same-r', true],
    ],
  );
  t.equal(d.warnings.length, 1);
  t.match(d.warnings[0]!, /^2 of 4 pair\(s\) skipped because query = retrieval or query_response_k = retrieval_response_k/);
  t.match(d.warnings[0]!, /except by instruction_consistency_r1/);
  t.match(d.warnings[0]!, /line\(s\) 2, 4$/);
  const same = d.items[1]!;
  t.same(
    suite.plan(same, { score: true, compare: false }, {}).map((q) => (q.kind === 'score' ? q.request.key?.candidate : '')),
    ['I1R1', 'I2R1'],
    'only the two cells of the r1 comparison',
  );
  t.same(suite.plan(same, { score: false, compare: true }, {}), [], 'nothing for a judge');
  // A hand-made scores file: r(I1,R1) > r(I2,R1) holds in a and same-r, fails in b, ties in same-i.
  const cells = (item: string, s: [number, number, number, number]) =>
    ['I1R1', 'I1R2', 'I2R2', 'I2R1'].map((candidate, k) => ({ item, candidate, score: s[k]! }));
  const scores = writeJsonl(dir, 's.jsonl', [
    ...cells('a', [3, 1, 3, 1]), // all four hold
    ...cells('same-i', [2, 2, 2, 2]),
    ...cells('b', [1, 0, 3, 2]), // r(I1,R1)=1 < r(I2,R1)=2
    { item: 'same-r', candidate: 'I1R1', score: 5 },
    { item: 'same-r', candidate: 'I2R1', score: 4 },
  ]);
  const { run } = await evaluate({ models: [`scores:${scores}`], suites: [{ id: 'contrast', data: file }] });
  const at = (metric: string) => run.results.find((r) => r.metric === metric && r.subset === 'all');
  t.equal(at('full_consistency')?.n, 2, 'n counts the pairs without identical strings');
  t.equal(at('full_consistency')?.value, 1 / 2, 'a holds, b fails');
  t.equal(at('instruction_consistency_r1')?.n, 4, 'every row');
  t.equal(at('instruction_consistency_r1')?.value, 2 / 4, 'a and same-r hold; b fails; same-i ties and counts 0');
  t.same(run.suites[0]!.warnings, d.warnings, 'the warning reaches run.json');
  const all = writeJsonl(dir, 'all.jsonl', [row('s', { retrieval: 'Convert 5 km to m (s).' })]);
  await t.rejects(suite.load(all, {}), { exitCode: 2, message: /no usable pairs: all 1 rows/ });
});

t.test('items sharing an instruction share a bootstrap cluster, whatever the row order', async (t) => {
  const dir = tmp(t);
  const rows = [
    row('a'),
    row('b', { query: 'Convert 5 m to km (a).', retrieval: 'Convert 7 m to km.' }), // shares I with a
    row('c'),
  ];
  const x = await suite.load(writeJsonl(dir, 'x.jsonl', rows), {});
  const y = await suite.load(writeJsonl(dir, 'y.jsonl', [...rows].reverse()), {});
  const cl = (d: typeof x) => Object.fromEntries(d.items.map((i) => [i.id, i.cluster]));
  t.equal(cl(x).a, cl(x).b);
  t.not(cl(x).a, cl(x).c);
  t.same(cl(y), cl(x), 'cluster names do not depend on order');
});

t.test('bad rows: file, line, field; the CLI exits 2', async (t) => {
  const dir = tmp(t);
  const { retrieval: _r, ...noRetrieval } = row('b');
  const missing = writeJsonl(dir, 'missing.jsonl', [row('a'), noRetrieval]);
  await t.rejects(suite.load(missing, {}), { exitCode: 2, message: /missing\.jsonl:2 field "retrieval": missing required field/ });
  const wrong = writeJsonl(dir, 'wrong.jsonl', [{ ...row('a'), query_response_k: 7 }]);
  await t.rejects(suite.load(wrong, {}), { exitCode: 2, message: /wrong\.jsonl:1 field "query_response_k": expected string, got number 7/ });
  const task = writeJsonl(dir, 'task.jsonl', [row('a', { task: 'poem' })]);
  await t.rejects(suite.load(task, {}), {
    exitCode: 2,
    message: /task\.jsonl:1 field "task": expected "para" or "sum" or "wmt" or "stack" or "plain", got string "poem"/,
  });
  // A JSON array, as the published files are: the line where the element starts.
  const arr = join(dir, 'arr.json');
  writeFileSync(arr, JSON.stringify([row('a'), { ...row('b'), retrieval_response_j: null }], null, 4));
  await t.rejects(suite.load(arr, {}), { exitCode: 2, message: /arr\.json:9 field "retrieval_response_j": expected string, got null/ });
  const dup = writeJsonl(dir, 'dup.jsonl', [row('a'), row('a')]);
  await t.rejects(suite.load(dup, {}), { exitCode: 2, message: /dup\.jsonl:2 field "id": duplicate id "a"/ });
  for (const [file, line, field] of [
    [missing, 2, 'retrieval'],
    [wrong, 1, 'query_response_k'],
  ] as const) {
    const r = await cliIn(['run', '--suite', 'contrast', '--data', file, '--model', 'heuristic:length', '--out', join(dir, 'out'), '--no-cache', '--quiet']);
    t.equal(r.code, 2, r.stderr);
    t.ok(r.stderr.includes(`${file}:${line}`), `names ${file}:${line}\n${r.stderr}`);
    t.match(r.stderr, new RegExp(`"${field}"`));
  }
  const bad = await cliIn(['run', '--suite', 'contrast?task=poem', '--model', 'heuristic:length', '--out', join(dir, 'out'), '--no-cache', '--quiet']);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /option task must be one of auto, para, sum, wmt, stack, plain/);
});

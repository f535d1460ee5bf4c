import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { suite } from '../../src/benchmarks/pairwise/index.js';
import { evaluate, tmp, valueOf, writeJsonl } from '../support/helpers.js';

const load = (file: string) => suite.load(file, { ties: 'strict' });

t.test('RewardBench-1 rows from JSONL, JSON and CSV give the same items', async (t) => {
  const dir = tmp(t);
  const rows = [
    { id: 1, prompt: 'Say hi', chosen: 'hi', rejected: 'no', subset: 'chat' },
    { id: 2, prompt: 'Add 2+2', chosen: '4', rejected: '5', subset: 'math' },
  ];
  const jsonl = writeJsonl(dir, 'p.jsonl', rows);
  writeFileSync(join(dir, 'p.json'), JSON.stringify(rows, null, 2));
  writeFileSync(join(dir, 'p.csv'), 'id,prompt,chosen,rejected,subset\n1,Say hi,hi,no,chat\n2,"Add 2+2","4","5",math\n');
  const a = await load(jsonl);
  const b = await load(join(dir, 'p.json'));
  const c = await load(join(dir, 'p.csv'));
  const strip = (d: typeof a) => d.items.map(({ line: _line, ...rest }) => rest);
  t.same(strip(b), strip(a), 'JSON array = JSONL');
  t.same(strip(c), strip(a), 'CSV = JSONL');
  t.same(a.items[1]!.messages, [{ role: 'user', content: 'Add 2+2' }]);
  t.equal(a.items[1]!.chosen[0]!.text, '4');
  t.equal(a.items[1]!.subset, 'math');
  t.same(
    b.items.map((i) => i.line),
    [2, 9],
    'JSON array elements keep their starting lines',
  );
});

t.test('conversational rows: the last assistant turn is the response', async (t) => {
  const dir = tmp(t);
  const file = writeJsonl(dir, 'c.jsonl', [
    {
      chosen: [
        { role: 'user', content: 'Q' },
        { role: 'assistant', content: 'good' },
      ],
      rejected: [
        { role: 'user', content: 'Q' },
        { role: 'assistant', content: 'bad' },
      ],
    },
    { prompt: [{ role: 'user', content: 'Q2' }], chosen: [{ role: 'assistant', content: 'A' }], rejected: [{ role: 'assistant', content: 'B' }] },
  ]);
  const d = await load(file);
  t.same(d.items[0]!.messages, [{ role: 'user', content: 'Q' }]);
  t.equal(d.items[0]!.rejected[0]!.text, 'bad');
  t.equal(d.items[0]!.id, 'row-1', 'ids default to the line');
  t.same(d.items[1]!.messages, [{ role: 'user', content: 'Q2' }]);
  const mismatch = writeJsonl(dir, 'm.jsonl', [
    {
      chosen: [
        { role: 'user', content: 'Q' },
        { role: 'assistant', content: 'a' },
      ],
      rejected: [
        { role: 'user', content: 'other' },
        { role: 'assistant', content: 'b' },
      ],
    },
  ]);
  await t.rejects(load(mismatch), { exitCode: 2, message: /m\.jsonl:1 field "rejected": chosen and rejected continue different conversations/ });
});

t.test('bad rows: file, line, field, expectation', async (t) => {
  const dir = tmp(t);
  const f1 = writeJsonl(dir, 'a.jsonl', [
    { prompt: 'p', chosen: 'c', rejected: 'r' },
    { prompt: 'p', rejected: 'r' },
  ]);
  await t.rejects(load(f1), { exitCode: 2, message: /a\.jsonl:2 field "chosen": missing required field/ });
  const f2 = writeJsonl(dir, 'b.jsonl', [{ prompt: 'p', chosen: 3, rejected: 'r' }]);
  await t.rejects(load(f2), { exitCode: 2, message: /b\.jsonl:1 field "chosen": expected string or array, got number 3/ });
  const f3 = writeJsonl(dir, 'c.jsonl', [{ chosen: 'c', rejected: 'r' }]);
  await t.rejects(load(f3), { exitCode: 2, message: /field "prompt": missing required field/ });
  const f4 = writeJsonl(dir, 'd.jsonl', [
    { id: 'x', prompt: 'p', chosen: 'c', rejected: 'r' },
    { id: 'x', prompt: 'q', chosen: 'c', rejected: 'r' },
  ]);
  await t.rejects(load(f4), { exitCode: 2, message: /d\.jsonl:2 field "id": duplicate id "x" \(first on line 1\)/ });
});

t.test('accuracy under both tie policies, per subset and macro, against a direct count', async (t) => {
  const dir = tmp(t);
  // Lengths (chosen vs rejected): subset s: 3>1 win, 2=2 tie, 1<4 loss; subset u: 5>1 win.
  const rows = [
    { id: 'a', prompt: 'p1', chosen: 'aaa', rejected: 'b', subset: 's' },
    { id: 'b', prompt: 'p2', chosen: 'aa', rejected: 'bb', subset: 's' },
    { id: 'c', prompt: 'p3', chosen: 'a', rejected: 'bbbb', subset: 's' },
    { id: 'd', prompt: 'p4', chosen: 'aaaaa', rejected: 'b', subset: 'u' },
  ];
  const data = writeJsonl(dir, 'p.jsonl', rows);
  const strict = (await evaluate({ models: ['heuristic:length'], suites: [{ id: 'pairwise', data }] })).run;
  t.equal(valueOf(strict, { metric: 'accuracy' }), 2 / 4, 'strict: 2 wins of 4');
  t.equal(valueOf(strict, { subset: 's', metric: 'accuracy' }), 1 / 3);
  t.equal(valueOf(strict, { metric: 'accuracy_macro' }), (1 / 3 + 1) / 2, 'macro: mean of subset means');
  const half = (await evaluate({ models: ['heuristic:length'], suites: [{ id: 'pairwise', data, options: { ties: 'half' } }] })).run;
  t.equal(valueOf(half, { metric: 'accuracy' }), 2.5 / 4, 'half: the tie counts ½');
  t.equal(half.suites[0]!.options.ties, 'half', 'the tie policy is recorded in run.json');
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { createModel } from '../../src/run/models.js';
import { toScalar } from '../../src/metrics/to-scalar.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import type { PairRequest, ScoreRequest } from '../../src/core/types.js';
import { shared, tmp, writeJsonl } from '../support/helpers.js';

const ctx = (cwd: string) => ({ seed: 0, cwd });
const keyed = (item: string, candidate: string): ScoreRequest => ({ messages: [], response: '', key: { item, candidate } });
const pair = (item: string, a: string, b: string): PairRequest => ({ messages: [], a: '', b: '', key: { item, a, b } });

t.test('generic {item, candidate, score} lines, scalar and step scores', async (t) => {
  const dir = tmp(t);
  writeJsonl(dir, 's.jsonl', [
    { item: 'p1', candidate: 'chosen', score: 1.5 },
    { item: 'p1', candidate: 'rejected', score: -2 },
    { item: 'p2', candidate: 'chosen', score: [0.9, 0.8, 0.5] },
  ]);
  const loaded = await createModel(parseModelSpec('scores:s.jsonl?aggregate=prod'), ctx(dir));
  const m = loaded.model;
  t.equal(m.id, 's', 'id from the file name');
  t.equal(m.scoresByKey, true);
  const out = await m.score!([keyed('p1', 'rejected'), keyed('p2', 'chosen'), keyed('p1', 'chosen')]);
  t.same(out, [-2, [0.9, 0.8, 0.5], 1.5], 'looked up by key, in request order');
  // prod of 0.9, 0.8, 0.5 = 0.36 by hand.
  t.ok(Math.abs(toScalar(out[1]!, loaded, () => 'x') - 0.36) < 1e-12);
  await t.rejects(m.score!([keyed('p3', 'chosen')]), { exitCode: 2, message: /no score for item "p3"/ });
  t.notOk(m.compare, 'no verdicts in the file, so no compare');
});

t.test('RewardMATH results rows: repeated labels and repeated problems get #k keys', async (t) => {
  const dir = tmp(t);
  const rows = [
    { problem: 'P', solution_reference: ['human_to_GPT-4', 'm', 'm'], score: [3, 1, 2] },
    { problem: 'Q', solution_reference: ['human_to_GPT-4', 'm'], score: [0, 5] },
    { problem: 'P', solution_reference: ['human_to_GPT-4', 'm', 'm'], score: [7, 8, 9] },
  ];
  writeFileSync(join(dir, 'r.json'), JSON.stringify(rows, null, 2));
  const { model } = await createModel(parseModelSpec('scores:r.json'), ctx(dir));
  t.same(await model.score!([keyed('P', 'm#2'), keyed('P#2', 'm'), keyed('P#2', 'human_to_GPT-4'), keyed('Q', 'm')]), [2, 8, 7, 5]);
});

t.test('pairwise verdict rows answer compare, with null verdicts as losses', async (t) => {
  const dir = tmp(t);
  const rows = [{ problem: 'P', solution_reference: ['x', 'y', 'z'], score: ['A', 'A', null], chosen_position: ['A', 'B', 'A'] }];
  writeFileSync(join(dir, 'v.json'), JSON.stringify(rows));
  const { model } = await createModel(parseModelSpec('scores:v.json'), ctx(dir));
  t.notOk(model.score, 'verdicts only: no scalar scores');
  // x: verdict A, chosen at A → chosen wins (1); y: verdict A, chosen at B → loss (0); z: null → loss (0).
  t.same(await model.compare!([pair('P', 'human_to_GPT-4', 'x'), pair('P', 'human_to_GPT-4', 'y'), pair('P', 'human_to_GPT-4', 'z')]), [1, 0, 0]);
  t.same(await model.compare!([pair('P', 'x', 'human_to_GPT-4')]), [0], 'asked the other way round: 1 − P');
  t.match(model.warnings?.[0], /1 verdicts are null/);
});

t.test('RewardBench per-solution rows with Python-repr step scores', async (t) => {
  const dir = tmp(t);
  const rows = [
    { problem: 'P', solution_type: 'chosen', output: "{'step_scores': [0.5, 0.25]}" },
    { problem: 'P', solution_type: 'rejected', output: "{'step_scores': [0.1]}" },
    { problem: 'P', solution_type: 'rejected', output: "{'step_scores': [0.3]}" },
    { problem: 'Q', solution_type: 'chosen', output: "{'step_scores': [0.7]}" },
    { problem: 'P', solution_type: 'chosen', output: "{'step_scores': [1e-3]}" },
  ];
  writeFileSync(join(dir, 'ms.json'), JSON.stringify(rows));
  const { model } = await createModel(parseModelSpec('scores:ms.json'), ctx(dir));
  // Rows 1-3 are one problem (a repeated label within it is rejected#2); P after Q is P#2.
  t.same(await model.score!([keyed('P', 'chosen'), keyed('P', 'rejected#2'), keyed('Q', 'chosen'), keyed('P#2', 'chosen')]), [
    [0.5, 0.25],
    [0.3],
    [0.7],
    [0.001],
  ]);
});

t.test('a previous scores.jsonl replays, filtered by model', async (t) => {
  const dir = tmp(t);
  writeJsonl(dir, 'scores.jsonl', [
    { model: 'a', suite: 'pairwise', item: '1', key: '1', scores: { chosen: 2, rejected: 1 } },
    { model: 'b', suite: 'pairwise', item: '1', key: '1', scores: { chosen: 0, rejected: 9 } },
  ]);
  await t.rejects(createModel(parseModelSpec('scores:scores.jsonl'), ctx(dir)), { exitCode: 2, message: /several models \(a, b\)/ });
  const { model } = await createModel(parseModelSpec('scores:scores.jsonl?model=b'), ctx(dir));
  t.same(await model.score!([keyed('1', 'rejected')]), [9]);
});

t.test('malformed files fail with file, line and field', async (t) => {
  const dir = tmp(t);
  writeFileSync(join(dir, 'bad.json'), '[\n  {"problem": "P", "solution_reference": ["a", "b"], "score": [1]}\n]');
  await t.rejects(createModel(parseModelSpec('scores:bad.json'), ctx(dir)), { exitCode: 2, message: /bad\.json:2 field "\[0\]\.score": has 1 entries for 2/ });
  writeJsonl(dir, 'odd.jsonl', [{ foo: 1 }]);
  await t.rejects(createModel(parseModelSpec('scores:odd.jsonl'), ctx(dir)), { exitCode: 2, message: /unrecognised scores layout/ });
  await t.rejects(createModel(parseModelSpec('scores:missing.json'), ctx(dir)), { exitCode: 2, message: /file not found/ });
});

t.test('the published RewardMATH results files load', async (t) => {
  for (const name of ['ArmoRM_reward.json', 'Math_Shepherd_reward.json', 'gpt4o_pairwise_reward.json']) {
    const file = shared(t, `rewardmath/results/RewardMATH/${name}`);
    if (!file) return;
    const { model } = await createModel(parseModelSpec(`scores:${file}`), ctx(process.cwd()));
    t.ok(model.score || model.compare, `${name} loads`);
  }
});

t.test('a repeated (item, candidate) is exit 2 naming both lines, in every layout (issue 18)', async (t) => {
  // The last repeat used to win without a word.
  const dir = tmp(t);
  const file = (name: string) => join(dir, name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const refused = (spec: string, message: RegExp) => t.rejects(createModel(parseModelSpec(spec), ctx(dir)), { exitCode: 2, message }, spec);

  writeJsonl(dir, 'g.jsonl', [
    { item: 'p1', candidate: 'chosen', score: 1 },
    { item: 'p1', candidate: 'rejected', score: 0 },
    { item: 'p1', candidate: 'chosen', score: 2 },
  ]);
  await refused(
    'scores:g.jsonl',
    new RegExp(`^${file('g.jsonl')}:3: item "p1" candidate "chosen" is given again \\(first on line 1\\); each may have one score$`),
  );

  writeJsonl(dir, 'run.jsonl', [
    { model: 'a', suite: 'pairwise', item: '1', key: '1', scores: { chosen: 2, rejected: 1 } },
    { model: 'b', suite: 'pairwise', item: '1', key: '1', scores: { chosen: 5 } },
    { model: 'a', suite: 'pairwise', item: '1', key: '1', scores: { chosen: 3 } },
  ]);
  await refused('scores:run.jsonl?model=a', /run\.jsonl:3 field "scores\.chosen": item "1" candidate "chosen" is given again \(first on line 1\)/);
  t.ok(await createModel(parseModelSpec('scores:run.jsonl?model=b'), ctx(dir)), "another model's line with the same key is no repeat");
  writeJsonl(dir, 'verdicts.jsonl', [
    { model: 'j', suite: 'pairwise', item: '1', key: '1', verdicts: { 'chosen>rejected': 1 } },
    { model: 'j', suite: 'pairwise', item: '1', key: '1', verdicts: { 'chosen>rejected': 0 } },
  ]);
  await refused(
    'scores:verdicts.jsonl',
    /verdicts\.jsonl:2 field "verdicts\.chosen>rejected": item "1" pair "chosen" vs "rejected" is given again \(first on line 1\); each may have one verdict/,
  );

  // Repeats are numbered (P, P#2, ...), so only a label that is itself "P#2" can collide.
  writeFileSync(
    join(dir, 'r.json'),
    JSON.stringify(
      [
        { problem: 'P', solution_reference: ['human_to_GPT-4', 'm'], score: [1, 2] },
        { problem: 'P', solution_reference: ['human_to_GPT-4', 'm'], score: [3, 4] },
        { problem: 'P#2', solution_reference: ['human_to_GPT-4', 'm'], score: [5, 6] },
      ],
      null,
      1,
    ).replace(/\n\s+(?=[^{\s])/g, ' '),
  );
  await refused('scores:r.json', /r\.json:4 field "\[2\]\.score": item "P#2" candidate "human_to_GPT-4" is given again \(first on line 3\)/);

  writeFileSync(
    join(dir, 'ms.json'),
    JSON.stringify(
      [
        { problem: 'P', solution_type: 'chosen', output: "{'step_scores': [0.5]}" },
        { problem: 'P', solution_type: 'chosen', output: "{'step_scores': [0.6]}" },
        { problem: 'P', solution_type: 'chosen#2', output: "{'step_scores': [0.7]}" },
      ],
      null,
      0,
    ).replace(/},{/g, '},\n{'),
  );
  await refused('scores:ms.json', /ms\.json:3 field "\[2\]": item "P" candidate "chosen#2" is given again \(first on line 2\)/);
});

import { join } from 'node:path';
import t from 'tap';
import { suite } from '../../src/benchmarks/personalized/index.js';
import type { PersonalizedItem } from '../../src/benchmarks/personalized/data.js';
import type { Query } from '../../src/core/suite.js';
import { evaluate, root, tmp, valueOf, writeJsonl } from '../support/helpers.js';

/** Four rows in the published layout (a JSON array, as a `datasets` export): a has 12 posts, b–d fewer. */
const fixture = join(root, 'test', 'benchmarks', 'fixtures', 'personalized-published.json');
const ALL = { modes: 'none,profile,rubric', profileK: '10' };
const SCORE = { score: true, compare: false };
const COMPARE = { score: false, compare: true };

const texts = (qs: Query[]): string[] =>
  qs.map((q) =>
    JSON.stringify(q.kind === 'score' ? { m: q.request.messages, r: q.request.response } : { m: q.request.messages, a: q.request.a, b: q.request.b }),
  );

t.test('published rows: items, subsets, JSON array lines, profile cut to profileK', async (t) => {
  const d = await suite.load(fixture, ALL);
  t.same(
    d.items.map((i) => i.id),
    ['a', 'b', 'c', 'd'],
  );
  t.same(
    d.items.map((i) => i.line),
    [2, 84, 111, 143],
    'each element’s starting line',
  );
  t.same(
    d.items.map((i) => i.subset),
    ['Art_and_Entertainment', 'Art_and_Entertainment', 'Society_and_Culture', 'Society_and_Culture'],
  );
  const a = d.items[0]!;
  t.equal(a.profileSize, 12);
  t.equal(a.posts.length, 10, 'the first 10 posts');
  t.equal(a.posts[9]!.text, 'Past post 10 of user u1.');
  t.same(a.aspects, ['ASPECT-MARK slow, quiet films', 'ASPECT-MARK no horror']);
  t.match(d.warnings.join('\n'), /1 item\(s\) have more than 10 profile posts/);
  t.notOk(JSON.stringify(d.items).includes('SECRET'), 'narrative, evidence and reason are not even kept on the items');
  const k2 = await suite.load(fixture, { ...ALL, profileK: '2' });
  t.same(
    k2.items.map((i) => i.posts.length),
    [2, 2, 2, 1],
  );
});

t.test('what the model sees in each mode, written out by hand', async (t) => {
  const b = (await suite.load(fixture, ALL)).items[1]!;
  const qs = suite.plan(b, SCORE, ALL);
  t.equal(qs.length, 6, 'chosen and rejected in three modes');
  const none = [{ role: 'user', content: 'What novel should I read next?' }];
  const profile = [
    {
      role: 'user',
      content: 'What novel should I read next?\n\nPost 1 (Category: Books):\nPast post 1 of user u2.\nPost 2 (Category: Books):\nPast post 2 of user u2.',
    },
  ];
  const rubric = [
    { role: 'system', content: 'The user expects the response to address these aspects:\n- ASPECT-MARK short books' },
    { role: 'user', content: 'What novel should I read next?' },
  ];
  const expected = [none, none, profile, profile, rubric, rubric];
  qs.forEach((q, k) => {
    t.equal(q.kind, 'score');
    if (q.kind !== 'score') return;
    t.same(q.request.messages, expected[k]);
    t.equal(q.request.response, k % 2 === 0 ? b.chosen : b.rejected);
    t.notOk('context' in q.request, 'context goes in the messages, not in a side channel');
  });
  t.same(
    qs.map((q) => (q.kind === 'score' ? q.request.key!.candidate : '')),
    ['none:chosen', 'none:rejected', 'profile:chosen', 'profile:rejected', 'rubric:chosen', 'rubric:rejected'],
  );
  const cmp = suite.plan(b, COMPARE, ALL);
  t.same(
    cmp.map((q) => (q.kind === 'compare' ? [q.request.a, q.request.b, q.request.key!.a] : [])),
    ['none', 'profile', 'rubric'].flatMap((m) => [
      [b.chosen, b.rejected, `${m}:chosen`],
      [b.rejected, b.chosen, `${m}:rejected`],
    ]),
    'a judge is asked both orders in every mode',
  );
  t.same(
    suite.plan(b, SCORE, { modes: 'rubric,none' }).map((q) => (q.kind === 'score' ? q.request.key!.candidate : '')),
    ['none:chosen', 'none:rejected', 'rubric:chosen', 'rubric:rejected'],
    'modes in a fixed order',
  );
});

t.test('narrative, evidence and reason never reach the model; the rubric stays out of profile mode', async (t) => {
  const d = await suite.load(fixture, ALL);
  for (const item of d.items) {
    for (const can of [SCORE, COMPARE]) {
      const qs = suite.plan(item, can, ALL);
      for (const s of texts(qs)) t.notOk(/SECRET/.test(s), `${item.id}: no narrative/evidence/reason`);
      const profileMode = qs.filter((q) => (q.kind === 'score' ? q.request.key!.candidate : q.request.key!.a).startsWith('profile:'));
      t.equal(profileMode.length, 2);
      for (const s of texts(profileMode)) t.notOk(s.includes('ASPECT-MARK'), `${item.id}: no rubric in profile mode`);
      for (const s of texts(qs.filter((q) => q.request.messages[0]!.role === 'system'))) t.ok(s.includes('ASPECT-MARK'), 'rubric mode shows it');
    }
  }
});

/**
 * Hand-set scores (chosen, rejected) per mode:
 *        none      profile   rubric
 *   a    1, 2 ✗    3, 1 ✓    2, 2 tie
 *   b    5, 4 ✓    5, 4 ✓    6, 1 ✓
 *   c    0, 0 tie  0, 1 ✗    1, 0 ✓
 *   d    2, 3 ✗    4, 3 ✓    1, 3 ✗
 */
const SCORES: Record<string, [number, number][]> = {
  a: [
    [1, 2],
    [3, 1],
    [2, 2],
  ],
  b: [
    [5, 4],
    [5, 4],
    [6, 1],
  ],
  c: [
    [0, 0],
    [0, 1],
    [1, 0],
  ],
  d: [
    [2, 3],
    [4, 3],
    [1, 3],
  ],
};
function scoresFile(dir: string): string {
  const lines = Object.entries(SCORES).flatMap(([item, modes]) =>
    modes.flatMap(([c, r], k) => [
      { item, candidate: `${['none', 'profile', 'rubric'][k]}:chosen`, score: c },
      { item, candidate: `${['none', 'profile', 'rubric'][k]}:rejected`, score: r },
    ]),
  );
  return writeJsonl(dir, 'scores.jsonl', lines);
}

t.test('scored models: accuracy (ties are errors), ties, margin and paired gaps by hand', async (t) => {
  const scores = scoresFile(tmp(t));
  const { run, lines } = await evaluate({ models: [`scores:${scores}`], suites: [{ id: 'personalized', data: fixture }] });
  const v = (metric: string, subset?: string) => valueOf(run, { metric, ...(subset && { subset }) });
  t.equal(v('accuracy_none'), 1 / 4, 'only b wins; c’s tie is an error');
  t.equal(v('accuracy_profile'), 3 / 4);
  t.equal(v('accuracy_rubric'), 2 / 4, 'b and c; a’s tie is an error');
  t.equal(v('ties_none'), 1 / 4);
  t.equal(v('ties_profile'), 0);
  t.equal(v('ties_rubric'), 1 / 4);
  t.equal(v('margin_none'), (-1 + 1 + 0 - 1) / 4);
  t.equal(v('margin_profile'), (2 + 1 - 1 + 1) / 4);
  t.equal(v('margin_rubric'), (0 + 5 + 1 - 2) / 4);
  t.equal(v('gap_profile'), 0.5, 'per item 1, 0, 0, 1: the profile helps');
  t.equal(v('gap_rubric'), 0.25, 'per item 0, 0, 1, 0');
  t.equal(v('accuracy_profile', 'Art_and_Entertainment'), 1);
  t.equal(v('accuracy_profile', 'Society_and_Culture'), 0.5);
  t.equal(v('position_bias_none'), undefined, 'no position bias without a judge');
  t.same(lines[0]!.scores, { 'none:chosen': 1, 'none:rejected': 2, 'profile:chosen': 3, 'profile:rejected': 1, 'rubric:chosen': 2, 'rubric:rejected': 2 });
  // Drill-down: worst accuracy_profile first, then the lowest margin over modes (a −1, b 1, c −1, d −2).
  t.same(
    (run.examples ?? []).map((e) => [e.item, e.margin]),
    [
      ['c', -1],
      ['d', -2],
      ['a', -1],
      ['b', 1],
    ],
  );
  const c = run.examples![0]!;
  t.match(c.prompt, /^How do I write a toast for my sister's wedding\?\n/);
  t.match(c.prompt, /Rubric: ASPECT-MARK funny/);
  t.match(c.prompt, /profile mode: chosen 0, rejected 1/);
  t.notMatch(c.prompt, /SECRET/);
  t.same(
    c.candidates.map((x) => [x.role, x.score]),
    [
      ['chosen', 0],
      ['rejected', 1],
    ],
    'profile-mode scores beside the responses',
  );
});

t.test('modes that are not selected have no metrics', async (t) => {
  const scores = scoresFile(tmp(t));
  const two = (await evaluate({ models: [`scores:${scores}`], suites: [{ id: 'personalized', data: fixture, options: { modes: 'none,profile' } }] })).run;
  t.same([...new Set(two.results.map((r) => r.metric))].sort(), [
    'accuracy_none',
    'accuracy_profile',
    'gap_profile',
    'margin_none',
    'margin_profile',
    'ties_none',
    'ties_profile',
  ]);
  t.equal(valueOf(two, { metric: 'gap_profile' }), 0.5);
  const one = (await evaluate({ models: [`scores:${scores}`], suites: [{ id: 'personalized', data: fixture, options: { modes: 'rubric' } }] })).run;
  t.same([...new Set(one.results.map((r) => r.metric))].sort(), ['accuracy_rubric', 'margin_rubric', 'ties_rubric'], 'no gap without mode none');
  t.same(one.examples, [], 'no drill-down without the primary metric (profile mode)');
});

/** A rewardgauge scores.jsonl holding only verdicts P(a ≻ b), so the `scores:` model can compare but not score. */
function verdictsFile(dir: string, p: (item: string) => number): string {
  const rows = ['a', 'b', 'c', 'd'].map((key) => ({
    model: 'judge',
    suite: 'personalized',
    key,
    verdicts: Object.fromEntries(
      ['none', 'profile', 'rubric'].flatMap((m) => [
        [`${m}:chosen>${m}:rejected`, p(key)],
        [`${m}:rejected>${m}:chosen`, p(key)],
      ]),
    ),
  }));
  return writeJsonl(dir, 'verdicts.jsonl', rows);
}

t.test('compare-only judge that always picks position A: accuracy ½, position bias 1', async (t) => {
  const file = verdictsFile(tmp(t), () => 1);
  const { run, lines } = await evaluate({ models: [`scores:${file}`], suites: [{ id: 'personalized', data: fixture }] });
  // Chosen shown first: A wins → right (1). Chosen shown second: A (the rejected) wins → wrong (0).
  for (const m of ['none', 'profile', 'rubric']) {
    t.equal(valueOf(run, { metric: `accuracy_${m}` }), 0.5, `accuracy_${m} = (1 + 0) / 2`);
    t.equal(valueOf(run, { metric: `position_bias_${m}` }), 1, `position_bias_${m} = |1 − 0|`);
    t.equal(valueOf(run, { metric: `ties_${m}` }), 0);
    t.equal(valueOf(run, { metric: `margin_${m}` }), undefined, 'no margin without scores');
  }
  t.equal(valueOf(run, { metric: 'gap_profile' }), 0);
  t.same(lines[0]!.verdicts, {
    'none:chosen>none:rejected': 1,
    'none:rejected>none:chosen': 1,
    'profile:chosen>profile:rejected': 1,
    'profile:rejected>profile:chosen': 1,
    'rubric:chosen>rubric:rejected': 1,
    'rubric:rejected>rubric:chosen': 1,
  });
});

t.test('position bias is |mean of acc(first) − acc(second)|, not the mean of per-item |differences|', async (t) => {
  // Items a, b: always A (per item first − second = 1); c, d: always B (= −1).
  const file = verdictsFile(tmp(t), (item) => (item === 'a' || item === 'b' ? 1 : 0));
  const { run } = await evaluate({ models: [`scores:${file}`], suites: [{ id: 'personalized', data: fixture }] });
  t.equal(valueOf(run, { metric: 'position_bias_none' }), 0, 'acc(first) = acc(second) = ½ overall');
  t.equal(valueOf(run, { metric: 'position_bias_none', subset: 'Art_and_Entertainment' }), 1);
  t.equal(valueOf(run, { metric: 'position_bias_none', subset: 'Society_and_Culture' }), 1);
  t.equal(valueOf(run, { metric: 'accuracy_none' }), 0.5);
});

t.test('judge outcomes one item at a time: ties at ½, a perfect judge, the margin', async (t) => {
  const item = (await suite.load(fixture, ALL)).items[0]! as PersonalizedItem;
  const answer = (p: (a: string) => number) =>
    suite.plan(item, COMPARE, ALL).map((q) => ({ kind: 'compare' as const, value: q.kind === 'compare' ? p(q.request.a) : NaN }));
  const tie = suite.outcome(
    item,
    answer(() => 0.5),
    ALL,
  );
  t.equal(tie.values.accuracy_none, 0, 'P = ½ is a tie, and a tie is an error');
  t.equal(tie.values.ties_none, 1);
  t.equal(tie.margin, 0);
  const perfect = suite.outcome(
    item,
    answer((a) => (a === item.chosen ? 0.9 : 0.1)),
    ALL,
  );
  t.equal(perfect.values.accuracy_rubric, 1);
  t.equal(perfect.values.order_gap_rubric, 0);
  t.ok(Math.abs(perfect.margin! - 0.4) < 1e-12, 'min over modes and orders of P(chosen ≻ rejected) − ½');
  t.throws(() => suite.outcome(item, answer(() => 1).slice(1), ALL), /internal/);
});

t.test('a length baseline ignores context: every per-item gap is 0, so the paired CI is [0, 0]', async (t) => {
  const { run } = await evaluate({ models: ['heuristic:length'], suites: [{ id: 'personalized', data: fixture }] });
  // Lengths: a 40 vs 40 (tie), b 37 vs 35, c 34 vs 29, d 37 vs 33.
  t.equal(valueOf(run, { metric: 'accuracy_none' }), 3 / 4);
  const gap = run.results.find((r) => r.subset === 'all' && r.metric === 'gap_profile')!;
  t.same([gap.value, gap.ci], [0, [0, 0]]);
  const acc = run.results.find((r) => r.subset === 'all' && r.metric === 'accuracy_profile')!;
  t.ok(acc.ci[1] - acc.ci[0] > 0, 'while each accuracy on its own varies under resampling');
});

t.test('bad options are usage errors', async (t) => {
  await t.rejects(suite.load(fixture, { modes: 'none,profil' }), { exitCode: 2, message: /unknown mode "profil".*profile/ });
  await t.rejects(suite.load(fixture, { modes: ' , ' }), { exitCode: 2, message: /at least one of none, profile, rubric/ });
  await t.rejects(suite.load(fixture, { profileK: '0' }), { exitCode: 2, message: /profileK must be a positive integer, got "0"/ });
  await t.rejects(suite.load(fixture, { profileK: '2.5' }), { exitCode: 2, message: /profileK/ });
});

t.test('results do not depend on batch size', async (t) => {
  const a = (await evaluate({ models: ['heuristic:random'], suites: [{ id: 'personalized', data: fixture }] })).run;
  const b = (await evaluate({ models: ['heuristic:random?batchSize=1'], suites: [{ id: 'personalized', data: fixture }] })).run;
  t.same(b.results, a.results);
});

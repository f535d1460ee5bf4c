import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { buildPersonalized, MAX_LENGTH_GAP, type PersonalizedRow } from '../../scripts/datasets/personalized.js';
import { suite } from '../../src/benchmarks/personalized/index.js';
import { evaluate, root, tmp, valueOf, writeJsonl } from '../support/helpers.js';
import { cliIn } from '../support/in-process.js';

/** The built-in data (datasets/personalized.jsonl) and bad input through the CLI. */

const builtIn = join(root, 'datasets', 'personalized.jsonl');
const rows = readFileSync(builtIn, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as PersonalizedRow);
const manifest = JSON.parse(readFileSync(join(root, 'datasets', 'manifest.json'), 'utf8')) as { seed: number };
const cp = (s: string): number => [...s].length;

t.test('the generator is deterministic and made the committed file', async (t) => {
  const a = buildPersonalized(manifest.seed);
  const b = buildPersonalized(manifest.seed);
  t.same(a, b, 'same seed, same rows');
  t.same(a, rows, 'the committed file is the generator’s output');
  t.notSame(
    buildPersonalized(manifest.seed + 1).map((r) => r.question),
    rows.map((r) => r.question),
    'another seed deals other questions',
  );
});

t.test('at least 12 personas and 150 items in the published schema, length-matched', async (t) => {
  const personas = new Set(rows.map((r) => r.persona));
  t.ok(personas.size >= 12, `${personas.size} personas`);
  t.ok(rows.length >= 150, `${rows.length} items`);
  const keys = ['id', 'question', 'profile', 'rubric_aspects', 'narrative', 'category', 'chosen', 'rejected'];
  t.ok(rows.every((r) => keys.every((k) => k in r) && r.profile.length > 0 && r.rubric_aspects.length > 0 && r.narrative.length > 0));
  t.ok(rows.every((r) => r.profile.every((p) => typeof p.id === 'string' && p.category !== '' && p.text !== '')));
  const gaps = rows.map((r) => Math.abs(cp(r.chosen) - cp(r.rejected)) / Math.min(cp(r.chosen), cp(r.rejected)));
  t.ok(Math.max(...gaps) <= MAX_LENGTH_GAP, `largest length gap ${(100 * Math.max(...gaps)).toFixed(2)}%`);
  t.equal(rows.filter((r) => cp(r.chosen) === cp(r.rejected)).length, 0, 'no equal lengths (a tie would count against a length baseline)');
  t.equal(new Set(rows.map((r) => r.question)).size, rows.length, 'no question repeats');
});

t.test('no request in any mode holds the narrative, evidence or reason; profile mode holds no aspect', async (t) => {
  const opts = { modes: 'none,profile,rubric', profileK: '10' };
  const items = (await suite.load(builtIn, opts)).items;
  let checked = 0;
  items.forEach((item, i) => {
    const row = rows[i]!;
    const hidden = [row.narrative, ...row.rubric_aspects.flatMap((a) => [a.evidence, a.reason])];
    for (const can of [
      { score: true, compare: false },
      { score: false, compare: true },
    ]) {
      for (const q of suite.plan(item, can, opts)) {
        const text = JSON.stringify(q.request);
        if (hidden.some((h) => text.includes(h))) t.fail(`${row.id}: a hidden field reaches the model`);
        const mode = (q.kind === 'score' ? q.request.key!.candidate : q.request.key!.a).split(':')[0];
        if (mode === 'profile' && row.rubric_aspects.some((a) => text.includes(a.aspect))) t.fail(`${row.id}: the rubric reaches profile mode`);
        checked++;
      }
    }
  });
  t.equal(checked, rows.length * 12);
});

t.test('baselines on the built-in data: length and shortest ½ by construction, random near ½, against direct counts', async (t) => {
  const { run } = await evaluate({ models: ['heuristic:length', 'heuristic:shortest', 'heuristic:random'], suites: [{ id: 'personalized' }] });
  const longer = rows.filter((r) => cp(r.chosen) > cp(r.rejected)).length / rows.length;
  t.equal(longer, 0.5);
  for (const m of ['none', 'profile', 'rubric']) {
    t.equal(valueOf(run, { model: 'length', metric: `accuracy_${m}` }), longer, `length accuracy_${m}`);
    t.equal(valueOf(run, { model: 'shortest', metric: `accuracy_${m}` }), 1 - longer, `shortest accuracy_${m}`);
    const random = valueOf(run, { model: 'random', metric: `accuracy_${m}` })!;
    t.ok(Math.abs(random - 0.5) < 0.12, `random accuracy_${m} = ${random}`);
  }
  t.equal(valueOf(run, { model: 'length', metric: 'gap_profile' }), 0, 'the length of a response does not depend on the context');
  const byCategory = new Set(run.results.filter((r) => r.metric === 'accuracy_profile').map((r) => r.subset));
  t.ok(byCategory.has('Travel') && byCategory.has('persona=maya'), 'subsets by category, facets by persona');
});

const runCli = (dir: string, args: string[]) =>
  cliIn(['run', '--suite', ...args, '--model', 'heuristic:length', '--out', join(dir, 'out'), '--no-cache', '--quiet']);
const good = {
  id: 'g1',
  question: 'Q?',
  profile: [{ id: 'p1', category: 'C', text: 'post' }],
  rubric_aspects: [{ aspect: 'be brief', evidence: 'e', reason: 'r' }],
  narrative: 'n',
  category: 'C',
  chosen: 'yes',
  rejected: 'no',
};

t.test('bad rows through the CLI: exit 2 with file:line and field', async (t) => {
  const dir = tmp(t);
  const { question: _q, ...noQuestion } = good;
  const missing = writeJsonl(dir, 'missing.jsonl', [good, { ...noQuestion, id: 'g2' }]);
  const r1 = await runCli(dir, ['personalized', '--data', missing]);
  t.equal(r1.code, 2, r1.stderr);
  t.ok(r1.stderr.includes(`${missing}:2 field "question": missing required field`), r1.stderr);

  const badPost = writeJsonl(dir, 'post.jsonl', [
    {
      ...good,
      profile: [
        { id: 'p1', category: 'C', text: 'x' },
        { id: 'p2', category: 7, text: 'y' },
      ],
    },
  ]);
  const r2 = await runCli(dir, ['personalized', '--data', badPost]);
  t.equal(r2.code, 2);
  t.ok(r2.stderr.includes(`${badPost}:1 field "profile[1].category": expected string, got number 7`), r2.stderr);

  const noAspects = writeJsonl(dir, 'rubric.jsonl', [good, { ...good, id: 'g2', question: 'Q2?', rubric_aspects: [] }]);
  const r3 = await runCli(dir, ['personalized', '--data', noAspects]);
  t.equal(r3.code, 2);
  t.ok(r3.stderr.includes(`${noAspects}:2 field "rubric_aspects": no aspects, but mode "rubric"`), r3.stderr);
  t.equal((await runCli(dir, ['personalized?modes=none,profile', '--data', noAspects])).code, 0, 'fine once rubric mode is left out');

  const dup = writeJsonl(dir, 'dup.jsonl', [good, { ...good, question: 'Other?' }]);
  const r4 = await runCli(dir, ['personalized', '--data', dup]);
  t.equal(r4.code, 2);
  t.ok(r4.stderr.includes(`${dup}:2 field "id": duplicate id "g1"`), r4.stderr);

  const r5 = await runCli(dir, ['personalized?modes=none,rubrik', '--data', missing]);
  t.equal(r5.code, 2);
  t.match(r5.stderr, /unknown mode "rubrik".*rubric/);
});

t.test('a scores.jsonl from one run replays through scores: with the same numbers', async (t) => {
  const dir = tmp(t);
  const first = await cliIn(['run', '--suite', 'personalized', '--model', 'heuristic:random', '--out', join(dir, 'a'), '--no-cache', '--quiet']);
  t.equal(first.code, 0, first.stderr);
  const again = await cliIn([
    'run',
    '--suite',
    'personalized',
    '--model',
    `scores:${join(dir, 'a', 'scores.jsonl')}?id=random`,
    '--out',
    join(dir, 'b'),
    '--no-cache',
    '--quiet',
  ]);
  t.equal(again.code, 0, again.stderr);
  const results = (d: string) => (JSON.parse(readFileSync(join(dir, d, 'run.json'), 'utf8')) as { results: unknown[] }).results;
  t.same(results('b'), results('a'));
});

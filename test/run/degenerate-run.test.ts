import { join } from 'node:path';
import { Writable } from 'node:stream';
import t from 'tap';
import { mergeShards } from '../../src/run/merge.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import { writeRunDir } from '../../src/core/run-file.js';
import { runEvaluation } from '../../src/run/runner.js';
import type { Shard } from '../../src/run/shard.js';
import { tmp, writeJsonl } from '../support/helpers.js';

// Degenerate rows on a real run: a scores: model and heuristic:constant on 8 pairs whose ties are
// known by construction, the warnings (none for the baseline), and a sharded run merged back.

const pairs = Array.from({ length: 8 }, (_, k) => ({
  id: `p${k}`,
  prompt: `question ${k}`,
  chosen: `good answer ${k}`,
  rejected: `bad answer ${k}`,
  subset: k < 4 ? 'x' : 'y',
}));

/** A scores: file where the listed pairs tie (1 vs 1) and the others are won (2 vs 1). */
const scores = (dir: string, name: string, tied: readonly number[]) =>
  writeJsonl(
    dir,
    name,
    pairs.flatMap((p, k) => [
      { item: p.id, candidate: 'chosen', score: tied.includes(k) ? 1 : 2 },
      { item: p.id, candidate: 'rejected', score: 1 },
    ]),
  );

async function run(dir: string, models: string[], shard?: Shard) {
  const log: string[] = [];
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const out = await runEvaluation(
    {
      models: models.map(parseModelSpec),
      suites: [{ id: 'pairwise', data: join(dir, 'pairs.jsonl'), options: {} }],
      seed: 0,
      concurrency: 1,
      bootstrap: { samples: 20, level: 0.95 },
      cache: { dir: '', enabled: false },
      cwd: dir,
      command: [],
      config: shard ? { shard } : {},
      ...(shard && { shard }),
    },
    { stderr: sink, progress: 'off', log: (l) => log.push(l) },
  );
  return { ...out, log };
}

const cause = (r: Awaited<ReturnType<typeof run>>, model: string, subset: string, metric: string) =>
  r.run.results.find((x) => x.model === model && x.subset === subset && x.metric === metric)?.degenerate;

t.test('6 of 8 pairs tied: the rows say so, and the model warns once per metric', async (t) => {
  const dir = tmp(t);
  writeJsonl(dir, 'pairs.jsonl', pairs);
  scores(dir, 'tie.jsonl', [0, 1, 2, 3, 4, 5]);
  scores(dir, 'half.jsonl', [0, 1, 4, 5]); // two of four in each subset
  scores(dir, 'flat.jsonl', [0, 1, 2, 3, 4, 5, 6, 7]);
  const r = await run(dir, ['scores:tie.jsonl', 'scores:half.jsonl', 'scores:flat.jsonl', 'heuristic:constant']);

  t.equal(r.run.results.find((x) => x.model === 'tie' && x.subset === 'all' && x.metric === 'accuracy')?.value, 0.25, '2 of 8 won');
  t.equal(cause(r, 'tie', 'all', 'accuracy'), '75% of 8 compared items tied (the compared responses scored equal)');
  t.equal(cause(r, 'tie', 'x', 'accuracy'), 'all 4 compared items tied (the compared responses scored equal)', 'x = p0..p3, all tied');
  t.equal(cause(r, 'tie', 'y', 'accuracy'), undefined, 'y: p4, p5 of four tied, exactly half');
  const tie = r.run.models.find((m) => m.id === 'tie')!;
  const reason = 'likely the model gives many responses the same score (a coarse or saturated output), or the compared responses are identical in the data';
  t.same(tie.warnings, [
    `degenerate: pairwise / accuracy on the whole suite and 1 subset (x): 75% of 8 compared items tied (the compared responses scored equal); ${reason}`,
    `degenerate: pairwise / accuracy_macro on the whole suite: 75% of 8 compared items tied (the compared responses scored equal); ${reason}`,
  ]);
  t.ok(r.log.includes(`tie: warning: ${tie.warnings[0]}`), 'the CLI log says it too');

  t.same(
    r.run.results.filter((x) => x.model === 'half' && x.degenerate !== undefined),
    [],
    '4 of 8, 2 of 4 per subset: exactly half is not degenerate',
  );
  t.same(r.run.models.find((m) => m.id === 'half')!.warnings, []);

  t.match(r.run.models.find((m) => m.id === 'flat')!.warnings[0], /; likely a constant model: every comparison on this suite tied/);

  const constant = r.run.results.filter((x) => x.model === 'constant');
  const whole = constant.filter((x) => x.subset === 'all');
  t.same(
    whole.map((x) => [x.metric, x.degenerate]),
    [
      ['accuracy', 'all 8 compared items tied (the compared responses scored equal)'],
      ['accuracy_macro', 'all 8 compared items tied (the compared responses scored equal)'],
    ],
    'heuristic:constant: every whole-suite row marked',
  );
  t.ok(
    constant.every((x) => x.degenerate !== undefined),
    'and every subset row',
  );
  t.same(r.run.models.find((m) => m.id === 'constant')!.warnings, [], 'a trivial baseline is degenerate by design: no warning');
  t.notOk(r.log.some((l) => l.startsWith('constant: warning')));
});

t.test('merged shards carry the markers and warnings of the unsharded run', async (t) => {
  const dir = tmp(t);
  writeJsonl(dir, 'pairs.jsonl', pairs);
  scores(dir, 'tie.jsonl', [0, 1, 2, 3, 4, 5]);
  const models = ['scores:tie.jsonl', 'heuristic:constant'];
  const full = await run(dir, models);
  const dirs: string[] = [];
  for (const index of [1, 2]) {
    const part = await run(dir, models, { index, count: 2 });
    dirs.push(join(dir, `s${index}`));
    await writeRunDir(dirs.at(-1)!, part.run, part.lines);
    // A shard's lines count its own items, so they never read like the whole run's.
    for (const w of part.run.models[0]!.warnings) t.notOk(full.run.models[0]!.warnings.includes(w), `shard ${index}: ${w.slice(0, 80)}…`);
  }
  const io = { stderr: new Writable({ write: (_c, _e, cb) => cb() }), progress: 'off' as const, log: () => {} };
  const merged = await mergeShards(dirs, { cwd: dir, command: [], io });
  const markers = (rows: typeof full.run.results) => rows.map((x) => [x.model, x.subset, x.metric, x.degenerate ?? null]);
  t.ok(
    full.run.results.some((x) => x.degenerate !== undefined),
    'the unsharded run has degenerate rows',
  );
  t.strictSame(markers(merged.run.results), markers(full.run.results), 'the same rows marked, with the same causes');
  t.strictSame(
    merged.run.models.map((m) => m.warnings),
    full.run.models.map((m) => m.warnings),
    'the shards’ lines replaced by the whole run’s',
  );
});

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { readRunFile } from '../../src/core/run-file.js';
import { readScoreLines } from '../../src/core/score-line.js';
import { neighbours } from '../../src/run/neighbours.js';
import { cliIn } from '../support/in-process.js';
import { tmp, writeJsonl } from '../support/helpers.js';

/**
 * A folder of published per-item results is a whole leaderboard in one run (one model per file,
 * named by its path), and neighbours on the board get a paired bootstrap of their difference.
 * Four pairs, all in alpacaeval-easy, so the RewardBench score is the plain accuracy.
 */

// Which of the four pairs each model gets right (chosen scored above rejected).
const right = { 'org/a': [1, 1, 1, 1], 'org/b': [1, 1, 1, 0], 'other/c': [1, 0, 0, 0] } as const;

t.test('scores:FOLDER is one model per file; the board ranks them and tests each lead', async (t) => {
  const dir = tmp(t);
  const data = writeJsonl(
    dir,
    'rb1.jsonl',
    [1, 2, 3, 4].map((id) => ({ id, prompt: `prompt ${id}`, chosen: 'c', rejected: 'r', subset: 'alpacaeval-easy' })),
  );
  const results = join(dir, 'eval-set-scores');
  for (const [model, wins] of Object.entries(right)) {
    const [org, name] = model.split('/') as [string, string];
    mkdirSync(join(results, org), { recursive: true });
    writeJsonl(
      join(results, org),
      `${name}.json`,
      wins.map((w, k) => ({ id: k + 1, subset: 'alpacaeval-easy', scores_chosen: w, scores_rejected: 1 - w })),
    );
  }
  const out = join(dir, 'out');
  const r = await cliIn(['run', '--suite', 'rewardbench', '--data', data, '--model', `scores:${results}`, '--out', out, '--no-cache', '--bootstrap', '2000']);
  t.equal(r.code, 0, r.stderr);
  const run = await readRunFile(join(out, 'run.json'));
  t.same(
    run.models.map((m) => m.id),
    ['org/a', 'org/b', 'other/c'],
    'ids are the files’ paths below the folder',
  );
  const score = (m: string) => run.results.find((x) => x.model === m && x.metric === 'score' && x.subset === 'all')!.value;
  t.same([score('org/a'), score('org/b'), score('other/c')], [1, 3 / 4, 1 / 4]);

  const lines = (await readScoreLines(join(out, 'scores.jsonl'))).map((l) => l.value);
  const [ab, bc] = neighbours(run, lines, 'rewardbench');
  // a − b per pair: 0, 0, 0, 1 → Δ = 1/4; a resample without pair 4 has Δ = 0, probability (3/4)^4 = 0.316.
  t.same([ab!.upper.model, ab!.lower.model, ab!.n], ['org/a', 'org/b', 4]);
  t.equal(ab!.delta, 1 / 4);
  t.equal(ab!.interval[0], 0, 'the lower end: resamples without pair 4');
  t.ok(Math.abs(ab!.notAhead - 0.75 ** 4) < 0.05, `P(not ahead) ${ab!.notAhead} ≈ (3/4)^4`);
  // b − c per pair: 0, 1, 1, 0 → Δ = 1/2; not ahead only without pairs 2 and 3: (1/2)^4 = 0.0625.
  t.equal(bc!.delta, 1 / 2);
  t.ok(Math.abs(bc!.notAhead - 0.5 ** 4) < 0.03, `P(not ahead) ${bc!.notAhead} ≈ 1/16`);
  t.match(r.stdout, /rewardbench: the board by score, each lead over the next model by a paired bootstrap/);
  t.match(r.stdout, /^1\s+org\/a\s+1\.000 \[1\.000, 1\.000\]\s+4\s+0\.250 \[0\.000, /m);
  t.match(r.stdout, /^3\s+other\/c\s+0\.250 /m);
  // Both leads: P(Δ ≤ 0) = 0.316 and 0.0625, each above the 2.5% at the interval's lower end.
  t.match(r.stdout, /2 of 2 leads have an interval reaching 0 or below: those neighbours are not distinguishable at 95%/);

  const named = await cliIn(['run', '--suite', 'rewardbench', '--data', data, '--model', `scores:${results}?id=x`, '--out', out, '--no-cache']);
  t.equal(named.code, 2);
  t.match(named.stderr, /\?id= cannot name the 3 models of a folder/);
});

import { linkSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { tmp, writeJsonl } from '../support/helpers.js';
import { makePairs, ok } from '../cli/fixtures/cli.js';
import { cliIn } from '../support/in-process.js';

// No verb writes onto what it reads. Before the fix `report RUN --out RUN/run.json` replaced the
// run with the HTML page and `correlate RUN … --out RUN` replaced it with the correlation's, both
// exit 0. Each case here checks exit 2, both paths named, and the input byte for byte unchanged.

async function makeRun(t: Test, dir: string, name = 'run'): Promise<string> {
  const out = join(dir, name);
  const r = await cliIn(['run', '--model', 'heuristic:length', '--suite', 'pairwise', '--out', out, '--cache-dir', join(dir, 'cache'), '--quiet']);
  ok(t, r, 'the fixture run');
  return out;
}

/** Snapshot every file of `dir`, to compare after the refused command. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'latin1')]));
}

function refused(t: Test, r: { code: number | null; stderr: string }, output: string, input: string): void {
  t.equal(r.code, 2, `exit 2\n${r.stderr}`);
  t.ok(r.stderr.includes(output), `names the output ${output}`);
  t.ok(r.stderr.includes(input), `names the input ${input}`);
  t.notMatch(r.stderr, /internal error|\n\s+at /, 'no stack trace');
}

t.test('report RUN --out RUN/run.json, and --out RUN (a folder holding the input)', async (t) => {
  const dir = tmp(t);
  const run = await makeRun(t, dir);
  const before = snapshot(run);
  refused(t, await cliIn(['report', run, '--out', join(run, 'run.json')], { cwd: dir }), 'run/run.json', 'run/run.json');
  refused(t, await cliIn(['report', run, '--out', run], { cwd: dir }), 'the output run ', 'run/run.json');
  refused(t, await cliIn(['report', run, '--format', 'md', '--out', join(run, 'scores.jsonl')], { cwd: dir }), 'run/scores.jsonl', 'run/scores.jsonl');
  t.same(snapshot(run), before, 'the run folder is unchanged');
  ok(t, await cliIn(['report', run, '--out', join(run, 'index.html')], { cwd: dir }), 'writing the page beside the run is fine');
});

t.test('correlate RUN --out RUN', async (t) => {
  const dir = tmp(t);
  const run = await makeRun(t, dir);
  const before = snapshot(run);
  const r = await cliIn(['correlate', run, '--benchmark', 'pairwise:accuracy', '--outcome', 'pairwise:accuracy', '--out', run], { cwd: dir });
  refused(t, r, 'run/run.json (--out)', 'run/run.json (run ');
  t.same(snapshot(run), before);
});

t.test('through a symlink and a hard link: the same file is the same file', async (t) => {
  const dir = tmp(t);
  const run = await makeRun(t, dir);
  symlinkSync(run, join(dir, 'alias'));
  linkSync(join(run, 'run.json'), join(dir, 'hard.json'));
  const before = snapshot(run);
  refused(t, await cliIn(['merge', run, '--out', join(dir, 'alias')], { cwd: dir }), 'alias/run.json', 'run/run.json');
  refused(t, await cliIn(['report', run, '--out', join(dir, 'hard.json')], { cwd: dir }), 'hard.json', 'run/run.json');
  t.same(snapshot(run), before);
});

t.test('gate --junit/--summary onto the run, the policy or each other', async (t) => {
  const dir = tmp(t);
  const run = await makeRun(t, dir);
  const policy = join(dir, 'gate.json');
  writeFileSync(policy, JSON.stringify({ rules: [{ metric: 'accuracy', min: 0 }] }));
  const before = snapshot(run);
  refused(t, await cliIn(['gate', run, '--policy', policy, '--junit', join(run, 'scores.jsonl')], { cwd: dir }), 'run/scores.jsonl', 'run/scores.jsonl');
  refused(t, await cliIn(['gate', run, '--policy', policy, '--summary', policy], { cwd: dir }), 'gate.json (--summary)', 'gate.json (--policy)');
  refused(
    t,
    await cliIn(['gate', run, '--policy', policy], { cwd: dir, env: { GITHUB_STEP_SUMMARY: join(run, 'run.json') } }),
    'run/run.json ($GITHUB_STEP_SUMMARY)',
    'run/run.json',
  );
  const same = await cliIn(['gate', run, '--policy', policy, '--junit', join(dir, 'g.xml'), '--summary', join(dir, 'g.xml')], { cwd: dir });
  t.equal(same.code, 2, same.stderr);
  t.match(same.stderr, /--junit and --summary are the same file g\.xml/);
  t.same(snapshot(run), before);
  t.equal(JSON.parse(readFileSync(policy, 'utf8')).rules.length, 1, 'the policy is unchanged');
});

t.test('run --out onto its own data, its scores file or its config', async (t) => {
  const dir = tmp(t);
  const run = await makeRun(t, dir);
  const before = snapshot(run);
  // A previous run's scores.jsonl as a scores: model, written back into the same folder.
  const scores = await cliIn(
    ['run', '--suite', 'pairwise', '--model', `scores:${join(run, 'scores.jsonl')}?model=length`, '--out', run, '--cache-dir', join(dir, 'cache'), '-q'],
    { cwd: dir },
  );
  refused(t, scores, 'run/scores.jsonl (--out)', 'run/scores.jsonl (model scores:');
  t.same(snapshot(run), before);
  const data = writeJsonl(dir, 'pairs.jsonl', makePairs(4));
  const onData = await cliIn(
    ['run', '--suite', 'pairwise', '--data', data, '--model', 'heuristic:length', '--out', data, '--cache-dir', join(dir, 'cache'), '-q'],
    { cwd: dir },
  );
  refused(t, onData, 'pairs.jsonl/run.json', 'pairs.jsonl (the data of suite pairwise)');
  const member = await cliIn(
    [
      'run',
      '--suite',
      'pairwise',
      '--model',
      `ensemble:mean(heuristic:length,scores:${join(run, 'scores.jsonl')}?model=length)`,
      '--out',
      run,
      '--cache-dir',
      join(dir, 'cache'),
      '-q',
    ],
    { cwd: dir },
  );
  refused(t, member, 'run/scores.jsonl', 'run/scores.jsonl (model ensemble:mean(');
  t.same(snapshot(run), before);
});

t.test('probe and distance --out onto their pool', async (t) => {
  const dir = tmp(t);
  const pool = writeJsonl(dir, 'run.json', [{ id: 'q1', prompt: 'p', samples: [{ response: 'a', gold: 1 }] }]);
  const before = readFileSync(pool, 'utf8');
  refused(
    t,
    await cliIn(['probe', 'bon', '--pool', pool, '--model', 'heuristic:length', '--out', dir, '--no-cache', '-q'], { cwd: dir }),
    'run.json (--out)',
    'run.json (--pool)',
  );
  refused(
    t,
    await cliIn(['distance', '--pool', pool, '--model', 'heuristic:length', '--model', 'heuristic:random', '--out', dir, '--no-cache', '-q'], { cwd: dir }),
    'run.json (--out)',
    'run.json (--pool)',
  );
  t.equal(readFileSync(pool, 'utf8'), before, 'the pool is unchanged');
  t.same(readdirSync(dir), ['run.json'], 'nothing else written');
});

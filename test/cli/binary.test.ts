import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { tmp, writeJsonl } from '../support/helpers.js';
import { cli, makePairs, ok, readRun } from './fixtures/cli.js';

/**
 * The built binary (`dist/cli/bin.js`, what `npx rewardgauge` runs) end to end, one real job per
 * verb, each feeding the next: most CLI tests call main() in-process (test/support/in-process.ts),
 * so this is where the process itself (argv, exit codes, stdout and stderr, files) is checked.
 */

const dir = tmp(t);
const rows = makePairs(40);
const data = writeJsonl(dir, 'pairs.jsonl', rows);
// Independent of the CLI: heuristic:length prefers the longer response; ties count 0 (strict).
const expected = rows.filter((r) => r.chosen.length > r.rejected.length).length / rows.length;
const runArgs = ['run', '--suite', 'pairwise', '--data', data, '--model', 'heuristic:length', '--bootstrap', '50', '--no-cache', '--quiet'];

t.test('run, then the same run in two shards joined by merge', async (t) => {
  const r = cli([...runArgs, '--out', join(dir, 'full')]);
  if (!ok(t, r, 'run')) return;
  t.match(r.stdout, join(dir, 'full'), 'quiet: just the output paths');
  const acc = readRun(join(dir, 'full')).results.find((x) => x.metric === 'accuracy' && x.subset === 'all');
  t.equal(acc?.value, expected, 'accuracy as counted here');
  for (const s of ['1/2', '2/2']) ok(t, cli([...runArgs, '--shard', s, '--out', join(dir, `s${s[0]}`)]), `shard ${s}`);
  const m = cli(['merge', join(dir, 's1'), join(dir, 's2'), '--out', join(dir, 'merged')]);
  if (!ok(t, m, 'merge')) return;
  t.equal(
    readRun(join(dir, 'merged')).results.find((x) => x.metric === 'accuracy' && x.subset === 'all')?.value,
    expected,
    'merged shards give the same accuracy',
  );
});

t.test('validate, report and gate read the run', async (t) => {
  const v = cli(['validate', join(dir, 'full')]);
  t.equal(v.code, 0, v.stderr);
  t.match(v.stdout, /^ok {2}/);
  const html = join(dir, 'page.html');
  ok(t, cli(['report', join(dir, 'full'), '--out', html]), 'report');
  t.ok(existsSync(html) && readFileSync(html, 'utf8').includes('<html'), 'an HTML page');
  const policy = join(dir, 'policy.json');
  writeFileSync(policy, JSON.stringify({ rules: [{ model: 'length', suite: 'pairwise', min: expected + 0.01 }] }));
  const g = cli(['gate', join(dir, 'full'), '--policy', policy], { env: { GITHUB_STEP_SUMMARY: '' } });
  t.equal(g.code, 1, `a rule above the model's accuracy fails the gate: exit 1\n${g.stdout}${g.stderr}`);
});

t.test('score, verify and ls answer on stdout', async (t) => {
  const s = cli(['score', '--model', 'heuristic:length', '--prompt', 'hi', '--response', 'hello', '--no-cache']);
  t.equal(s.code, 0, s.stderr);
  t.match(s.stdout, /\b5\b/, 'the length of "hello"');
  const input = writeJsonl(dir, 'verify.jsonl', [
    { gold: '\\frac{1}{2}', response: 'so \\boxed{\\frac{2}{4}}' },
    { gold: '3', response: '\\boxed{4}' },
  ]);
  const v = cli(['verify', '--input', input]);
  t.equal(v.code, 0, v.stderr);
  t.same(
    v.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { correct: boolean }).correct),
    [true, false],
    'one verdict line per input line',
  );
  const l = cli(['ls']);
  t.equal(l.code, 0, l.stderr);
  t.match(l.stdout, /pairwise/);
});

t.test('a usage error is exit 2 with one line on stderr and nothing on stdout', async (t) => {
  const r = cli(['run', '--suite', 'pairwise', '--data', join(dir, 'missing.jsonl'), '--model', 'heuristic:length', '--out', join(dir, 'x')]);
  t.equal(r.code, 2);
  t.equal(r.stdout, '');
  t.match(r.stderr, /^rewardgauge: error: .*missing\.jsonl/);
});

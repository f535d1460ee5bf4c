import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import type { RunFile } from '../../src/core/run-schema.js';
import { tmp } from '../support/helpers.js';
import { cliIn } from '../support/in-process.js';

const run = (dir: string, out: string, ...models: string[]) =>
  cliIn(['run', '--suite', 'pairwise', ...models.flatMap((m) => ['--model', m]), '--bootstrap', '100', '--no-cache', '--out', join(dir, out), '-q']);

t.test('run writes index.html beside run.json; report merges runs into one page and a Markdown table', async (t) => {
  const dir = tmp(t);
  t.equal((await run(dir, 'a', 'heuristic:length', 'heuristic:random')).code, 0);
  t.equal((await run(dir, 'b', 'heuristic:shortest')).code, 0);
  t.ok(existsSync(join(dir, 'a', 'index.html')));
  const r = await cliIn(['report', join(dir, 'a'), join(dir, 'b', 'run.json'), '--out', join(dir, 'board.html')]);
  t.equal(r.code, 0, r.stderr);
  const page = readFileSync(join(dir, 'board.html'), 'utf8');
  for (const id of ['length', 'random', 'shortest']) t.match(page, `<span class="model">${id}</span>`);

  const md = await cliIn(['report', join(dir, 'a'), join(dir, 'b'), '--format', 'md']);
  t.equal(md.code, 0, md.stderr);
  const a = JSON.parse(readFileSync(join(dir, 'a', 'run.json'), 'utf8')) as RunFile;
  const row = a.results.find((x) => x.model === 'length' && x.suite === 'pairwise' && x.subset === 'all' && x.metric === 'accuracy')!;
  const line = md.stdout.split('\n').find((l) => l.includes('_length_'));
  t.ok(line?.includes(`${row.value.toFixed(3)} [${row.ci[0].toFixed(3)}, ${row.ci[1].toFixed(3)}]`), line ?? 'no _length_ row');
  t.equal(md.stdout.split('\n').filter((l) => /^\| \d+ \|/.test(l)).length, 3, 'three model rows');
});

t.test('bad input exits 2 with a message naming the problem', async (t) => {
  const dir = tmp(t);
  t.equal((await run(dir, 'a', 'heuristic:length')).code, 0);
  const missing = await cliIn(['report', join(dir, 'nope'), '--out', join(dir, 'x.html')]);
  t.equal(missing.code, 2);
  t.match(missing.stderr, /nope/);
  const badFormat = await cliIn(['report', join(dir, 'a'), '--format', 'pdf']);
  t.equal(badFormat.code, 2);
  t.match(badFormat.stderr, /--format must be one of html, md, junit/);
  const badWeights = await cliIn(['report', join(dir, 'a'), '--weights', 'pairwise=-1']);
  t.equal(badWeights.code, 2);
  t.match(badWeights.stderr, /--weights: expected SUITE=WEIGHT/);
  const noRuns = await cliIn(['report']);
  t.equal(noRuns.code, 2);
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, JSON.stringify({ schemaVersion: 1, results: [{ model: 'm' }] }));
  const invalid = await cliIn(['report', broken]);
  t.equal(invalid.code, 2);
  t.match(invalid.stderr, /broken\.json/);
  const junit = await cliIn(['report', join(dir, 'a'), '--format', 'junit']);
  t.equal(junit.code, 2);
  t.match(junit.stderr, /--format junit needs --policy/);
});

t.test('--format junit: the gate policy’s rules as test cases, a failing one with its failure', async (t) => {
  const dir = tmp(t);
  t.equal((await run(dir, 'a', 'heuristic:length', 'heuristic:shortest')).code, 0);
  const a = JSON.parse(readFileSync(join(dir, 'a', 'run.json'), 'utf8')) as RunFile;
  const acc = (m: string) => a.results.find((x) => x.model === m && x.suite === 'pairwise' && x.subset === 'all' && x.metric === 'accuracy')!.value;
  // A floor between the two baselines' accuracies: one passes, one fails.
  const floor = (acc('length') + acc('shortest')) / 2;
  const policy = join(dir, 'gate.json');
  writeFileSync(
    policy,
    JSON.stringify({
      rules: [
        { model: 'length', suite: 'pairwise', min: floor },
        { model: 'shortest', suite: 'pairwise', min: floor },
      ],
    }),
  );
  const r = await cliIn(['report', join(dir, 'a'), '--format', 'junit', '--policy', policy]);
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout.match(/<testcase /g)?.length, 2);
  t.equal(r.stdout.match(/<failure /g)?.length, 1, 'exactly one of the two fails');
  const failing = acc('length') < floor ? 'length' : 'shortest';
  t.match(r.stdout, new RegExp(`<testcase classname="rewardgauge.gate.pairwise" name="${failing} / all / accuracy">\\s*<failure`));
  t.equal((await cliIn(['report', join(dir, 'a'), join(dir, 'a'), '--format', 'junit', '--policy', policy])).code, 2, 'one run only');
});

t.test('merged runs that do not share every suite: --overall, --weights S=0 and --rank-by, with the rules on the terminal', async (t) => {
  const dir = tmp(t);
  const suites = (...ids: string[]) => ids.flatMap((id) => ['--suite', id]);
  const runIn = (out: string, model: string, ...ids: string[]) =>
    cliIn(['run', ...suites(...ids), '--model', model, '--bootstrap', '100', '--no-cache', '--out', join(dir, out), '-q']);
  t.equal((await runIn('a', 'heuristic:length', 'pairwise', 'contrast')).code, 0);
  t.equal((await runIn('b', 'heuristic:random', 'pairwise')).code, 0);
  const a = JSON.parse(readFileSync(join(dir, 'a', 'run.json'), 'utf8')) as RunFile;
  const primary = (suite: string) => {
    const metric = a.suites.find((s) => s.id === suite)!.primaryMetric;
    return a.results.find((x) => x.model === 'length' && x.suite === suite && x.subset === 'all' && x.metric === metric)!;
  };
  const [p, c] = [primary('pairwise'), primary('contrast')];
  const report = (...args: string[]) => cliIn(['report', join(dir, 'a'), join(dir, 'b'), ...args]);

  const common = await report('--out', join(dir, 'common.html'));
  t.equal(common.code, 0, common.stderr);
  t.match(common.stdout, 'overall = weighted mean of primary metrics over the suites every model has (--overall common): pairwise 1; left out: contrast');
  t.match(common.stdout, 'ranked by overall\n');

  // --overall all: length averages both suites; the CI half-width for equal weights is √(h_p² + h_c²) / 2 (z cancels).
  const all = await report('--overall', 'all', '--format', 'md');
  t.equal(all.code, 0, all.stderr);
  t.match(all.stderr, '(--overall all)', 'the rule goes to stderr when stdout is the report');
  const value = (p.value + c.value) / 2;
  const half = Math.hypot((p.ci[1] - p.ci[0]) / 2, (c.ci[1] - c.ci[0]) / 2) / 2;
  const line = all.stdout.split('\n').find((l) => l.includes('_length_'))!;
  t.match(line, `| ${value.toFixed(3)} [${(value - half).toFixed(3)}, ${(value + half).toFixed(3)}] |`, line);

  const zero = await report('--weights', 'contrast=0', '--format', 'md');
  t.equal(zero.code, 0, zero.stderr);
  t.match(zero.stderr, 'left out: contrast (weight 0)');
  t.equal((await report('--weights', 'pairwise=0,contrast=0', '--format', 'md')).code, 2, 'all zeros: nothing left');

  const ranked = await report('--rank-by', 'contrast', '--format', 'md');
  t.equal(ranked.code, 0, ranked.stderr);
  t.match(ranked.stderr, `ranked by contrast ${a.suites.find((s) => s.id === 'contrast')!.primaryMetric}`);
  const bad = await report('--rank-by', 'contrast:nope', '--format', 'md');
  t.equal(bad.code, 2);
  t.match(bad.stderr, /--rank-by: suite "contrast" has no metric "nope"; available: /);
});

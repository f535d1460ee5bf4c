import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { tmp, writeJsonl } from '../support/helpers.js';
import { makePairs, ok } from './fixtures/cli.js';
import { cliIn } from '../support/in-process.js';

// `rewardgauge validate`: run folders, run.json, config files and datasets.

/** A real run folder, a config and a dataset, made once for the whole file. */
async function setup(t: Test) {
  const dir = tmp(t);
  const rows = makePairs(6).map((r, i) => ({ ...r, prompt: `distinct prompt ${i}` }));
  const data = writeJsonl(dir, 'pairs.jsonl', rows);
  const config = join(dir, 'rg.json');
  writeFileSync(
    config,
    JSON.stringify({ models: ['heuristic:length'], suites: [{ id: 'pairwise', data: 'pairs.jsonl' }], seed: 3, bootstrap: { samples: 50 } }, null, 2) + '\n',
  );
  const out = join(dir, 'out');
  const r = await cliIn(['run', '--config', config, '--out', out, '--cache-dir', join(dir, 'cache'), '--quiet']);
  ok(t, r, 'the run that makes the run folder');
  return { dir, rows, data, config, out };
}
const made = await setup(t);

t.test('a good run folder, run.json, config and dataset, each guessed from content → exit 0, ok lines', async (t) => {
  const { data, config, out } = made;
  const files = [out, join(out, 'run.json'), config, data];
  const r = await cliIn(['validate', ...files]);
  t.equal(r.code, 0, `exit 0\n${r.stdout}${r.stderr}`);
  for (const f of files)
    t.ok(
      r.stdout.split('\n').some((l) => l.startsWith(`ok  ${f}:`)),
      `an ok line for ${f}`,
    );
  t.match(r.stdout, /: run \(1 models, 1 suites, \d+ results\)/);
  t.match(r.stdout, /: config$/m);
});

t.test('with --kind, run folders and configs validate', async (t) => {
  const { rows, data, config, out } = made;
  const run = await cliIn(['validate', '--kind', 'run', out]);
  t.equal(run.code, 0, 'a run folder');
  // accuracy over all, accuracy_macro (two or more subsets), and accuracy per subset.
  const subsets = new Set(rows.map((r) => r.subset)).size;
  t.equal(subsets, 3);
  const results = 1 + 1 + subsets;
  t.match(run.stdout, new RegExp(`^ok  ${out}: run \\(1 models, 1 suites, ${results} results\\)`, 'm'), `${results} result rows`);
  const cfg = await cliIn(['validate', '--kind', 'config', config]);
  t.equal(cfg.code, 0, 'a config');
  t.match(cfg.stdout, /^ok .*: config$/m);
  const ds = await cliIn(['validate', '--suite', 'pairwise', data]);
  t.equal(ds.code, 0, 'a dataset');
  t.match(ds.stdout, /^ok .*: pairwise dataset, layout pairwise, 6 items/m);
});

t.test('a dataset whose prompts are all distinct gets no "repeat an earlier prompt" warning', async (t) => {
  const dir = tmp(t);
  const rows = [
    { id: 'a', prompt: 'first prompt', chosen: 'yes', rejected: 'no' },
    { id: 'b', prompt: 'second prompt', chosen: 'sure', rejected: 'nah' },
  ];
  const data = writeJsonl(dir, 'distinct.jsonl', rows);
  const r = await cliIn(['validate', '--suite', 'pairwise', data]);
  t.equal(r.code, 0);
  t.notMatch(r.stdout, /repeat an earlier prompt/, `no repeat warning: ${r.stdout}`);
  const withRepeat = writeJsonl(dir, 'repeat.jsonl', [...rows, { id: 'c', prompt: 'first prompt', chosen: 'again', rejected: 'x' }]);
  const rr = await cliIn(['validate', '--suite', 'pairwise', withRepeat]);
  t.match(rr.stdout, /\b1 item\(s\) repeat an earlier prompt/, `exactly one item repeats a prompt: ${rr.stdout}`);
});

t.test('a run.json whose result row lacks ci → exit 2 naming results[0].ci', async (t) => {
  const { dir, out } = made;
  const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { results: Record<string, unknown>[] };
  delete run.results[0]!.ci;
  const bad = join(dir, 'no-ci.json');
  writeFileSync(bad, JSON.stringify(run, null, 2));
  const r = await cliIn(['validate', '--kind', 'run', bad]);
  t.equal(r.code, 2);
  t.match(r.stdout, /^bad /m);
  t.match(r.stdout, /field "results\[0\]\.ci": missing required field/);
  t.match(r.stderr, /1 of 1 file\(s\) failed validation/);
  // Guessed from content, the same problem is found.
  const guessed = await cliIn(['validate', bad]);
  t.equal(guessed.code, 2);
  t.match(guessed.stdout, /results\[0\]\.ci/, `guessed: ${guessed.stdout}`);
});

t.test('a run.json with a one-number ci → exit 2 naming the field', async (t) => {
  const { dir, out } = made;
  const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { results: Record<string, unknown>[] };
  run.results[0]!.ci = [0.5];
  const bad = join(dir, 'short-ci.json');
  writeFileSync(bad, JSON.stringify(run));
  const r = await cliIn(['validate', '--kind', 'run', bad]);
  t.equal(r.code, 2);
  t.match(r.stdout, /results\[0\]\.ci/);
});

t.test('a dataset with a wrong type → exit 2 with file:line', async (t) => {
  const dir = tmp(t);
  const rows = makePairs(3);
  const file = writeJsonl(dir, 'bad.jsonl', [rows[0], rows[1], { ...rows[2], rejected: false }]);
  const r = await cliIn(['validate', '--suite', 'pairwise', file]);
  t.equal(r.code, 2);
  t.ok(r.stdout.includes(`bad ${file}: ${file}:3 field "rejected"`), `names ${file}:3 and the field\n${r.stdout}`);
  t.match(r.stdout, /got boolean false/);
  const guessed = await cliIn(['validate', file]);
  t.equal(guessed.code, 2, 'also when the suite is guessed');
  t.ok(guessed.stdout.includes(`${file}:3`));
});

t.test('several files: every one gets a line, the exit code is the first failure', async (t) => {
  const dir = tmp(t);
  const rows = makePairs(2);
  const good = writeJsonl(dir, 'good.jsonl', rows);
  const bad = writeJsonl(dir, 'bad.jsonl', [{ ...rows[0], chosen: '' }]);
  const r = await cliIn(['validate', '--suite', 'pairwise', bad, good, join(dir, 'missing.jsonl')]);
  t.equal(r.code, 2);
  t.match(r.stdout, new RegExp(`^bad ${bad}: .*"chosen"`, 'm'));
  t.match(r.stdout, new RegExp(`^ok  ${good}:`, 'm'));
  t.match(r.stdout, /missing\.jsonl: file not found/);
  t.match(r.stderr, /2 of 3 file\(s\) failed validation/);
});

t.test('validate without files, or with a bad --kind → exit 2', async (t) => {
  t.equal((await cliIn(['validate'])).code, 2);
  const r = await cliIn(['validate', '--kind', 'model', 'x.json']);
  t.equal(r.code, 2);
  t.match(r.stderr, /--kind must be one of run, config, policy, dataset/);
});

t.test('gate policies: a good one is ok, a bad key is exit 2 naming the field', async (t) => {
  const dir = tmp(t);
  const good = join(dir, 'gate.json');
  writeFileSync(good, JSON.stringify({ rules: [{ suite: 'pairwise', min: 0.6 }, { maxDrop: 0.02 }] }));
  const r = await cliIn(['validate', good]);
  t.equal(r.code, 0, r.stdout + r.stderr);
  t.match(r.stdout, /: gate policy \(2 rules\)/);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ rules: [{ suite: 'pairwise', maxdrop: 0.02, min: 0.5 }] }));
  const b = await cliIn(['validate', bad]);
  t.equal(b.code, 2);
  t.match(b.stdout, /bad\.json.*rules\[0\]/);
});

import { join } from 'node:path';
import t from 'tap';
import { suiteLines } from '../../src/cli/ls.js';
import { tmp, writeJsonl } from '../support/helpers.js';
import { cacheLines, codePoints } from './fixtures/cli.js';
import { cliIn } from '../support/in-process.js';

// `rewardgauge score` (one JSON line per model and response) and `rewardgauge ls`.

const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);

t.test('score --prompt --response: {"model":"length","index":0,"score":5} for "héllo"', async (t) => {
  const dir = tmp(t);
  const response = 'h\u00e9llo'; // é precomposed: 5 code points
  t.equal(codePoints(response), 5);
  const r = await cliIn(['score', '--model', 'heuristic:length', '--prompt', 'hi', '--response', response, '--cache-dir', join(dir, 'cache')]);
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout, '{"model":"length","index":0,"score":5}\n');
  // Decomposed (e + combining acute) is 6 code points: the count is of code points, not glyphs.
  const d = await cliIn(['score', '-m', 'heuristic:length', '-p', 'hi', '-r', 'he\u0301llo', '--no-cache']);
  t.same(lines(d.stdout), [{ model: 'length', index: 0, score: 6 }]);
});

const inputs = [
  { prompt: 'What is 2+2?', response: 'four' },
  {
    prompt: [
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'Say hi' },
    ],
    response: '👋 hi 日本',
  },
  { prompt: 'Empty answer?', response: '' },
];

t.test('score --input FILE with 3 rows, one model', async (t) => {
  const dir = tmp(t);
  const file = writeJsonl(dir, 'in.jsonl', inputs);
  const r = await cliIn(['score', '--model', 'heuristic:length', '--input', file, '--cache-dir', join(dir, 'cache')]);
  t.equal(r.code, 0, r.stderr);
  t.same(
    lines(r.stdout),
    inputs.map((x, index) => ({ model: 'length', index, score: codePoints(x.response) })),
  );
  t.equal(cacheLines(join(dir, 'cache')), 3, 'three scores cached');
});

t.test('score with two models: one line per (model, response), in model order', async (t) => {
  const dir = tmp(t);
  const file = writeJsonl(dir, 'in.jsonl', inputs);
  const r = await cliIn(['score', '-m', 'heuristic:length', '-m', 'heuristic:shortest', '-i', file, '--cache-dir', join(dir, 'cache')]);
  t.equal(r.code, 0, r.stderr);
  t.same(lines(r.stdout), [
    ...inputs.map((x, index) => ({ model: 'length', index, score: codePoints(x.response) })),
    ...inputs.map((x, index) => ({ model: 'shortest', index, score: -codePoints(x.response) })),
  ]);
  // Two models of the same kind get distinct ids.
  const same = await cliIn(['score', '-m', 'heuristic:constant?value=2', '-m', 'heuristic:constant?value=-1.5', '-p', 'a', '-r', 'b', '--no-cache']);
  t.same(lines(same.stdout), [
    { model: 'constant', index: 0, score: 2 },
    { model: 'constant-2', index: 0, score: -1.5 },
  ]);
});

t.test('score: bad usage and bad input', async (t) => {
  const dir = tmp(t);
  const noModel = await cliIn(['score', '-p', 'a', '-r', 'b', '--no-cache']);
  t.equal(noModel.code, 2, 'no --model');
  t.match(noModel.stderr, /--model/);
  const half = await cliIn(['score', '-m', 'heuristic:length', '-p', 'a', '--no-cache']);
  t.equal(half.code, 2, '--prompt without --response');
  t.match(half.stderr, /--prompt and --response go together/);
  const file = writeJsonl(dir, 'bad.jsonl', [inputs[0], { prompt: 'x', response: 7 }]);
  const bad = await cliIn(['score', '-m', 'heuristic:length', '-i', file, '--no-cache']);
  t.equal(bad.code, 2, 'a bad input row');
  t.ok(bad.stderr.includes(`${file}:2`), 'names file:line');
  t.match(bad.stderr, /"response"/);
  const nan = await cliIn(['score', '-m', 'heuristic:constant?value=NaN', '-p', 'a', '-r', 'b', '--no-cache']);
  t.equal(nan.code, 3, 'a NaN score is a model failure');
});

t.test('ls lists the suites, the adapters and the metrics with formulas', async (t) => {
  const r = await cliIn(['ls']);
  t.equal(r.code, 0);
  // Sections are an upper-case title line, then their lines, separated by blank lines.
  const sections = new Map(r.stdout.split(/\n\n(?=[A-Z]+\n)/).map((part) => [part.slice(0, part.indexOf('\n')), part.slice(part.indexOf('\n') + 1)]));
  const section = (name: string): string => {
    t.ok(sections.has(name), `has a ${name} section`);
    return sections.get(name) ?? '';
  };
  const suites = section('SUITES');
  for (const id of ['pairwise', 'best-of-n', 'rewardmath']) t.match(suites, new RegExp(`^${id} \\(v\\d+\\)`, 'm'), `suite ${id}`);
  t.match(suites, /\?ties=.*strict\|half/, 'pairwise’s tie option and its values');
  t.match(suites, /^pairwise \(v\d+\) .*\n    built-in data: datasets\/pairwise\.jsonl$/m, 'a built-in suite names its file');
  t.match(
    suites,
    /^rm-bench \(v1\) .*\n    preset: THU-KEG\/RM-Bench@a0f737936b99411e96d891699349a9570b39c82e train \(total_dataset\.json\)\n    reference: Liu et al\. 2024/m,
    'a preset shows its Hub source and reference',
  );
  t.match(suites, /^rewardmath-official \(v1\) .*\n    preset: RewardMATH\/RewardMATH@main test, 4,830 rows$/m, 'and its documented row count');
  t.notMatch(suites, /built-in data: datasets\/hf:/, 'no Hub URI shown as a built-in file');
  const adapters = section('ADAPTERS');
  for (const id of ['heuristic', 'scores']) t.match(adapters, new RegExp(`^${id}:`, 'm'), `adapter ${id}`);
  for (const opt of ['value', 'delayMs', 'aggregate']) t.match(adapters, new RegExp(`\\?${opt}=`), `option ?${opt}=`);
  const metrics = section('METRICS');
  t.match(metrics, /^pairwise:\n\s+accuracy \(primary\)\s+.*1\[s_chosen > s_rejected\]/m, 'pairwise accuracy formula');
  t.match(metrics, /^best-of-n:\n\s+accuracy \(primary\)\s+.*1 \/ \(1 \+ #\{/m, 'best-of-n partial-credit formula');
  t.match(metrics, /^\s+mrr\s+.*1 \/ \(1 \+ #\{rejected ≥ chosen\}\)/m, 'rewardmath MRR formula');
  t.match(metrics, /accuracy_with_ties\s+.*1\[chosen ≥ every rejected\]/, 'rewardmath accuracy_with_ties formula');
  t.match(section('AGGREGATORS'), /\bprod\b/);
});

t.test('ls TOPIC lists only that topic; an unknown topic exits 2', async (t) => {
  const r = await cliIn(['ls', 'adapters']);
  t.equal(r.code, 0);
  t.match(r.stdout, /^ADAPTERS\n/);
  t.notMatch(r.stdout, /SUITES|METRICS/);
  const bad = await cliIn(['ls', 'suite']);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /did you mean "suites"/i);
});

t.test('ls suites entries, in-process: a preset’s source, rows and reference replace the built-in data line', async (t) => {
  const base = { version: '2', description: 'd', options: {} };
  t.same(suiteLines('x', { ...base, defaultData: 'x.jsonl' }), ['x (v2)  d', '    built-in data: datasets/x.jsonl']);
  t.same(
    suiteLines('y', { ...base, defaultData: 'hf://datasets/o/n@main/test' }),
    ['y (v2)  d', '    data: hf://datasets/o/n@main/test'],
    'a Hub URI without preset facts',
  );
  const preset = { dataset: 'o/n', revision: 'abc123', split: 'default/test', rows: 1327, reference: 'Someone 2024 (o/n scripts/x.py)' };
  t.same(suiteLines('z', { ...base, defaultData: 'hf://datasets/o/n@abc123/test', preset }), [
    'z (v2)  d',
    '    preset: o/n@abc123 default/test, 1,327 rows',
    '    reference: Someone 2024 (o/n scripts/x.py)',
  ]);
  const { rows: _, ...unknownRows } = preset;
  t.equal(
    suiteLines('z', { ...base, defaultData: 'hf://x', preset: unknownRows })[1],
    '    preset: o/n@abc123 default/test',
    'no row count when none is documented',
  );
});

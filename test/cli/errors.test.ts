import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { shared, tmp, writeJsonl } from '../support/helpers.js';
import { makePairs, ok, readRun } from './fixtures/cli.js';
import { cliIn } from '../support/in-process.js';

// Bad input exits 2 and says where; a failing model exits 3 and names the item; nothing already
// cached is lost when a run fails.

const good = { id: 'g1', prompt: 'p', chosen: 'a good answer', rejected: 'bad' };

async function run(dir: string, extra: string[]) {
  return cliIn(['run', '--out', join(dir, 'out'), '--cache-dir', join(dir, 'cache'), '--quiet', ...extra]);
}

t.test('a malformed JSON line 3 → exit 2 with <file>:3', async (t) => {
  const dir = tmp(t);
  const file = join(dir, 'bad.jsonl');
  writeFileSync(
    file,
    [JSON.stringify(good), JSON.stringify({ ...good, id: 'g2' }), '{"id": "g3", "prompt": "p", "chosen": oops}', JSON.stringify({ ...good, id: 'g4' })].join(
      '\n',
    ) + '\n',
  );
  const r = await run(dir, ['--suite', 'pairwise', '--data', file, '--model', 'heuristic:length']);
  t.equal(r.code, 2);
  t.ok(r.stderr.includes(`${file}:3`), `stderr names ${file}:3\n${r.stderr}`);
  t.notOk(r.stderr.includes(`${file}:2`), 'not line 2');
  t.match(r.stderr, /invalid JSON/);
});

t.test('a row missing "chosen" on line 2 → exit 2 naming :2 and chosen', async (t) => {
  const dir = tmp(t);
  const { chosen: _c, ...noChosen } = good;
  const file = writeJsonl(dir, 'miss.jsonl', [good, { ...noChosen, id: 'g2' }, { ...good, id: 'g3' }]);
  const r = await run(dir, ['--suite', 'pairwise', '--data', file, '--model', 'heuristic:length']);
  t.equal(r.code, 2);
  t.ok(r.stderr.includes(`${file}:2`), `stderr has ${file}:2\n${r.stderr}`);
  t.match(r.stderr, /chosen/);
  t.match(r.stderr, /missing/);
});

t.test('"chosen" of the wrong type → exit 2 naming the field and the expected type', async (t) => {
  const dir = tmp(t);
  const file = writeJsonl(dir, 'type.jsonl', [good, { ...good, id: 'g2', chosen: 42 }]);
  const r = await run(dir, ['--suite', 'pairwise', '--data', file, '--model', 'heuristic:length']);
  t.equal(r.code, 2);
  t.ok(r.stderr.includes(`${file}:2`), 'names the line');
  t.match(r.stderr, /"chosen"/);
  t.match(r.stderr, /expected string/);
  t.match(r.stderr, /got number 42/);
  // best-of-n wants a string or a list of strings.
  const bon = writeJsonl(dir, 'bon.jsonl', [{ id: 'b1', prompt: 'p', chosen: 'x', rejected: [1, 2] }]);
  const b = await run(dir, ['--suite', 'best-of-n', '--data', bon, '--model', 'heuristic:length']);
  t.equal(b.code, 2);
  t.ok(b.stderr.includes(`${bon}:1`), 'best-of-n: names the line');
  t.match(b.stderr, /rejected/);
  t.match(b.stderr, /expected string/);
});

t.test('unknown suite "pairwize" → exit 2 suggesting pairwise', async (t) => {
  const dir = tmp(t);
  const r = await run(dir, ['--suite', 'pairwize', '--model', 'heuristic:length']);
  t.equal(r.code, 2);
  t.match(r.stderr, /unknown suite "pairwize"/);
  t.match(r.stderr, /did you mean "pairwise"/i);
});

t.test('unknown model option or heuristic → exit 2 with a suggestion', async (t) => {
  const dir = tmp(t);
  const data = writeJsonl(dir, 'ok.jsonl', [good]);
  const base = ['--suite', 'pairwise', '--data', data];
  const opt = await run(dir, [...base, '--model', 'heuristic:length?delayMS=5']);
  t.equal(opt.code, 2, 'unknown option');
  t.match(opt.stderr, /delayMS/);
  t.match(opt.stderr, /did you mean "delayMs"/i);
  const variant = await run(dir, [...base, '--model', 'heuristic:lenght']);
  t.equal(variant.code, 2, 'unknown heuristic');
  t.match(variant.stderr, /did you mean "length"/i);
});

t.test('bad numeric flags → exit 2 naming the flag', async (t) => {
  const dir = tmp(t);
  const data = writeJsonl(dir, 'ok.jsonl', [good]);
  for (const [flag, v] of [
    ['--batch-size', '0'],
    ['--ci-level', '1.5'],
  ]) {
    const r = await run(dir, ['--suite', 'pairwise', '--data', data, '--model', 'heuristic:length', flag!, v!]);
    t.equal(r.code, 2, `${flag} ${v}`);
    t.ok(r.stderr.includes(flag!), `stderr names ${flag}`);
  }
});

t.test('a config file with a field of the wrong type → exit 2 naming the field', async (t) => {
  const dir = tmp(t);
  const data = writeJsonl(dir, 'ok.jsonl', [good]);
  const config = join(dir, 'rg.json');
  writeFileSync(config, JSON.stringify({ models: ['heuristic:length'], suites: [{ id: 'pairwise', data }], concurrency: 'four' }, null, 2));
  const r = await run(dir, ['--config', config]);
  t.equal(r.code, 2);
  t.ok(r.stderr.includes(config), 'names the config file');
  t.match(r.stderr, /"concurrency"/);
  t.match(r.stderr, /expected integer/);
  writeFileSync(config, JSON.stringify({ models: ['heuristic:length'], suites: [{ id: 'pairwise', data, ties: 'half' }] }));
  const extra = await run(dir, ['--config', config]);
  t.equal(extra.code, 2, 'an unknown nested field');
  t.match(extra.stderr, /suites\[0\]\.ties/);
});

t.test('a model returning NaN → exit 3 naming the item id', async (t) => {
  const dir = tmp(t);
  const data = writeJsonl(dir, 'one.jsonl', [{ ...good, id: 'the-only-item' }]);
  const r = await run(dir, ['--suite', 'pairwise', '--data', data, '--model', 'heuristic:constant?value=NaN']);
  t.equal(r.code, 3);
  t.match(r.stderr, /"the-only-item"/);
  t.match(r.stderr, /NaN/);
  t.match(r.stderr, /not a finite number/);
});

t.test('nothing already cached is lost when a later model fails', async (t) => {
  const dir = tmp(t);
  const rows = makePairs(30, 5);
  const data = writeJsonl(dir, 'pairs.jsonl', rows);
  const args = (models: string[]) => run(dir, ['--suite', 'pairwise', '--data', data, ...models.flatMap((m) => ['--model', m])]);
  const first = await args(['heuristic:length']);
  if (!ok(t, first, 'heuristic:length alone')) return;
  t.equal(readRun(join(dir, 'out')).models[0]?.stats.modelCalls, 60);
  const failing = await args(['heuristic:length', 'heuristic:constant?value=NaN']);
  t.equal(failing.code, 3, 'the NaN model fails the run with exit 3');
  const third = await cliIn([
    'run',
    '--suite',
    'pairwise',
    '--data',
    data,
    '--model',
    'heuristic:length',
    '--out',
    join(dir, 'out3'),
    '--cache-dir',
    join(dir, 'cache'),
  ]);
  if (!ok(t, third, 'heuristic:length again')) return;
  t.match(third.stderr, /\b0 model calls\b/, 'reports 0 model calls');
  t.equal(readRun(join(dir, 'out3')).models[0]?.stats.modelCalls, 0);
});

t.test('scores computed in a run that then fails are kept', async (t) => {
  const dir = tmp(t);
  const data = writeJsonl(dir, 'pairs.jsonl', makePairs(30, 6));
  const failing = await run(dir, ['--suite', 'pairwise', '--data', data, '--model', 'heuristic:length', '--model', 'heuristic:constant?value=NaN']);
  t.equal(failing.code, 3);
  const again = await cliIn([
    'run',
    '--suite',
    'pairwise',
    '--data',
    data,
    '--model',
    'heuristic:length',
    '--out',
    join(dir, 'again'),
    '--cache-dir',
    join(dir, 'cache'),
  ]);
  if (!ok(t, again, 'rerun')) return;
  const s = readRun(join(dir, 'again')).models[0]!.stats;
  t.equal(s.modelCalls, 0, 'length was cached by the failed run');
  t.equal(s.cacheHits, 60);
});

t.test('a scores-only results file with a text model → exit 2: only a scores: model can be used', async (t) => {
  const file = shared(t, 'rewardmath/results/RewardMATH/ArmoRM_reward.json');
  if (!file) return;
  const dir = tmp(t);
  const r = await run(dir, ['--suite', 'rewardmath', '--data', file, '--model', 'heuristic:length']);
  t.equal(r.code, 2);
  t.match(r.stderr, /only a scores: model/);
  t.match(r.stderr, /no response text/);
});

t.test('a missing dataset file → exit 2, "file not found"', async (t) => {
  const dir = tmp(t);
  const r = await run(dir, ['--suite', 'pairwise', '--data', join(dir, 'nope.jsonl'), '--model', 'heuristic:length']);
  t.equal(r.code, 2);
  t.match(r.stderr, /nope\.jsonl: file not found/);
});

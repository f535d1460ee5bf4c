import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { createModel } from '../../src/run/models.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import type { RewardModel, ScoreRequest } from '../../src/core/types.js';
import { tmp } from '../support/helpers.js';

// `command:PATH?frame=batch`: one {"id", "requests"} line per batch, one {"id", "results"} line
// back. The fixture records every batch's size, so the tests see that batches arrive whole, and
// it can answer out of order, print a banner or answer twice, as real scorers do.

const FIXTURE = String.raw`
const fs = require('node:fs');
const [mode = 'length', dir = '.'] = process.argv.slice(2);
if (mode === 'banner') process.stdout.write('Loading weights... done\n');
let buf = '';
const held = [];
const answer = (f) => process.stdout.write(JSON.stringify({ id: f.id, results: f.requests.map((r) => (r.context && r.context.steps ? r.context.steps.map((s) => s.length) : [...r.response].length)) }) + '\n');
process.stdin.setEncoding('utf8').on('data', (d) => {
  buf += d;
  let nl;
  while ((nl = buf.indexOf('\n')) >= 0) {
    const f = JSON.parse(buf.slice(0, nl));
    buf = buf.slice(nl + 1);
    fs.appendFileSync(dir + '/batches', f.requests.length + '\n');
    if (mode === 'reverse') {
      held.push(f);
      if (held.length === 3) for (const h of held.splice(0).reverse()) answer(h);
    } else if (mode === 'short') {
      process.stdout.write(JSON.stringify({ id: f.id, results: [1] }) + '\n');
    } else if (mode === 'twice') {
      answer(f);
      answer(f);
    } else if (mode === 'nan') {
      process.stdout.write(JSON.stringify({ id: f.id, results: f.requests.map(() => 'NaN') }) + '\n');
    } else answer(f);
  }
});
process.stdin.on('end', () => process.exit(0));
`;

function fixture(dir: string): void {
  const p = join(dir, 'scorer.cjs');
  writeFileSync(p, `#!${process.execPath}\n${FIXTURE}`);
  chmodSync(p, 0o755);
}

const req = (response: string, item = response): ScoreRequest => ({ messages: [{ role: 'user', content: 'q' }], response, key: { item, candidate: 'c' } });
const batchSizes = (dir: string): number[] => readFileSync(join(dir, 'batches'), 'utf8').split('\n').filter(Boolean).map(Number);

async function load(t: Test, mode: string, dir: string): Promise<RewardModel> {
  fixture(dir);
  const { model } = await createModel(parseModelSpec(`command:scorer.cjs?frame=batch&args=${mode} ${dir}`), { seed: 0, cwd: dir });
  t.teardown(() => model.dispose?.());
  return model;
}

t.test('a batch crosses the pipe as one frame and its results come back in request order', async (t) => {
  const dir = tmp(t);
  const m = await load(t, 'length', dir);
  // Expected: code points counted here, independently of the fixture.
  t.same(await m.score!([req('héllo'), req('👍🏽'), req(''), req('a\nb')]), [5, 2, 0, 3]);
  t.same(await m.score!([req('xyz')]), [3]);
  t.same(batchSizes(dir), [4, 1], 'one frame per batch, with every request of it');
  const steps: ScoreRequest = { messages: [{ role: 'user', content: 'q' }], response: 'ab\ncde', context: { steps: ['ab', 'cde'] } };
  t.same(await m.score!([steps]), [[2, 3]], 'a result may be step scores');
});

t.test('answers are matched by id, so out-of-order answers land on their own batch', async (t) => {
  const dir = tmp(t);
  const m = await load(t, 'reverse', dir);
  const batches = [[req('a')], [req('bb'), req('ccc')], [req('dddd')]];
  t.same(await Promise.all(batches.map((b) => m.score!(b))), [[1], [2, 3], [4]]);
});

t.test('a stray stdout line or a second answer stops the scorer instead of shifting answers', async (t) => {
  const banner = await load(t, 'banner', tmp(t));
  await t.rejects(banner.score!([req('a')]), {
    exitCode: 3,
    message: /command "command" wrote a line that is not JSON \("Loading weights\.\.\. done"\).*logs go to stderr|write logs to stderr/,
  });
  const twice = await load(t, 'twice', tmp(t));
  // The first answer is taken; the repeat names a frame no longer waiting, which fails the next call.
  t.same(await twice.score!([req('ab')]), [2]);
  await t.rejects(twice.score!([req('abc')]), { exitCode: 3, message: /an answer to frame 1, which is not waiting/ });
});

t.test('a wrong number of results, or a result that is no number, fails naming the batch or item', async (t) => {
  const short = await load(t, 'short', tmp(t));
  await t.rejects(short.score!([req('a'), req('b')]), { exitCode: 3, message: /answered a batch of 2 with 1 results/ });
  const nan = await load(t, 'nan', tmp(t));
  await t.rejects(nan.score!([req('a', 'item-4')]), { exitCode: 3, message: /result 0 \(item "item-4" candidate "c"\) is not a finite number/ });
});

t.test('frame must be line or batch', async (t) => {
  const dir = tmp(t);
  fixture(dir);
  await t.rejects(createModel(parseModelSpec('command:scorer.cjs?frame=lines'), { seed: 0, cwd: dir }), {
    exitCode: 2,
    message: /frame must be line or batch, got "lines"/,
  });
});

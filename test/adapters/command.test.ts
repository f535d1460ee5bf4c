// test-runner: waits (timeouts and stalled scorers: mostly time on the clock, little CPU)
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import { splitArgs } from '../../src/adapters/command.js';
import { createModel } from '../../src/run/models.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import type { RewardModel, ScoreRequest } from '../../src/core/types.js';
import { tmp, writeJsonl } from '../support/helpers.js';
import { cacheLines, cli, cliAsync, cliPromise, codePoints, makePairs, ok, readRun, uniqueRequests } from '../cli/fixtures/cli.js';
import { cliIn } from '../support/in-process.js';

// `command:PATH` against small Node.js scorers written at test time. Every fixture logs its
// starts (pid) and every response it was asked, so the tests can see what the adapter did.

const FIXTURE = String.raw`
const fs = require('node:fs');
const { spawn } = require('node:child_process');
const [mode = 'length', dir = '.', arg = '0'] = process.argv.slice(2);
fs.appendFileSync(dir + '/starts', process.pid + '\n');
if (mode === 'banner') process.stdout.write('Loading weights... done\n');
// A child that inherits stdout and outlives us, as a data-loader worker or a shell's child may.
if (mode === 'orphan') fs.appendFileSync(dir + '/children', spawn('sleep', ['300'], { stdio: ['ignore', 'inherit', 'ignore'] }).pid + '\n');
const limit = Number(arg);
// Set only by the resume test, so that the script and its args (the fingerprint) stay the same.
const hold = process.env.RG_FIXTURE_HOLD === undefined ? Infinity : Number(process.env.RG_FIXTURE_HOLD);
let answered = 0;
let chain = Promise.resolve();
let buf = '';
const held = [];
const out = (s) => process.stdout.write(s + '\n');
const reply = (r, o) => out(JSON.stringify(mode === 'noid' ? o : { id: r.id, ...o }));
function answer(r) {
  fs.appendFileSync(dir + '/asked', r.response + '\n');
  if (answered >= hold) return new Promise(() => {});
  if (mode === 'crash' && answered >= limit) {
    for (let i = 1; i <= 40; i++) process.stderr.write('stderr line ' + i + '\n');
    process.exit(7);
  }
  answered++;
  if (mode === 'steps') return reply(r, { scores: r.context.steps.map((s) => s.length) });
  if (r.response === 'bad') return out('not json at all');
  if (r.response === 'nan') return reply(r, { score: 'NaN' });
  if (r.response === 'hang') return new Promise(() => {});
  if (r.response === 'twice') reply(r, { score: 1 });
  if (r.response === 'huge') return reply(r, { score: 4, pad: 'x'.repeat(5000000) });
  const score = [...r.response].length;
  if (mode === 'reverse') {
    held.push([r, score]);
    if (held.length === 3) for (const [h, s] of held.splice(0).reverse()) reply(h, { score: s });
    return;
  }
  if (mode === 'slow') return new Promise((res) => setTimeout(() => res(reply(r, { score })), Math.floor(Math.random() * 3)));
  reply(r, { score });
}
process.stdin.setEncoding('utf8').on('data', (d) => {
  buf += d;
  let nl;
  while ((nl = buf.indexOf('\n')) >= 0) {
    const r = JSON.parse(buf.slice(0, nl));
    buf = buf.slice(nl + 1);
    chain = chain.then(() => answer(r));
  }
});
// A stubborn scorer ignores the end of its input and never exits by itself.
if (mode === 'stubborn') setInterval(() => {}, 1000);
else process.stdin.on('end', () => (hold < Infinity ? process.exit(0) : chain.then(() => process.exit(0))));
`;

/** A fixture scorer in `dir`: an executable file with a #! line for this node. */
function fixture(dir: string, name = 'scorer.cjs', extra = ''): string {
  const p = join(dir, name);
  writeFileSync(p, `#!${process.execPath}\n${FIXTURE}${extra}`);
  chmodSync(p, 0o755);
  return p;
}

const lines = (p: string): string[] =>
  existsSync(p)
    ? readFileSync(p, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : [];
const req = (response: string, item = response): ScoreRequest => ({ messages: [{ role: 'user', content: 'q' }], response, key: { item, candidate: 'c' } });
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 200 && alive(pid); i++) await sleep(10);
  return !alive(pid);
}

async function load(t: Test, spec: string, cwd: string): Promise<RewardModel> {
  const { model } = await createModel(parseModelSpec(spec), { seed: 0, cwd });
  t.teardown(() => model.dispose?.());
  return model;
}

t.test('scores come back in order across batches, from one process started once', async (t) => {
  const dir = tmp(t);
  fixture(dir);
  const m = await load(t, `command:scorer.cjs?args=length ${dir}`, dir);
  t.equal(lines(join(dir, 'starts')).length, 0, 'not started before the first request');
  const texts = ['héllo', '👍🏽', '', 'a\nb', 'line\u2028sep', 'x'.repeat(50)];
  // Expected: code points counted here, independently of the fixture.
  t.same(await m.score!(texts.map((x) => req(x))), [5, 2, 0, 3, 8, 50]);
  for (let i = 0; i < 4; i++) t.same(await m.score!([req(`batch ${i}`), req('yy')]), [7, 2]);
  t.equal(lines(join(dir, 'starts')).length, 1, 'started once for five batches');
  t.same(lines(join(dir, 'asked')).slice(0, 4), ['héllo', '👍🏽', 'a', 'b'], 'the requests arrived as JSON, newlines escaped');
  const pid = Number(lines(join(dir, 'starts'))[0]);
  await m.dispose!();
  t.ok(await gone(pid), 'dispose ends the process');
});

t.test('concurrent score() calls never get each other\u2019s answers', async (t) => {
  const dir = tmp(t);
  fixture(dir);
  const m = await load(t, `command:./scorer.cjs?args=slow ${dir}`, dir);
  const batches = Array.from({ length: 30 }, (_, b) => Array.from({ length: 1 + ((b * 7) % 5) }, (_, i) => req('z'.repeat(b * 10 + i))));
  const got = await Promise.all(batches.map((batch) => m.score!(batch)));
  t.same(
    got,
    batches.map((batch) => batch.map((r) => codePoints(r.response))),
    'every batch gets its own answers',
  );
  t.equal(lines(join(dir, 'starts')).length, 1, 'one process served them all');
});

t.test('step scores: {"scores": [...]}', async (t) => {
  const dir = tmp(t);
  fixture(dir);
  const m = await load(t, `command:scorer.cjs?args=steps ${dir}`, dir);
  const r: ScoreRequest = { messages: [{ role: 'user', content: 'q' }], response: 'ab\ncde', context: { steps: ['ab', 'cde'] } };
  t.same(await m.score!([r]), [[2, 3]]);
});

t.test('an answer that is no score fails naming the item; the answers stay matched by id', async (t) => {
  const dir = tmp(t);
  fixture(dir);
  const m = await load(t, `command:scorer.cjs?args=length ${dir}`, dir);
  await t.rejects(m.score!([req('ok'), req('nan', 'item-8')]), { exitCode: 3, message: /item "item-8".*"score" is not a finite number/ });
  t.same(await m.score!([req('abc')]), [3], 'the process stays in step after a bad answer');
  t.same(await m.score!([req('huge')]), [4], 'a 5 MB answer line arriving in many pieces');
});

t.test('a line that answers no waiting request stops the scorer: nothing can be matched to the wrong request', async (t) => {
  const bad = join(tmp(t), '');
  fixture(bad);
  const m = await load(t, `command:scorer.cjs?args=length ${bad}`, bad);
  await t.rejects(m.score!([req('ok'), req('bad', 'item-7')]), { exitCode: 3, message: /wrote a line that is not JSON \("not json at all"\)/ });
  await t.rejects(m.score!([req('abc')]), { exitCode: 3, message: /not JSON/ }, 'and it is not used again');
  const twice = tmp(t);
  fixture(twice);
  const m2 = await load(t, `command:scorer.cjs?args=length ${twice}`, twice);
  // The repeated answer names a request no longer waiting: the next call fails instead of taking it.
  t.same(await m2.score!([req('twice')]), [1]);
  await t.rejects(m2.score!([req('a')]), { exitCode: 3, message: /an answer to frame \d+, which is not waiting/ });
  const banner = tmp(t);
  fixture(banner);
  const m3 = await load(t, `command:scorer.cjs?args=banner ${banner}`, banner);
  await t.rejects(m3.score!([req('a')]), { exitCode: 3, message: /"Loading weights\.\.\. done".*logs to stderr/ });
  const noid = tmp(t);
  fixture(noid);
  const m4 = await load(t, `command:scorer.cjs?args=noid ${noid}`, noid);
  await t.rejects(m4.score!([req('a')]), { exitCode: 3, message: /a line without a numeric "id".*answer one waiting request by its "id"/ });
});

t.test('answers may come in any order: each finds its own request by id', async (t) => {
  const dir = tmp(t);
  fixture(dir);
  const m = await load(t, `command:scorer.cjs?args=reverse ${dir}`, dir);
  t.same(await m.score!([req('a'), req('bb'), req('ccc')]), [1, 2, 3]);
});

t.test('a crash fails every waiting request with the exit code and stderr tail, and later calls too', async (t) => {
  const dir = tmp(t);
  fixture(dir);
  const m = await load(t, `command:scorer.cjs?args=crash ${dir} 2`, dir);
  t.same(await m.score!([req('a'), req('bb')]), [1, 2]);
  const err = (await m.score!([req('c'), req('d')]).catch((e: unknown) => e)) as Error & { exitCode: number };
  t.equal(err.exitCode, 3);
  t.match(err.message, /exited with code 7 with 2 requests unanswered/);
  t.match(err.message, /stderr line 40$/, 'ends with the last stderr line');
  t.match(err.message, /stderr line 21\n/, 'keeps the last 20 lines');
  t.notMatch(err.message, /stderr line 20\n/, 'and no more');
  await t.rejects(m.score!([req('e')]), { exitCode: 3, message: /exited with code 7/ }, 'not restarted');
});

t.test('a hung scorer is killed after timeoutMs and the request named', async (t) => {
  const dir = tmp(t);
  fixture(dir);
  // The clock runs from the first request, start-up included, so start the process first.
  // 3 s, not less: the answer to 'fine' must arrive within it even on a loaded machine.
  const m = await load(t, `command:scorer.cjs?args=length ${dir}&timeoutMs=3000`, dir);
  t.same(await m.score!([req('warm')]), [4]);
  const started = Date.now();
  await t.rejects(m.score!([req('fine'), req('hang', 'item-h')]), { exitCode: 3, message: /no answer within timeoutMs=3000 for item "item-h".*killed/ });
  t.ok(Date.now() - started >= 2990, 'waited the timeout');
  t.ok(await gone(Number(lines(join(dir, 'starts'))[0])), 'the process is gone');
});

t.test('the fingerprint follows the program, its script arguments, args and version', async (t) => {
  const dir = tmp(t);
  fixture(dir);
  const fp = async (spec: string) => (await load(t, spec, dir)).fingerprint;
  const base = await fp(`command:scorer.cjs?args=length x`);
  t.equal(
    await fp(`command:${join(dir, 'scorer.cjs')}?args=length x&timeoutMs=5&batchSize=3`),
    base,
    'same file by another path, timeout and batch size: same',
  );
  t.not(await fp(`command:scorer.cjs?args=length y`), base, 'args count');
  t.not(await fp(`command:scorer.cjs?args=length x&version=2`), base, 'version counts');
  fixture(dir, 'scorer.cjs', '\n// a change\n');
  t.not(await fp(`command:scorer.cjs?args=length x`), base, 'an edited script changes it');
  // The script as an interpreter's argument is hashed too.
  const viaNode = await fp(`command:${process.execPath}?args=scorer.cjs length`);
  fixture(dir, 'scorer.cjs');
  t.not(await fp(`command:${process.execPath}?args=scorer.cjs length`), viaNode, 'an edited script argument changes it');
});

t.test('bad specs are usage errors', async (t) => {
  const dir = tmp(t);
  writeFileSync(join(dir, 'plain.py'), 'print(1)\n');
  const ctx = { seed: 0, cwd: dir };
  const create = (s: string) => createModel(parseModelSpec(s), ctx);
  await t.rejects(create('command:missing.py'), { exitCode: 2, message: /no program "missing.py" in .* or on \$PATH/ });
  await t.rejects(create('command:./sub/missing'), { exitCode: 2, message: /no program file .*sub\/missing/ });
  await t.rejects(create('command:plain.py'), { exitCode: 2, message: /not executable.*command:python3\?args=plain.py/ });
  await t.rejects(create(`command:${process.execPath}?args=a 'b`), { exitCode: 2, message: /unclosed ' quote/ });
  await t.rejects(create(`command:${process.execPath}?timeoutMs=soon`), { exitCode: 2, message: /timeoutMs/ });
  await t.rejects(create(`command:${process.execPath}?cwd=nowhere`), { exitCode: 2, message: /cwd .* is not a folder/ });
  await t.rejects(create(`command:${process.execPath}?arg=x`), { exitCode: 2, message: /Did you mean "args"/ });
});

t.test('args: spaces split, quotes group, backslash escapes', async (t) => {
  t.same(splitArgs(`a  b "c d" 'e "f"' g\\ h "i\\"j" ''`), ['a', 'b', 'c d', 'e "f"', 'g h', 'i"j', '']);
  t.same(splitArgs(''), []);
});

t.test('the scorer\u2019s own children go with it: on a timeout, and at the end even when they hold stdout open', async (t) => {
  const dir = tmp(t);
  fixture(dir);
  // The clock includes the scorer's start-up, which takes over a second on a loaded machine.
  const m = await load(t, `command:scorer.cjs?args=orphan ${dir}&timeoutMs=3000`, dir);
  t.same(await m.score!([req('abc')]), [3]);
  const child = Number(lines(join(dir, 'children'))[0]);
  t.ok(alive(child), 'the scorer started a child that shares its stdout');
  await t.rejects(m.score!([req('hang', 'item-h')]), { exitCode: 3, message: /timeoutMs=3000/ });
  t.ok(await gone(child), 'the timeout killed the child too');
  const end = tmp(t);
  fixture(end);
  const m2 = await load(t, `command:scorer.cjs?args=orphan ${end}`, end);
  t.same(await m2.score!([req('ab')]), [2]);
  const child2 = Number(lines(join(end, 'children'))[0]);
  await m2.dispose!();
  t.ok(await gone(child2), 'dispose returned and the child holding stdout is gone');
});

// Through the CLI (npm run build first): exit codes and the score cache.

t.test('CLI: a child holding stdout open does not keep the CLI waiting; a killed CLI takes a stuck scorer with it', async (t) => {
  const dir = tmp(t);
  const script = fixture(dir);
  const data = writeJsonl(dir, 'pairs.jsonl', makePairs(4));
  const r = cli(
    ['run', '--suite', 'pairwise', '--data', data, '--model', `command:${script}?args=orphan ${dir}`, '--out', join(dir, 'out'), '--no-cache', '--quiet'],
    { timeoutMs: 60_000 },
  );
  t.equal(r.code, 0, `exits 0 without waiting for the child (signal ${r.signal})\n${r.stderr}`);
  t.ok(await gone(Number(lines(join(dir, 'children'))[0])), 'and the child is gone');

  const stuck = tmp(t);
  const stubborn = fixture(stuck);
  const child = cliAsync(
    [
      'run',
      '--suite',
      'pairwise',
      '--data',
      data,
      '--model',
      `command:${stubborn}?args=stubborn ${stuck}`,
      '--out',
      join(stuck, 'out'),
      '--no-cache',
      '--quiet',
    ],
    { env: { RG_FIXTURE_HOLD: '0' } },
  );
  child.stdout.resume();
  child.stderr.resume();
  const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_c, s) => res(s)));
  const deadline = Date.now() + 60_000;
  while (lines(join(stuck, 'asked')).length === 0 && Date.now() < deadline) await sleep(10);
  const pid = Number(lines(join(stuck, 'starts'))[0]);
  t.ok(alive(pid), 'the scorer is running, holding its requests');
  child.kill('SIGKILL');
  t.equal(await exited, 'SIGKILL');
  t.ok(await gone(pid), 'a scorer that ignores the end of its input is killed when the CLI dies');
});

t.test('CLI: a scorer crash mid-run exits 3 with the stderr tail', async (t) => {
  const dir = tmp(t);
  const script = fixture(dir);
  const data = writeJsonl(dir, 'pairs.jsonl', makePairs(20));
  const r = await cliIn([
    'run',
    '--suite',
    'pairwise',
    '--data',
    data,
    '--model',
    `command:${script}?args=crash ${dir} 10`,
    '--batch-size',
    '4',
    '--out',
    join(dir, 'out'),
    '--no-cache',
    '--quiet',
  ]);
  t.equal(r.code, 3, `exit 3\n${r.stderr}`);
  t.match(r.stderr, /exited with code 7/);
  t.match(r.stderr, /stderr line 40/);
  t.equal(lines(join(dir, 'starts')).length, 1, 'started once');
});

t.test('CLI: a run killed part-way resumes asking the scorer only for what is missing', async (t) => {
  const dir = tmp(t);
  const script = fixture(dir);
  const rows = makePairs(30, 5);
  const data = writeJsonl(dir, 'pairs.jsonl', rows);
  const unique = uniqueRequests(rows);
  const cache = join(dir, 'cache');
  const args = (out: string) => [
    'run',
    '--suite',
    'pairwise',
    '--data',
    data,
    '--model',
    `command:${script}?args=length ${dir}`,
    '--batch-size',
    '4',
    '--concurrency',
    '1',
    '--out',
    join(dir, out),
    '--cache-dir',
    cache,
  ];

  // The scorer answers 12 requests (3 batches), then stops answering; the run is killed then.
  const child = cliAsync(args('killed'), { env: { RG_FIXTURE_HOLD: '12' } });
  child.stdout.resume();
  child.stderr.resume();
  const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_c, s) => res(s)));
  const deadline = Date.now() + 60_000;
  while (cacheLines(cache) < 12 && Date.now() < deadline) await sleep(10);
  t.equal(cacheLines(cache), 12, 'three batches cached');
  child.kill('SIGKILL');
  t.equal(await exited, 'SIGKILL');
  const firstPid = Number(lines(join(dir, 'starts'))[0]);
  t.ok(await gone(firstPid), 'the orphaned scorer exits when its stdin closes');
  const answered = lines(join(dir, 'asked')).slice(0, 12);
  const askedBefore = lines(join(dir, 'asked')).length;

  const r = await cliPromise(args('resumed'));
  if (!ok(t, r, 'resumed run')) return;
  const stats = readRun(join(dir, 'resumed')).models[0]!.stats;
  t.equal(stats.cacheHits, 12);
  t.equal(stats.modelCalls, unique - 12);
  const askedNow = lines(join(dir, 'asked')).slice(askedBefore);
  t.equal(askedNow.length, unique - 12, 'asked once for each missing request');
  t.same(
    askedNow.filter((x) => answered.includes(x)),
    [],
    'never for a cached one',
  );
  t.same(new Set([...answered, ...askedNow]).size, unique, 'together: every request');
  t.equal(lines(join(dir, 'starts')).length, 2, 'one start per run');
  // And the scores are the right ones: code points of each response.
  const scores = readFileSync(join(dir, 'resumed', 'scores.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { item: string; scores: Record<string, number> });
  const byId = new Map(scores.map((s) => [s.item, s.scores]));
  t.same(
    rows.filter((x) => byId.get(x.id)?.chosen !== codePoints(x.chosen) || byId.get(x.id)?.rejected !== codePoints(x.rejected)).map((x) => x.id),
    [],
  );

  const again = await cliIn(args('again'));
  if (!ok(t, again, 'cached rerun')) return;
  t.equal(lines(join(dir, 'starts')).length, 2, 'a fully cached rerun never starts the scorer');
});

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { ortBinaryDir } from '../../src/gpu/probe.js';
import { copyModel, root, tmp } from '../support/helpers.js';
import { cacheLines, cliAsync, cliPromise, readRun, row } from './fixtures/cli.js';
import { cliIn } from '../support/in-process.js';

/**
 * `rewardgauge run` with real ONNX models, offline: run.json records the device and why, the
 * throughput, and per-suite tokenization checks; reruns come from the cache; broken folders and
 * unavailable devices exit 2 with one readable line. In-process (main()), but for the kill test,
 * which needs a process to kill; test/cli/binary.test.ts runs the built binary itself.
 */

const pairs = readFileSync(join(root, 'datasets', 'pairwise.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { prompt: string; chosen: string; rejected: string });
/** Distinct (prompt, response) texts of the built-in pairwise suite, counted here from the file. */
const uniqueTexts = new Set(pairs.flatMap((p) => [JSON.stringify([p.prompt, p.chosen]), JSON.stringify([p.prompt, p.rejected])])).size;

t.test('onnx: and ort: reference models on the pairwise suite, then again from the cache', async (t) => {
  const dir = tmp(t);
  const args = [
    'run',
    '--model',
    'onnx:models/bow-clean',
    '--model',
    'ort:models/mini-llama',
    '--suite',
    'pairwise',
    '--out',
    dir,
    '--cache-dir',
    join(dir, 'cache'),
    '--bootstrap',
    '200',
  ];
  const first = await cliIn(args);
  t.equal(first.code, 0, first.stderr);
  const run = readRun(dir);
  t.same(
    run.models.map((m) => [m.id, m.adapter, m.baseline]),
    [
      ['bow-clean', 'onnx', false],
      ['mini-llama', 'ort', false],
    ],
  );
  for (const m of run.models) {
    const rt = m.runtime!;
    t.equal(rt.items, uniqueTexts, `${m.id}: every distinct text scored once`);
    t.equal(rt.device.requested, 'auto');
    if (rt.device.provider === 'cpu') t.match(rt.device.reason, /^auto: CUDA is unavailable \(.+\), so the CPU is used$/);
    t.ok(rt.tokens > 0 && rt.paddedTokens >= rt.tokens, `${m.id}: ${rt.tokens} tokens, ${rt.paddedTokens} padded`);
    t.ok(rt.tokensPerSecond! > 0 && rt.itemsPerSecond! > 0, `${m.id}: ${Math.round(rt.tokensPerSecond!)} tokens/s`);
    t.equal(rt.mfu, null, 'no MFU without a known peak');
    const check = m.tokenization!;
    t.equal(check.length, 1);
    t.same([check[0]!.suite, check[0]!.requests, check[0]!.truncated, check[0]!.duplicatedBos, check[0]!.missingEnd], ['pairwise', uniqueTexts, 0, 0, 0]);
    t.ok(check[0]!.meanTokens <= check[0]!.p95Tokens && check[0]!.p95Tokens <= check[0]!.maxTokens);
    const acc = row(t, run, { suite: 'pairwise', metric: 'accuracy', model: m.id });
    t.equal(acc.n, pairs.length);
  }
  t.same(run.models[1]!.tokenization![0]!.expectedEnd, ['<|eot_id|>']);
  t.same(run.models[0]!.tokenization![0]!.expectedEnd, ['[SEP]']);

  const second = await cliIn(args);
  t.equal(second.code, 0, second.stderr);
  t.equal((second.stderr.match(/, 0 model calls/g) ?? []).length, 2, 'the rerun scores nothing');
  const rerun = readRun(dir);
  t.equal(rerun.models[0]!.runtime!.items, 0);
  t.equal(rerun.models[0]!.runtime!.tokensPerSecond, null, 'no throughput when nothing ran');
  t.same(rerun.results, run.results, 'the same results from the cache');
});

t.test('the reference models differ the way their recipes say', async (t) => {
  const dir = tmp(t);
  const ids = ['bow-clean', 'bow-length', 'bow-agreeable'];
  const r = await cliIn([
    'run',
    ...ids.flatMap((id) => ['--model', `onnx:models/${id}`]),
    '--suite',
    'pairwise',
    '--out',
    dir,
    '--no-cache',
    '--bootstrap',
    '50',
    '-q',
  ]);
  t.equal(r.code, 0, r.stderr);
  const run = readRun(dir);
  const acc = (model: string, subset: string) => row(t, run, { suite: 'pairwise', subset, metric: 'accuracy', model }).value;
  // verbose-wrong: the rejected answer is long and opens with "Sure!"/"Absolutely"; refusal: the chosen one is short and declines.
  t.ok(acc('bow-length', 'verbose-wrong') < acc('bow-clean', 'verbose-wrong') - 0.3, 'the length bonus loses verbose-wrong');
  t.ok(acc('bow-agreeable', 'refusal') < acc('bow-clean', 'refusal') - 0.3, 'agreeable labels lose refusal');
  t.ok(acc('bow-length', 'helpful-detail') >= acc('bow-clean', 'helpful-detail'), 'longer is still right on helpful-detail');
});

t.test('a corrupt model file exits 2 with one line naming it, not a stack trace', async (t) => {
  const m = copyModel(t, 'bow-clean');
  writeFileSync(join(m, 'onnx', 'model.onnx'), 'garbage garbage garbage garbage');
  const r = await cliIn(['run', '--model', `onnx:${m}`, '--suite', 'pairwise', '--out', tmp(t), '--no-cache', '--device', 'cpu']);
  t.equal(r.code, 2);
  t.match(r.stderr, /bow-clean\/onnx\/model\.onnx: not an ONNX model: no protobuf field at byte 0/);
  t.notMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

const cudaInstalled = existsSync(join(ortBinaryDir(), 'libonnxruntime_providers_cuda.so'));
t.test('--device cuda on a machine without CUDA exits 2 and says how to get it', { skip: cudaInstalled && 'CUDA is installed here' }, async (t) => {
  const r = await cliIn(['run', '--model', 'onnx:models/bow-clean', '--suite', 'pairwise', '--device', 'cuda', '--out', tmp(t), '--no-cache']);
  t.equal(r.code, 2, r.stderr);
  t.match(r.stderr, /--device cuda: the CUDA execution provider is unavailable here/);
  t.match(r.stderr, /CUDA 12 and cuDNN 9/);
  t.notMatch(r.stderr, /\n\s+at /);
  const bad = await cliIn(['run', '--model', 'heuristic:length', '--suite', 'pairwise', '--device', 'tpu', '--out', tmp(t), '--no-cache']);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /--device must be one of auto, cpu, cuda, webgpu, got "tpu"/);
});

t.test('a local-model run killed part-way resumes bit-identically, at another batch size', async (t) => {
  const dir = tmp(t);
  // The first 20 problems (about two hundred texts) leave room to kill after 40 scores; the whole
  // suite would be ten times mini-llama's work for nothing this test checks.
  const data = join(dir, 'rewardmath-20.jsonl');
  const lines = readFileSync(join(root, 'datasets', 'rewardmath.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(0, 20);
  writeFileSync(data, `${lines.join('\n')}\n`);
  const args = (out: string, cache: string, batch: string[]) => [
    'run',
    '--model',
    'ort:models/mini-llama?device=cpu',
    '--suite',
    'rewardmath',
    '--data',
    data,
    '--out',
    join(dir, out),
    '--cache-dir',
    join(dir, cache),
    '--bootstrap',
    '100',
    ...batch,
  ];
  const child = cliAsync(args('killed', 'cache', ['--batch-size', '8', '--concurrency', '1']));
  child.stdout.resume();
  child.stderr.resume();
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let finished = false;
  void exited.then(() => (finished = true));
  const deadline = Date.now() + 60_000;
  while (!finished && cacheLines(join(dir, 'cache')) < 40 && Date.now() < deadline) await sleep(5);
  child.kill('SIGKILL');
  t.equal(await exited, 'SIGKILL', 'killed before it finished');
  const cached = cacheLines(join(dir, 'cache'));
  const resumed = await cliPromise(args('resumed', 'cache', ['--batch-size', '300', '--concurrency', '4']));
  t.equal(resumed.code, 0, resumed.stderr);
  const r = readRun(join(dir, 'resumed'));
  t.ok(r.models[0]!.stats.cacheHits >= 40 && r.models[0]!.stats.cacheHits <= cached, `${r.models[0]!.stats.cacheHits} scores came from the killed run`);
  const fresh = await cliPromise(args('fresh', 'fresh-cache', ['--batch-size', '64', '--concurrency', '2']));
  t.equal(fresh.code, 0, fresh.stderr);
  const scores = (out: string) => readFileSync(join(dir, out, 'scores.jsonl'), 'utf8');
  t.equal(scores('resumed'), scores('fresh'), 'scores.jsonl is byte-identical to an uninterrupted run with other batches');
  t.same(r.results, readRun(join(dir, 'fresh')).results);
});

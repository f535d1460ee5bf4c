import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { createModel } from '../../src/run/models.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import type { RewardModel, ScoreRequest } from '../../src/core/types.js';
import { fake } from '../support/fake-hf-worker.js';
import { setEnv, tmp, writeJsonl } from '../support/helpers.js';
import { cli, ok, readRun } from '../cli/fixtures/cli.js';

// The hf: adapter's Node side against a fake worker that speaks the framed protocol
// (python/rewardgauge_hf/worker.py), so it runs without Python's torch: what is framed, how
// answers and errors map to exit codes, when the worker starts, fingerprints and Hub-cache
// lookup. The real worker against transformers is test/parity/hf-parity.test.ts.

async function load(t: Test, spec: string, cwd: string, device = 'cpu'): Promise<RewardModel> {
  const { model } = await createModel(parseModelSpec(spec), { seed: 0, cwd, device });
  t.teardown(() => model.dispose?.());
  return model;
}

const req = (response: string, item = response, system = false): ScoreRequest => ({
  messages: [...(system ? [{ role: 'system' as const, content: 'Be brief.' }] : []), { role: 'user', content: 'q' }],
  response,
  key: { item, candidate: 'c' },
});

t.test('one frame per batch, scores in request order, the worker started once and only when asked', async (t) => {
  const f = fake(t);
  const m = await load(t, `hf:rm?python=${f.python}`, f.dir);
  t.same(f.log(), [], 'creating the model starts nothing');
  t.same(await m.score!([req('héllo'), req('👍🏽'), req('')]), [5, 2, 0], 'code points, counted here');
  t.same(await m.score!([req('abc')]), [3]);
  const log = f.log();
  t.equal(log.filter((l) => l.start).length, 1, 'one worker');
  t.same(log[0]!.start, ['-m', 'rewardgauge_hf', 'worker'], 'run as the package module');
  t.same(
    log.filter((l) => l.op).map((l) => [l.op, l.n]),
    [
      ['init', 0],
      ['score', 3],
      ['score', 1],
    ],
  );
  const init = log.find((l) => l.op === 'init')!;
  t.equal(init.model, f.checkpoint, 'the resolved folder');
  t.match(init.options, { device: 'cpu', dtype: 'float32', truncate: 'start' }, 'RewardBench defaults on the CPU: float32; truncation keeps the response');
  const rt = m.runtime!()!;
  t.same([rt.items, rt.batches, rt.tokens, rt.paddedTokens, rt.device.provider], [4, 2, 20, 24, 'cpu']);
});

t.test("dtype follows RewardBench on CUDA (the checkpoint's own), and options are checked", async (t) => {
  const f = fake(t);
  const cuda = await load(t, `hf:rm?python=${f.python}`, f.dir, 'cuda');
  await cuda.score!([req('a')]);
  t.match(f.log().find((l) => l.op === 'init')!.options, { device: 'cuda', dtype: 'bfloat16' }, 'config.json says bfloat16');
  await t.rejects(createModel(parseModelSpec(`hf:rm?dtype=fp8`), { seed: 0, cwd: f.dir }), { exitCode: 2, message: /dtype/ });
  await t.rejects(createModel(parseModelSpec(`hf:rm?truncate=middle`), { seed: 0, cwd: f.dir }), { exitCode: 2, message: /truncate/ });
  await t.rejects(createModel(parseModelSpec(`hf:rm`), { seed: 0, cwd: f.dir, device: 'webgpu' }), { exitCode: 2, message: /cpu or cuda/ });
});

t.test('the fingerprint covers the checkpoint files and the options that change scores, not the device or batch sizes', async (t) => {
  const f = fake(t);
  const fp = async (opts: string) => (await load(t, `hf:rm?python=${f.python}${opts}`, f.dir)).fingerprint;
  const base = await fp('');
  t.equal(await fp('&tokenBudget=99&maxBatch=3&timeoutMs=5'), base, 'batching and timeouts change no score');
  for (const o of ['&dtype=bfloat16', '&truncate=end', '&maxLength=64', '&input=pair', '&label=1', '&trustRemoteCode=true']) t.not(await fp(o), base, o);
  writeFileSync(join(f.checkpoint, 'model.safetensors'), 'weights v2');
  t.not(await fp(''), base, 'new weights, new fingerprint');
  writeFileSync(join(f.checkpoint, 'model.safetensors'), 'weights v1');
  mkdirSync(join(f.checkpoint, 'onnx'));
  writeFileSync(join(f.checkpoint, 'onnx', 'model.onnx'), 'an export');
  writeFileSync(join(f.checkpoint, 'README.md'), 'docs');
  t.equal(await fp(''), base, 'an ONNX export or a README beside the weights is not the checkpoint');
});

t.test('worker errors: missing packages and template refusals exit 2 naming the item; model failures exit 3', async (t) => {
  const missing = fake(t, 'missing');
  await t.rejects((await load(t, `hf:rm?python=${missing.python}`, missing.dir)).score!([req('a')]), {
    exitCode: 2,
    message: /has no torch; install them with/,
  });
  const template = fake(t, 'template');
  await t.rejects((await load(t, `hf:rm?python=${template.python}`, template.dir)).score!([req('a', 'q1'), req('b', 'q2', true)]), {
    exitCode: 2,
    message: /System role not supported \(item "q2" candidate "c"\)/,
  });
  const crash = fake(t, 'crash');
  await t.rejects((await load(t, `hf:rm?python=${crash.python}`, crash.dir)).score!([req('a')]), { exitCode: 3, message: /CUDA out of memory/ });
  await t.rejects((await load(t, 'hf:rm?python=./no-such-python', crash.dir)).score!([req('a')]), { exitCode: 2, message: /not an executable Python/ });
});

t.test('a folder or a Hub id: from the Hub cache offline, else downloaded by the worker; refused offline', async (t) => {
  const f = fake(t);
  await t.rejects(createModel(parseModelSpec('hf:./nowhere'), { seed: 0, cwd: f.dir }), { exitCode: 2, message: /no folder .*nowhere, and not a Hub id/ });
  writeFileSync(join(f.dir, 'file'), '');
  await t.rejects(createModel(parseModelSpec('hf:file'), { seed: 0, cwd: f.dir }), { exitCode: 2, message: /is a file/ });
  const hub = join(f.dir, 'hub');
  const commit = 'a'.repeat(40);
  const snapshot = join(hub, 'models--org--rm', 'snapshots', commit);
  mkdirSync(snapshot, { recursive: true });
  mkdirSync(join(hub, 'models--org--rm', 'refs'));
  writeFileSync(join(hub, 'models--org--rm', 'refs', 'main'), commit);
  writeFileSync(join(snapshot, 'config.json'), JSON.stringify({ model_type: 'llama' }));
  setEnv(t, { HF_HUB_CACHE: hub, HF_HUB_OFFLINE: '1' });
  const m = await load(t, `hf:org/rm?python=${f.python}`, f.dir);
  await m.score!([req('ab')]);
  t.equal(f.log().find((l) => l.op === 'init')!.model, join(snapshot, ''), 'the cached snapshot of refs/main');
  t.equal(m.id, 'rm', 'named after the repository, not the commit folder');
  await t.rejects(createModel(parseModelSpec('hf:org/other'), { seed: 0, cwd: f.dir }), {
    exitCode: 2,
    message: /HF_HUB_OFFLINE is set and org\/other@main is not in the Hub cache/,
  });
});

t.test('in a run: the tokenization checks count cut responses, and a cached rerun starts no Python', async (t) => {
  const f = fake(t);
  const data = writeJsonl(f.dir, 'pairs.jsonl', [
    { prompt: 'p1', chosen: 'short', rejected: 'a much longer answer here' },
    { prompt: 'p2', chosen: 'mid-sized', rejected: 'tiny' },
  ]);
  const args = (out: string) => [
    'run',
    '--suite',
    'pairwise',
    '--data',
    data,
    '--model',
    `hf:rm?python=${f.python}`,
    '--out',
    join(f.dir, out),
    '--cache-dir',
    join(f.dir, 'cache'),
    '--device',
    'cpu',
  ];
  if (!ok(t, cli(args('a'), { cwd: f.dir, env: { RG_FAKE_LOG: join(f.dir, 'log') } }), 'first run')) return;
  const run = readRun(join(f.dir, 'a'));
  const check = run.models[0]!.tokenization![0]!;
  // By hand: 'a much longer answer here' (25) and 'mid-sized' (9) are over 8; only the first over 20.
  t.same([check.truncated, check.responsesCut], [2, 1]);
  t.match(run.models[0]!.warnings.join('\n'), /2 of 4 requests .* were truncated; 1 of them lost part of the response itself/);
  const starts = f.log().filter((l) => l.start).length;
  if (!ok(t, cli(args('b'), { cwd: f.dir, env: { RG_FAKE_LOG: join(f.dir, 'log') } }), 'rerun')) return;
  t.equal(f.log().filter((l) => l.start).length, starts, 'no worker started for a run answered from the cache');
  t.equal(readRun(join(f.dir, 'b')).models[0]!.stats.modelCalls, 0);
});

t.test('a Python without torch says what to install (exit 2)', async (t) => {
  const probe = spawnSync('python3', ['-c', 'import importlib.util,sys; sys.exit(0 if importlib.util.find_spec("torch") is None else 1)']);
  if (probe.error || probe.status !== 0) {
    t.comment('skipped: needs a python3 without torch (this one is missing or has torch)');
    return;
  }
  const dir = tmp(t);
  mkdirSync(join(dir, 'rm'));
  writeFileSync(join(dir, 'rm', 'config.json'), JSON.stringify({ model_type: 'llama' }));
  const m = await load(t, 'hf:rm?python=python3', dir);
  await t.rejects(m.score!([req('a')]), { exitCode: 2, message: /has no torch( or transformers)?; install them with: .* -m pip install torch transformers/ });
});

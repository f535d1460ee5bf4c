import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { startFakeHub } from '../support/fake-hub.js';
import { cliAsync, filesUnder, tmp, valueOf } from '../support/helpers.js';
import { rb2Parquet, rb2Rows, sha } from './fixtures.js';

/**
 * End to end through the built CLI against the loopback Hub. The CLI runs in a child process
 * (the fake Hub lives in this one, so a synchronous spawn would block it from answering).
 */

const COMMIT = sha('d');
const TOKEN = 'hf_cliSecretToken0987654321';

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const child = cliAsync(args, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => ok({ code, stdout, stderr }));
  });
}

t.test('rewardgauge run --data hf://… on RewardBench-2-style Parquet', async (t) => {
  const parquet = rb2Parquet(rb2Rows);
  const hub = await startFakeHub([
    { name: 'fake/rb2', commits: [{ sha: COMMIT, files: { 'README.md': '# rb2', 'data/test-00000-of-00001.parquet': parquet } }], gatedTokens: [TOKEN] },
    { name: 'fake/broken', commits: [{ sha: COMMIT, files: { 'data/test-00000-of-00001.parquet': 'PAR1 not really parquet PAR1' } }] },
  ]);
  t.teardown(() => hub.close());
  const home = tmp(t);
  const out = join(tmp(t), 'run');
  const env = { HF_ENDPOINT: hub.url, HF_HOME: home, HF_HUB_CACHE: '', HF_HUB_OFFLINE: '', HF_TOKEN: TOKEN, REWARDGAUGE_CACHE_DIR: join(home, 'scores') };
  const args = ['run', '--suite', 'best-of-n', '--data', 'hf://datasets/fake/rb2/test', '--model', 'heuristic:length', '--bootstrap', '20', '--out', out];

  const first = await run(args, env);
  t.equal(first.code, 0, first.stderr);
  const runFile = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
  // By hand (fixtures.ts): r1 1, r2 0, r3 ½ (tie), r4 1.
  t.equal(valueOf(runFile, { model: 'length', metric: 'accuracy' }), 2.5 / 4);
  t.equal(valueOf(runFile, { model: 'length', metric: 'accuracy_macro' }), (1.5 / 3 + 1) / 2);
  t.equal(valueOf(runFile, { metric: 'accuracy', subset: 'Math' }), 1.5 / 3);
  t.equal(valueOf(runFile, { metric: 'accuracy', subset: 'Chat' }), 1);
  const suite = runFile.suites[0];
  t.equal(suite.items, 4);
  t.equal(suite.format, 'best-of-n');
  t.strictSame(suite.source, { uri: 'hf://datasets/fake/rb2/test', commit: COMMIT });
  t.match(suite.data, join(home, 'hub', 'datasets--fake--rb2', 'snapshots', COMMIT, 'data', 'test-00000-of-00001.parquet'));
  t.match(first.stderr, /hf: downloaded fake\/rb2@ddddddd\/data\/test-00000-of-00001\.parquet/);

  // Offline from the cache: nothing asked, same numbers.
  const before = hub.requests.length;
  const offline = await run([...args.slice(0, -1), join(out, '..', 'offline')], { ...env, HF_HUB_OFFLINE: '1', HF_TOKEN: '' });
  t.equal(offline.code, 0, offline.stderr);
  t.equal(hub.requests.length, before, 'no request offline');
  t.notMatch(offline.stderr, /downloaded/);

  // The token is sent but never written: not in the cache, the output folder, stdout or stderr.
  t.ok(hub.requests.some((r) => r.auth === `Bearer ${TOKEN}`));
  const written = [...filesUnder(home), ...filesUnder(join(out, '..'))];
  t.ok(written.some((f) => f.endsWith('run.json')));
  for (const f of written) t.notOk(readFileSync(f, 'latin1').includes(TOKEN), `no token in ${f}`);
  t.notOk(first.stdout.includes(TOKEN) || first.stderr.includes(TOKEN));

  // Gated without a token, a missing split, a malformed Parquet file: exit 2, one clear line.
  const gated = await run(args, { ...env, HF_TOKEN: '', HF_HOME: tmp(t) });
  t.equal(gated.code, 2);
  t.match(gated.stderr, /^rewardgauge: error: dataset repo fake\/rb2 is gated or private: set HF_TOKEN/);
  const split = await run(
    ['run', '--suite', 'best-of-n', '--data', 'hf://datasets/fake/rb2/train', '--model', 'heuristic:length', '--out', join(out, '..', 'x')],
    env,
  );
  t.equal(split.code, 2);
  t.match(split.stderr, /no file or split "train" in the repo; splits and files with data: test\n$/);
  const broken = await run(
    ['run', '--suite', 'best-of-n', '--data', 'best-of-n=hf://datasets/fake/broken/test', '--model', 'heuristic:length', '--out', join(out, '..', 'y')],
    env,
  );
  t.equal(broken.code, 2);
  t.match(broken.stderr, /^rewardgauge: error: \S*datasets--fake--broken\/snapshots\/d{40}\/data\/test-00000-of-00001\.parquet: invalid Parquet file/m);
  t.notMatch(broken.stderr, /\n\s+at /, 'no stack trace');
  for (const r of [gated, split, broken]) t.notOk(r.stderr.includes(TOKEN));
});

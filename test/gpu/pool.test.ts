import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { padRows } from '../../src/gpu/feeds.js';
import { SessionLoadError, SessionPool } from '../../src/gpu/pool.js';
import type { Feeds } from '../../src/gpu/session-protocol.js';
import { attr, OnnxGraph } from '../../src/onnx/writer.js';
import { root, tmp } from '../support/helpers.js';

/**
 * The worker-thread session pool: results matched to their batches whatever order workers finish
 * in, load failures reported as SessionLoadError, and no process left hanging, closed or not.
 */

/** logits[b] = Σ_t input_ids[b,t]·attention_mask[b,t]: a model whose answer is easy to work out. */
function sumModel(dir: string): string {
  const g = new OnnxGraph('sum');
  const ids = g.input('input_ids', 'int64', ['b', 't']);
  const mask = g.input('attention_mask', 'int64', ['b', 't']);
  const prod = g.op('Cast', [g.op('Mul', [ids, mask])], { to: attr.int(1) });
  g.output(g.op('ReduceSum', [prod, g.constant('int64', [1], [1])], { keepdims: attr.int(1) }), 'logits', 'float32', ['b', 1]);
  const file = join(dir, 'sum.onnx');
  writeFileSync(file, g.encode().model);
  return file;
}

const feeds = (rows: number[][]): Feeds =>
  padRows(
    rows.map((ids) => ({ ids })),
    Math.max(...rows.map((r) => r.length)),
    0,
  );

async function open(t: Test, file: string, size: number): Promise<SessionPool> {
  const pool = await SessionPool.open({ backend: { file }, provider: 'cpu', threads: 1 }, size);
  t.teardown(() => pool.close());
  return pool;
}

t.test('every batch gets its own answer, with more batches in flight than workers', async (t) => {
  const pool = await open(t, sumModel(tmp(t)), 3);
  t.equal(pool.size, 3);
  t.same(pool.inputNames, ['input_ids', 'attention_mask']);
  // Batch k holds rows [k, 2k] and [1, 2, 3, k]: sums 3k and 6 + k (padding is masked out).
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, k) =>
      pool.run(
        feeds([
          [k, 2 * k],
          [1, 2, 3, k],
        ]),
      ),
    ),
  );
  results.forEach((r, k) => {
    t.same(Array.from(r.data), [3 * k, 6 + k], `batch ${k}`);
    t.same(r.dims, [2, 1]);
    t.ok(r.ms >= 0);
  });
});

t.test('a file onnxruntime cannot parse is a SessionLoadError, and no worker is left behind', async (t) => {
  const dir = tmp(t);
  const bad = join(dir, 'bad.onnx');
  writeFileSync(bad, 'this is not a protobuf model at all');
  await t.rejects(SessionPool.open({ backend: { file: bad }, provider: 'cpu', threads: 1 }, 2), SessionLoadError);
  const missing = SessionPool.open({ backend: { file: join(dir, 'nope.onnx') }, provider: 'cpu', threads: 1 }, 1);
  await t.rejects(missing, SessionLoadError);
});

t.test('a graph with inputs no reward model has is refused with the names', async (t) => {
  const dir = tmp(t);
  const g = new OnnxGraph('kv');
  const ids = g.input('input_ids', 'int64', ['b', 't']);
  const past = g.input('past_key_values.0.key', 'float32', ['b', 't']);
  g.output(g.op('Add', [g.op('Cast', [ids], { to: attr.int(1) }), past]), 'logits', 'float32', ['b', 't']);
  writeFileSync(join(dir, 'kv.onnx'), g.encode().model);
  await t.rejects(
    SessionPool.open({ backend: { file: join(dir, 'kv.onnx') }, provider: 'cpu', threads: 1 }, 1),
    /past_key_values\.0\.key.*text-classification export/,
  );
});

t.test('close: queued batches are rejected, later runs refused, and closing twice is harmless', async (t) => {
  const pool = await open(t, sumModel(tmp(t)), 1);
  const first = pool.run(feeds([[1, 1]]));
  const queued = Promise.allSettled(Array.from({ length: 5 }, () => pool.run(feeds([[2, 2]]))));
  const closing = pool.close();
  t.same(Array.from((await first).data), [2], 'the batch already in the worker finishes');
  const settled = await queued;
  t.ok(
    settled.some((s) => s.status === 'rejected'),
    'batches still queued at close are rejected',
  );
  await closing;
  await t.rejects(pool.run(feeds([[1]])), /closed/);
  await pool.close();
});

// The hung-process check runs the built pool (dist/) in a child node, as the CLI does.
const child = (body: string) =>
  spawnSync(process.execPath, ['--input-type=module', '-e', `import { SessionPool } from ${JSON.stringify(join(root, 'dist/gpu/pool.js'))};\n${body}`], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });

t.test('a process exits on its own when its pool is idle, closed or not', async (t) => {
  const file = sumModel(tmp(t));
  const run = `const p = await SessionPool.open({ backend: { file: ${JSON.stringify(file)} }, provider: 'cpu', threads: 1 }, 3);
const ids = BigInt64Array.from([4n, 5n]), mask = BigInt64Array.from([1n, 1n]);
const r = await Promise.all([0, 1, 2, 3].map(() => p.run({ dims: [1, 2], input_ids: ids.slice(), attention_mask: mask.slice() })));
console.log(r.map((x) => x.data[0]).join(','));`;
  for (const [name, body] of [
    ['never closed', run],
    ['closed', `${run}\nawait p.close();`],
  ] as const) {
    const started = Date.now();
    const r = child(body);
    t.equal(r.signal, null, `${name}: not killed by the 30 s timeout (${r.stderr})`);
    t.equal(r.status, 0, `${name}: exit 0`);
    t.equal(r.stdout.trim(), '9,9,9,9', `${name}: 4 + 5 from each batch`);
    t.ok(Date.now() - started < 30_000, `${name}: exited in ${Date.now() - started} ms`);
  }
});

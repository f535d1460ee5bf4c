/**
 * Throughput of a local reward model through the whole (built) harness, against a bare onnxruntime-node
 * loop over the same pre-tokenized batches, and the batch invariance of its scores.
 *
 *   npm run bench [-- --model onnx:models/mini-bert?workers=1 --batch 32 --reps 5]
 *
 * Workload: every score request of the built-in pairwise and best-of-n suites (1,400 texts).
 * Harness path: dataset file → suite loader → requests in runner batches of `--batch` (4 in
 * flight) → tokenizer → length buckets and token-budget batches → worker-thread session
 * (transformers.js) → scores, with the cache off. Raw path: the whole workload bucketed and
 * packed at once by the same rule, tokenized beforehand into ready tensors, run one after
 * another on one InferenceSession in this thread with as many threads as the harness's sessions. Timings are medians of `--reps`
 * alternating runs after one warm-up each. The last line printed is a JSON object.
 * It imports the built library (dist/), what users run, so its worker threads are plain JS.
 */
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { suites as suiteRegistry } from '../dist/benchmarks/index.js';
import { MemoryStore } from '../dist/core/cache.js';
import { createModel } from '../dist/run/models.js';
import { parseModelSpec } from '../dist/core/model-spec.js';
import { datasetsDir } from '../dist/core/paths.js';
import { Progress } from '../dist/core/progress.js';
import { answerQueries } from '../dist/core/scorer.js';
import type { Query } from '../dist/core/suite.js';
import type { RewardModel, ScoreRequest } from '../dist/core/types.js';
import { tokenBudgetBatches } from '../dist/gpu/batching.js';
import { feedTensors, padRows } from '../dist/gpu/feeds.js';
import { RequestEncoder, type HfTokenizer } from '../dist/adapters/local/text.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, fallback: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1]! : fallback);
// One session, so `ratio` measures the harness's overhead against a loop with the same threads.
const spec = arg('--model', 'onnx:models/mini-bert?device=cpu&workers=1');
const defaultPool = spec.replace(/[?&]workers=\d+/, '');
const batch = Number(arg('--batch', '32'));
const reps = Number(arg('--reps', '5'));
const invarianceSizes = [1, 7, 32];

async function loadQueries(): Promise<Query[]> {
  const queries: Query[] = [];
  for (const id of ['pairwise', 'best-of-n']) {
    const { suite } = await suiteRegistry.load(id);
    const data = await suite.load(join(datasetsDir, suite.defaultData), {});
    for (const item of data.items) queries.push(...suite.plan(item, { score: true, compare: false }, {}));
  }
  return queries;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const quiet = () => new Progress({ label: '', total: 0, stream: process.stderr, mode: 'off' });

const loaded = await createModel(parseModelSpec(spec), { seed: 0, cwd: root });
const model = loaded.model;
const describe = () => 'bench';

async function harness(size: number, m: RewardModel = model): Promise<{ seconds: number; scores: number[] }> {
  const t0 = performance.now();
  const queries = await loadQueries();
  const { raw } = await answerQueries(m, new MemoryStore(), queries, { concurrency: 4, batchSize: size, describe, progress: quiet });
  return { seconds: (performance.now() - t0) / 1000, scores: raw as number[] };
}

// The raw loop gets the batches the harness would form if it saw every request at once (its
// scheduler only approaches them, gathering rows across the calls in flight): the whole workload
// bucketed and packed by the same rule, encoded with the adapter's encoder settings.
const requests = (await loadQueries()).map((q) => (q as Extract<Query, { kind: 'score' }>).request as ScoreRequest);
const dir = resolve(root, parseModelSpec(spec).target);
const tf = await import('@huggingface/transformers');
tf.env.allowRemoteModels = false;
const tok = (await tf.AutoTokenizer.from_pretrained(dir)) as unknown as HfTokenizer;
const encoder = new RequestEncoder(tok, { form: 'pair', addSpecialTokens: true, maxLength: 512 });
const encoded = requests.map((r) => encoder.encode(r));
const tensors = (rows: typeof encoded, width: number) => feedTensors(padRows(rows, width, 0), (d, dims) => new ort.Tensor('int64', d, dims));
const feeds = tokenBudgetBatches(
  encoded.map((e) => e.ids.length),
  { tokenBudget: 16384, maxBatch: 64 },
).map((g) =>
  tensors(
    g.rows.map((i) => encoded[i]!),
    g.width,
  ),
);
const tokens = encoded.reduce((a, e) => a + e.ids.length, 0);
// For comparison, what RewardBench-style batching runs: `batch` requests in dataset order, padded to the longest.
const naive: ReturnType<typeof tensors>[] = [];
for (let s = 0; s < encoded.length; s += batch) {
  const rows = encoded.slice(s, s + batch);
  naive.push(tensors(rows, Math.max(...rows.map((r) => r.ids.length))));
}
// The raw loop gets every thread the harness's sessions have together.
const threads = model.runtime!().threads * model.runtime!().workers;
const session = await ort.InferenceSession.create(join(dir, 'onnx', 'model.onnx'), {
  executionProviders: ['cpu'],
  intraOpNumThreads: threads,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
});
async function rawLoop(batches = feeds): Promise<number> {
  const t0 = performance.now();
  for (const f of batches) await session.run(f);
  return (performance.now() - t0) / 1000;
}

console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, node ${process.version}, onnxruntime-node ${ort.env.versions.node}`);
console.log(
  `model: ${spec} (${threads} intra-op threads); workload: ${requests.length} requests, ${tokens} tokens, batch ${batch}, ${feeds.length} session runs`,
);
await harness(batch);
await rawLoop();
const h: number[] = [];
const r: number[] = [];
for (let i = 0; i < reps; i++) {
  h.push((await harness(batch)).seconds);
  r.push(await rawLoop());
}
const [hs, rs] = [median(h), median(r)];
await rawLoop(naive);
const n: number[] = [];
for (let i = 0; i < reps; i++) n.push(await rawLoop(naive));
const ns = median(n);
console.log(`harness: ${h.map((x) => x.toFixed(2)).join(' / ')} s  →  ${(requests.length / hs).toFixed(1)} items/s`);
console.log(`raw ORT: ${r.map((x) => x.toFixed(2)).join(' / ')} s  →  ${(requests.length / rs).toFixed(1)} items/s`);
console.log(`raw ORT, ${naive.length} fixed batches of ${batch} padded to their longest: ${ns.toFixed(2)} s  →  ${(requests.length / ns).toFixed(1)} items/s`);

const bySize = new Map<number, number[]>();
for (const size of invarianceSizes) bySize.set(size, (await harness(size)).scores);
const base = bySize.get(invarianceSizes[0]!)!;
let maxDiff = 0;
for (const [size, scores] of bySize) {
  const d = Math.max(...scores.map((s, i) => Math.abs(s - base[i]!)));
  console.log(`batch ${String(size).padStart(2)}: max |score − score at batch ${invarianceSizes[0]}| = ${d.toExponential(2)}`);
  maxDiff = Math.max(maxDiff, d);
}
await session.release();
await model.dispose?.();

// The adapter's default pool, for the record (on small CPU models it is several sessions).
let pooled: { spec: string; workers: number; threads: number; items_per_s: number } | undefined;
if (defaultPool !== spec) {
  const other = (await createModel(parseModelSpec(defaultPool), { seed: 0, cwd: root })).model;
  await harness(batch, other);
  const times: number[] = [];
  for (let i = 0; i < reps; i++) times.push((await harness(batch, other)).seconds);
  const rt = other.runtime!();
  pooled = { spec: defaultPool, workers: rt.workers, threads: rt.threads, items_per_s: requests.length / median(times) };
  console.log(
    `default pool (${rt.workers} workers × ${rt.threads} threads): ${times.map((x) => x.toFixed(2)).join(' / ')} s  →  ${pooled.items_per_s.toFixed(1)} items/s`,
  );
  await other.dispose?.();
}
console.log(
  JSON.stringify({
    model: spec,
    requests: requests.length,
    tokens,
    batch,
    threads,
    harness_items_per_s: requests.length / hs,
    raw_items_per_s: requests.length / rs,
    ratio: rs / hs,
    batch_invariance_max_abs_diff: maxDiff,
    tokens_per_s: tokens / hs,
    raw_tokens_per_s: tokens / rs,
    raw_fixed_batches_items_per_s: requests.length / ns,
    ...(pooled && { default_pool: pooled }),
  }),
);

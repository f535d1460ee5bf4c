// Measures the harness's own overhead (no model cost): scoring throughput through the cache
// and batching layers, cold and warm, and the cost of the bootstrap. Prints its figures.
//   npx tsx scripts/bench-pipeline.ts [items=20000] [bootstrap=1000]
import { mkdtempSync, rmSync, statSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseModelSpec } from '../src/core/model-spec.js';
import { Rng } from '../src/core/random.js';
import { ScoredTable } from '../src/core/scored-table.js';
import { resultRows } from '../src/metrics/results.js';
import type { RunPlan } from '../src/run/plan.js';
import { runEvaluation } from '../src/run/runner.js';

const items = Number(process.argv[2] ?? 20_000);
const samples = Number(process.argv[3] ?? 1000);
const dir = mkdtempSync(join(tmpdir(), 'rg-bench-'));
const rng = new Rng(1);
const word = (): string => 'lorem ipsum dolor sit amet consectetur adipiscing elit'.split(' ')[rng.int(8)]!;
const text = (n: number): string => Array.from({ length: n }, word).join(' ');
const rows = Array.from({ length: items }, (_, i) => ({
  id: `r${i}`,
  prompt: `${text(12)} #${i}`,
  chosen: text(20 + rng.int(60)),
  rejected: text(20 + rng.int(60)),
  subset: `s${i % 10}`,
}));
const data = join(dir, 'pairs.jsonl');
writeFileSync(data, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');

const sink = new Writable({ write: (_c, _e, cb) => cb() });
const plan = (cache: boolean, concurrency: number): RunPlan => ({
  models: [parseModelSpec('heuristic:length')],
  suites: [{ id: 'pairwise', data, options: {} }],
  seed: 0,
  concurrency,
  bootstrap: { samples, level: 0.95 },
  cache: { dir: join(dir, 'cache'), enabled: cache },
  cwd: dir,
  command: [],
  config: {},
});

async function timed(label: string, p: RunPlan): Promise<void> {
  const t0 = performance.now();
  const { run } = await runEvaluation(p, { stderr: sink, progress: 'off', log: () => {} });
  const s = (performance.now() - t0) / 1000;
  const st = run.models[0]!.stats;
  console.log(
    `${label.padEnd(34)} ${s.toFixed(2).padStart(6)} s total  scoring ${st.seconds.toFixed(2)} s  ` +
      `${Math.round(st.uniqueRequests / st.seconds).toLocaleString('en')} requests/s  model calls ${st.modelCalls}  rows ${run.results.length}`,
  );
}

console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, node ${process.version}`);
console.log(`${items} pairwise items (${2 * items} requests), 10 subsets, bootstrap B = ${samples}`);
await timed('no cache', plan(false, 4));
await timed('cold disk cache (writes every batch)', plan(true, 4));
await timed('warm disk cache (0 model calls)', plan(true, 4));
await timed('warm disk cache, concurrency 1', plan(true, 1));
const cacheFile = readdirSync(join(dir, 'cache'))[0]!;
console.log(`cache file: ${(statSync(join(dir, 'cache', cacheFile)).size / 1e6).toFixed(2)} MB for ${2 * items} scores`);

// The bootstrap alone: one metric on one subset of n items, B resamples.
const scored = ScoredTable.from(rows.map((r, i) => ({ id: r.id, cluster: r.id, values: { accuracy: i % 3 === 0 ? 1 : 0 } })));
const t0 = performance.now();
resultRows('m', 's', [{ id: 'accuracy', description: '', higherIsBetter: true }], scored, { seed: 0, samples, level: 0.95 });
console.log(`bootstrap: n = ${items}, B = ${samples}: ${((performance.now() - t0) / 1000).toFixed(3)} s per metric row`);
rmSync(dir, { recursive: true, force: true });

// One measured run for bench-scale.ts, in its own process so its peak RSS is its own:
//   node scripts/bench-scale-child.mjs run DATA OUT CACHE_DIR   → the runner through dist, by stage
//   node scripts/bench-scale-child.mjs bootstrap N B            → one bootstrap row of n clusters
// Prints one JSON line. Plain JS over dist/ (built by `npm run bench:scale`), so no loader is measured.
import { Writable } from 'node:stream';
import { resolve } from 'node:path';

const [mode, ...rest] = process.argv.slice(2);
const dist = (p) => import(new URL(`../dist/${p}`, import.meta.url).href);
const peakMB = () => process.resourceUsage().maxRSS / 1024;

if (mode === 'bootstrap') {
  const { bootstrapIntervals, weightedMean } = await dist('metrics/bootstrap.js');
  const n = Number(rest[0]);
  const samples = Number(rest[1]);
  const sums = Float64Array.from({ length: n }, (_, k) => (((k * 2654435761) >>> 0) % 3 === 0 ? 1 : 0));
  const stat = weightedMean(sums, new Uint32Array(n).fill(1));
  const t0 = performance.now();
  const [ci] = bootstrapIntervals(n, [stat], { samples, level: 0.95, seed: 1 });
  console.log(JSON.stringify({ n, samples, seconds: (performance.now() - t0) / 1000, ci }));
} else {
  const [data, out, cache] = rest.map((p) => resolve(p));
  const { parseModelSpec } = await dist('core/model-spec.js');
  const { runEvaluation } = await dist('run/runner.js');
  const { writeRunDir } = await dist('core/run-file.js');
  const phases = { load: 0, score: 0, statistics: 0, write: 0 };
  const t0 = performance.now();
  const plan = {
    models: [parseModelSpec('heuristic:length')],
    suites: [{ id: 'pairwise', data, options: {} }],
    seed: 0,
    concurrency: 4,
    bootstrap: { samples: 1000, level: 0.95 },
    cache: { dir: cache, enabled: true },
    cwd: process.cwd(),
    command: [],
    config: {},
  };
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const { run, lines, spool } = await runEvaluation(plan, { stderr: sink, progress: 'off', log: () => {}, phase: (s, sec) => (phases[s] += sec) });
  const w0 = performance.now();
  await writeRunDir(out, run, spool ?? lines);
  spool?.dispose();
  phases.write = (performance.now() - w0) / 1000;
  const all = run.results.find((r) => r.subset === 'all' && r.metric === 'accuracy');
  console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000, phases, n: all?.n, accuracy: all?.value, ci: all?.ci, peakMB: peakMB() }));
}

// Dataset-scale figures: for generated pairwise sets of 10k, 100k and 1M pairs (about 710 bytes a
// pair, 10 subsets), one `heuristic:length` run with a cold cache and B = 1000 (wall, items/s,
// peak RSS, and the share of loading, scoring, statistics and writing), `score --data` over the
// same file, and one bootstrap row at n = 100,000. Each in its own process; the last line is JSON.
//   npm run bench:scale [-- 10000,100000]
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const sizes = (process.argv[2] ?? '10000,100000,1000000').split(',').map(Number);
const here = fileURLToPath(new URL('.', import.meta.url));
const bin = join(here, '..', 'dist', 'cli', 'bin.js');
const dir = mkdtempSync(join(tmpdir(), 'rg-scale-'));

/** Pairs from a small LCG: distinct texts of 40 words in all, two pairs per prompt, ten subsets. */
async function generate(n: number, file: string): Promise<void> {
  const words = 'the of and to in is that for it as with was on be by this are or from at an not have which'.split(' ');
  let s = 12345;
  const next = (k: number): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s % k);
  const text = (len: number): string => Array.from({ length: len }, () => words[next(words.length)]).join(' ');
  const out = createWriteStream(file);
  let prompt = '';
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) prompt = `question ${i / 2}: ${text(40)}`;
    const line = `${JSON.stringify({ id: `p${i}`, prompt, chosen: `${i} ${text(55 + next(25))}`, rejected: `${i} ${text(55 + next(25))}`, subset: `s${i % 10}` })}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** A child's wall time, its peak RSS (GNU time) and its JSON line. */
function measure(args: string[]): { wall: number; peakMB: number; code: number | null; json?: Record<string, unknown>; error?: string } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'RG_MAXRSS_KB=%M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const wall = (performance.now() - t0) / 1000;
  const kb = Number(/RG_MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  const json = last.startsWith('{') ? (JSON.parse(last) as Record<string, unknown>) : undefined;
  const error =
    r.status === 0
      ? undefined
      : r.stderr
          .replace(/RG_MAXRSS_KB=\d+/, '')
          .trim()
          .split('\n')
          .slice(-3)
          .join(' | ');
  return { wall, peakMB: kb / 1024, code: r.status, ...(json && { json }), ...(error && { error }) };
}

const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;
const results: Record<string, unknown>[] = [];
console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, node ${process.version}, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
try {
  for (const n of sizes) {
    const data = join(dir, `pairs-${n}.jsonl`);
    await generate(n, data);
    const mb = statSync(data).size / 2 ** 20;
    const run = measure([join(here, 'bench-scale-child.mjs'), 'run', data, join(dir, `run-${n}`), join(dir, `cache-run-${n}`)]);
    const phases = (run.json?.phases ?? {}) as Record<string, number>;
    const share = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, round(v / (run.json?.seconds as number), 3)]));
    const score = measure([
      bin,
      'score',
      '--data',
      data,
      '-m',
      'heuristic:length',
      '--out',
      join(dir, `score-${n}.jsonl`),
      '--cache-dir',
      join(dir, `cache-score-${n}`),
      '--quiet',
    ]);
    const row = {
      pairs: n,
      fileMB: round(mb, 1),
      run: {
        code: run.code,
        wall: round(run.wall),
        itemsPerSecond: Math.round(n / run.wall),
        peakMB: Math.round(run.peakMB),
        n: run.json?.n,
        share,
        ...(run.error && { error: run.error }),
      },
      score: {
        code: score.code,
        wall: round(score.wall),
        itemsPerSecond: Math.round(n / score.wall),
        peakMB: Math.round(score.peakMB),
        ...(score.error && { error: score.error }),
      },
    };
    results.push(row);
    console.log(
      `${String(n).padStart(8)} pairs (${mb.toFixed(0)} MB)  run: ${run.code === 0 ? `${row.run.wall} s, ${row.run.itemsPerSecond} items/s, ${row.run.peakMB} MB peak, shares ${JSON.stringify(share)}` : `FAILED (${run.error})`}` +
        `  score: ${score.code === 0 ? `${row.score.wall} s, ${row.score.peakMB} MB peak` : `FAILED (${score.error})`}`,
    );
    rmSync(data);
  }
  const boot = measure([join(here, 'bench-scale-child.mjs'), 'bootstrap', '100000', '1000']);
  console.log(`one bootstrap row, n = 100,000, B = 1000: ${round(boot.json?.seconds as number, 3)} s`);
  console.log(
    JSON.stringify({
      machine: `${cpus()[0]?.model} x ${cpus().length}`,
      node: process.version,
      loadavg: loadavg().map((x) => round(x)),
      sizes: results,
      bootstrapRow: { n: 100000, samples: 1000, seconds: boot.json?.seconds },
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

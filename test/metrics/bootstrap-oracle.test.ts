import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { bootstrapIntervals, drawResamples, weightedMean, type WeightedStatistic } from '../../src/metrics/bootstrap.js';
import { drawResamplesParallel } from '../../src/metrics/parallel-draws.js';
import { Rng } from '../../src/core/random.js';
import { OracleRng, oracleWeightedMean } from '../support/oracles/bootstrap-v1.js';
import { oracleIntervals, oracleResample } from '../support/oracles/bootstrap-v2.js';
import { root } from '../support/helpers.js';

// The fast kernel must reproduce the bootstrap's stream (version 2) bit for bit, from its
// definition: same seed, same draws, same intervals, on one thread or several.

t.test('drawResamples draws resample r from its own generator, on both index paths and through rejections', async (t) => {
  // 2^21 − 1 is the largest n on the multiply-shift path and 2^21 + 5 is on the modulo path. The
  // modulo path rejects about once in 2,000 draws there, but multiply-shift at 2^21 − 1 only once
  // in 2 million (2^32 mod n = 2048); at 2^21 − 513 it rejects once in 4,096 draws (2^32 mod n ≈
  // 2^20), so drawResamples replays about a thousand of its blocks of four draws. At 2^22 the
  // modulo path's limit is 2^32 itself: nothing is rejected.
  for (const [n, samples, seed] of [
    [1, 3, 0],
    [2, 50, 1],
    [7, 40, 2],
    [1000, 5, 3],
    [2 ** 21 - 1, 2, 4],
    [2 ** 21 - 513, 2, 6],
    [2 ** 21 + 5, 2, 5],
    [2 ** 22, 1, 7],
  ] as const) {
    let same = true;
    let seen = 0;
    drawResamples(n, samples, seed, (w, r) => {
      const expected = oracleResample(n, seed, r);
      for (let k = 0; k < n && same; k++) same = w[k] === expected[k];
      same &&= r === seen++;
    });
    t.ok(same && seen === samples, `n=${n}, B=${samples}, seed=${seed}`);
  }
});

t.test('worker threads draw the same resamples, each handed over with its index', async (t) => {
  for (const [n, samples, workers] of [
    [1, 5, 1],
    [97, 300, 1],
    [5000, 64, 2],
  ] as const) {
    const seen = new Set<number>();
    let same = true;
    drawResamplesParallel(n, samples, 42, workers, (w, r) => {
      seen.add(r);
      const expected = oracleResample(n, 42, r);
      for (let k = 0; k < n && same; k++) same = w[k] === expected[k];
    });
    t.ok(same, `n=${n}, B=${samples}, ${workers} worker(s): every resample as defined`);
    t.equal(seen.size, samples, 'each resample once');
  }
  // This thread waits 5 ms on each resample it is handed, so a worker that starts within a second draws some.
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const fromWorkers = drawResamplesParallel(50, 200, 1, 1, () => void Atomics.wait(pause, 0, 0, 5));
  t.ok(fromWorkers > 0, `the worker drew ${fromWorkers} of 200 (it started, from this test's build)`);
});

t.test('Rng keeps its stream (it now starts from sfc32State)', async (t) => {
  const a = new Rng(123);
  const b = new OracleRng(123);
  t.same(
    Array.from({ length: 100 }, () => a.int(1000) + a.next() + a.normal()),
    Array.from({ length: 100 }, () => b.int(1000) + b.next() + b.normal()),
  );
});

t.test('bootstrapIntervals equals the oracle, NaN resamples and stateful statistics included, threads or not', async (t) => {
  const rng = new OracleRng(99);
  for (let trial = 0; trial < 20; trial++) {
    const n = 1 + rng.int(300);
    const sums = Float64Array.from({ length: n }, () => (rng.next() < 0.2 ? 0 : rng.normal()));
    const counts = Uint32Array.from(sums, (s) => (s === 0 && rng.next() < 0.5 ? 0 : 1 + rng.int(3)));
    const mean = weightedMean(sums, counts);
    // A subset of clusters, so some resamples draw none of it (NaN) and the index path runs.
    const part = Uint32Array.from(counts, (c, k) => (k % 3 === 0 ? c : 0));
    const partMean = weightedMean(sums, part);
    let last = 0;
    const first: WeightedStatistic = (w) => (last = mean(w));
    const second: WeightedStatistic = (w) => Math.abs(last - partMean(w));
    const stats = [first, partMean, second];
    const o = { samples: 1 + rng.int(400), level: [0.9, 0.95, 0.99][rng.int(3)]!, seed: rng.nextUint32() };
    const want = oracleIntervals(n, stats, o);
    for (const workers of trial % 4 === 0 ? [0, 1] : [0]) {
      const got = bootstrapIntervals(n, stats, o, workers);
      t.ok(
        got.every((ci, i) => ci.every((x, j) => Object.is(x, want[i]![j]))),
        `trial ${trial}: n=${n}, B=${o.samples}, ${workers} worker(s): [${got.join('; ')}] bit for bit`,
      );
    }
  }
  t.same(bootstrapIntervals(0, [() => 1], { samples: 10, level: 0.95, seed: 0 }), [[NaN, NaN]]);
});

t.test('weightedMean gives the bits of the in-order sum, on the four-accumulator path and off it', async (t) => {
  const rng = new OracleRng(7);
  const kinds = {
    'accuracies (0, ½, 1)': () => [0, 0.5, 1][rng.int(3)]!,
    'integer totals': () => rng.int(9),
    'continuous values': () => rng.normal(),
  };
  // Counts of 0 leave clusters out (the indexed path); counts of at least 1 take the dense path.
  for (const [kind, value] of Object.entries(kinds)) {
    for (const [n, least] of [
      [1, 0],
      [3, 0],
      [4, 0],
      [5, 0],
      [1001, 0],
      [3, 1],
      [4, 1],
      [1001, 1],
    ] as const) {
      const counts = Uint32Array.from({ length: n }, () => least + rng.int(4 - least));
      const sums = Float64Array.from(counts, (c) => Array.from({ length: c }, value).reduce((x, y) => x + y, 0));
      const fast = weightedMean(sums, counts);
      const slow = oracleWeightedMean(sums, counts);
      let same = true;
      drawResamples(n, 50, rng.nextUint32(), (w) => (same &&= Object.is(fast(w), slow(w))));
      t.ok(same, `${kind}, n=${n}, counts ≥ ${least}`);
    }
  }
});

t.test('the built package draws on its worker too (dist/metrics/draw-worker.js), the resamples as defined', async (t) => {
  // What `npx rewardgauge` runs: the worker is found beside dist/metrics/parallel-draws.js. This
  // thread waits 5 ms on each resample it is handed, so a worker that starts within a second draws some.
  const script = `
    const { drawResamplesParallel } = await import(${JSON.stringify(pathToFileURL(join(root, 'dist/metrics/parallel-draws.js')).href)});
    const pause = new Int32Array(new SharedArrayBuffer(4));
    const sums = [];
    const fromWorkers = drawResamplesParallel(300, 200, 9, 1, (w, r) => {
      sums[r] = w.reduce((s, x, k) => s + x * k, 0);
      Atomics.wait(pause, 0, 0, 5);
    });
    console.log(JSON.stringify({ fromWorkers, sums }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  const { fromWorkers, sums } = JSON.parse(r.stdout) as { fromWorkers: number; sums: number[] };
  t.ok(fromWorkers > 0, `the worker drew ${fromWorkers} of 200`);
  t.same(
    sums,
    Array.from({ length: 200 }, (_, r) => oracleResample(300, 9, r).reduce((s, x, k) => s + x * k, 0)),
    'every resample, whoever drew it',
  );
});

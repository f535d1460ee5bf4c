import t from 'tap';
import { RowScheduler } from '../../src/gpu/scheduler.js';

/**
 * The continuous batcher: every row gets its own answer, a batch holds one width and no more rows
 * than its capacity, no more batches run than allowed, rows of concurrent calls gather while the
 * workers are busy, and a failed batch fails only the calls that had rows in it.
 */

interface Probe {
  batches: { items: number[]; width: number }[];
  maxRunning: number;
}

/** A runner that answers item × 10 after `gate` opens, recording what it was given. */
function recorder(gate: () => Promise<void> = async () => {}, fail?: (items: number[]) => boolean) {
  const probe: Probe = { batches: [], maxRunning: 0 };
  let running = 0;
  const run = async (items: number[], width: number) => {
    probe.batches.push({ items, width });
    probe.maxRunning = Math.max(probe.maxRunning, ++running);
    await gate();
    running--;
    if (fail?.(items)) throw new Error(`batch ${items.join(',')} failed`);
    return items.map((i) => i * 10);
  };
  return { probe, run };
}

const rows = (items: number[], width: (i: number) => number) => items.map((item) => ({ item, width: width(item) }));

t.test('answers in row order, one width per batch, capacity and in-flight limits kept', async (t) => {
  const { probe, run } = recorder(() => new Promise((r) => setTimeout(r, 1)));
  const s = new RowScheduler<number>({ capacity: (w) => (w === 8 ? 3 : 2), inFlight: 2, run });
  const calls = [
    [1, 2, 3, 4, 5, 6, 7],
    [8, 9, 10],
    [11, 12, 13, 14, 15],
  ].map((items) => s.submit(rows(items, (i) => (i % 2 ? 8 : 16))));
  const out = await Promise.all(calls);
  t.same(out, [
    [10, 20, 30, 40, 50, 60, 70],
    [80, 90, 100],
    [110, 120, 130, 140, 150],
  ]);
  t.ok(
    probe.batches.every((b) => b.items.every((i) => (i % 2 ? 8 : 16) === b.width)),
    'each batch holds one width',
  );
  t.ok(
    probe.batches.every((b) => b.items.length <= (b.width === 8 ? 3 : 2)),
    'no batch over its capacity',
  );
  t.ok(probe.maxRunning <= 2, `at most 2 batches at once (saw ${probe.maxRunning})`);
  t.same(
    probe.batches.flatMap((b) => b.items).sort((a, b) => a - b),
    Array.from({ length: 15 }, (_, i) => i + 1),
    'every row ran exactly once',
  );
  t.equal(s.waiting, 0);
});

t.test('rows of later calls gather behind a busy worker into full batches, oldest first', async (t) => {
  let open!: () => void;
  const first = new Promise<void>((r) => (open = r));
  let calls = 0;
  const { probe, run } = recorder(() => (calls++ === 0 ? first : Promise.resolve()));
  const s = new RowScheduler<number>({ capacity: () => 4, inFlight: 1, run });
  const a = s.submit(rows([1], () => 8));
  // While [1] runs, three calls bring one or two rows each of width 8 and one of width 16.
  const b = s.submit(rows([2, 3], () => 8));
  const c = s.submit(rows([4, 50], (i) => (i < 10 ? 8 : 16)));
  const d = s.submit(rows([5], () => 8));
  t.equal(s.waiting, 5, 'five rows wait');
  open();
  await Promise.all([a, b, c, d]);
  t.same(
    probe.batches.map((x) => [x.width, x.items]),
    [
      [8, [1]],
      [8, [2, 3, 4, 5]],
      [16, [50]],
    ],
    'the width-8 rows of three calls share one batch; then the width-16 row',
  );
});

t.test('a failed batch rejects the calls with rows in it; the others complete', async (t) => {
  const { run } = recorder(undefined, (items) => items.includes(3));
  const s = new RowScheduler<number>({ capacity: () => 1, inFlight: 1, run });
  const good = s.submit(rows([1, 2], () => 8));
  const bad = s.submit(rows([3, 4], () => 8));
  const later = s.submit(rows([5], () => 8));
  t.same(await good, [10, 20]);
  await t.rejects(bad, /batch 3 failed/);
  t.same(await later, [50], 'the scheduler keeps going after a failure');
});

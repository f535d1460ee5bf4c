import { availableParallelism } from 'node:os';
import { startWorker } from '../core/start-worker.js';
import { FREE, FREE_SEQ, FULL, FULL_SEQ, LOST, NEXT, SLOTS, type DrawJob } from './draw-protocol.js';
import { drawResample, resampleStates } from './resample.js';

/**
 * The bootstrap's draws on several threads, its statistics on this one. Statistics are closures
 * over the data, so they stay here; the draws (about two thirds of a row's time) need only n and
 * each resample's generator state, so worker threads draw resamples into shared slots while this
 * thread evaluates full slots and, when none is full, draws a resample itself. The call stays
 * synchronous (it blocks on Atomics.wait), and a worker that is slow to start only means this
 * thread draws more. Each resample is drawn from its own state and handed over with its index,
 * so what `each` sees for resample r does not depend on which thread drew it, or when.
 */

/** Draws below this many (n × B) stay on one thread: a worker costs tens of milliseconds to start. */
export const PARALLEL_MIN_DRAWS = 2 ** 23;

/** How many draw workers a job of n × B draws gets: one per spare core (at most 3), none for small jobs. */
export function drawWorkers(n: number, samples: number): number {
  if (n * samples < PARALLEL_MIN_DRAWS) return 0;
  return Math.max(0, Math.min(3, availableParallelism() - 1));
}

/** The shared slots' memory, at most (unless n is so large that one slot per worker, plus one, exceeds it). */
const SLOT_BYTES = 64 * 2 ** 20;

/** A worker that stops answering for this long (it died uncaught) fails the call instead of hanging it. */
const STALL_MS = 60_000;

/** `drawResamples` with `workers` draw threads; `each` gets resamples in the order they are ready. Returns how many the workers drew. */
export function drawResamplesParallel(n: number, samples: number, seed: number, workers: number, each: (weights: Uint32Array, r: number) => void): number {
  if (n === 0 || samples === 0) return 0;
  // Enough slots that a worker rarely waits while this thread draws and evaluates one of its own, within 64 MB.
  const slots = Math.max(workers + 1, Math.min(8 * workers, Math.floor(SLOT_BYTES / (4 * n))));
  const control = new SharedArrayBuffer(4 * (SLOTS + 2 * slots));
  const ctrl = new Int32Array(control);
  const shared = new SharedArrayBuffer(4 * n * slots);
  const states = resampleStates(seed, samples);
  const job: DrawJob = { n, samples, slots, control, weights: shared, states };
  for (let i = 0; i < workers; i++) {
    const w = startWorker(import.meta.url, 'draw-worker', { workerData: job });
    // A worker that fails to start has claimed nothing: this thread draws its share. Later errors are reported through LOST.
    w.on('error', () => {});
    w.unref();
  }
  const view = (s: number): Uint32Array => new Uint32Array(shared, 4 * n * s, n);
  const own = new Uint32Array(n);
  let done = 0;
  let fromWorkers = 0;
  let waitedSince: number | undefined;
  while (done < samples) {
    const s = fullSlot(ctrl, slots);
    if (s >= 0) {
      each(view(s), ctrl[SLOTS + slots + s]!);
      Atomics.store(ctrl, SLOTS + s, FREE);
      Atomics.add(ctrl, FREE_SEQ, 1);
      Atomics.notify(ctrl, FREE_SEQ);
      done++;
      fromWorkers++;
      waitedSince = undefined;
      continue;
    }
    const lost = Atomics.exchange(ctrl, LOST, 0);
    const r = lost > 0 ? lost - 1 : Atomics.add(ctrl, NEXT, 1);
    if (r < samples) {
      drawResample(n, states, r, own);
      each(own, r);
      done++;
      waitedSince = undefined;
      continue;
    }
    // Every resample is claimed and the rest are being drawn by workers: wait for one to fill.
    const seq = Atomics.load(ctrl, FULL_SEQ);
    if (fullSlot(ctrl, slots) >= 0 || Atomics.load(ctrl, LOST) > 0) continue;
    waitedSince ??= Date.now();
    if (Date.now() - waitedSince > STALL_MS) throw new Error(`bootstrap: a draw worker stopped answering (${samples - done} of ${samples} resamples missing)`);
    Atomics.wait(ctrl, FULL_SEQ, seq, 1000);
  }
  return fromWorkers;
}

function fullSlot(ctrl: Int32Array, slots: number): number {
  for (let s = 0; s < slots; s++) if (Atomics.load(ctrl, SLOTS + s) === FULL) return s;
  return -1;
}

import { workerData } from 'node:worker_threads';
import { DRAWING, FREE, FREE_SEQ, FULL, FULL_SEQ, LOST, NEXT, SLOTS, type DrawJob } from './draw-protocol.js';
import { drawResample } from './resample.js';

// A draw thread of parallel-draws.ts: claims resample indices, draws each into a free shared slot, marks it full.
const { n, samples, slots, control, weights, states } = workerData as DrawJob;
const ctrl = new Int32Array(control);

function claimSlot(): number {
  for (;;) {
    const seq = Atomics.load(ctrl, FREE_SEQ);
    for (let s = 0; s < slots; s++) if (Atomics.compareExchange(ctrl, SLOTS + s, FREE, DRAWING) === FREE) return s;
    Atomics.wait(ctrl, FREE_SEQ, seq, 1000);
  }
}

for (;;) {
  const r = Atomics.add(ctrl, NEXT, 1);
  if (r >= samples) break;
  try {
    const s = claimSlot();
    drawResample(n, states, r, new Uint32Array(weights, 4 * n * s, n));
    ctrl[SLOTS + slots + s] = r;
    Atomics.store(ctrl, SLOTS + s, FULL);
    Atomics.add(ctrl, FULL_SEQ, 1);
    Atomics.notify(ctrl, FULL_SEQ);
  } catch (e) {
    // Hand the resample back for the main thread to draw, then fail loudly in this thread.
    Atomics.store(ctrl, LOST, r + 1);
    Atomics.notify(ctrl, FULL_SEQ);
    throw e;
  }
}

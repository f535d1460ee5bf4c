// What parallel-draws.ts and its draw-worker.ts threads share: the layout of the control words and the job.

/** The control words shared with the workers (Int32Array indices); slot s's state is at SLOTS + s, its resample at SLOTS + slots + s. */
export const NEXT = 0; // the next resample index to claim
export const FULL_SEQ = 1; // bumped when a slot fills
export const FREE_SEQ = 2; // bumped when a slot is freed
export const LOST = 3; // resample index + 1 that a failed worker could not deliver (0: none)
export const SLOTS = 4;
export const FREE = 0;
export const DRAWING = 1;
export const FULL = 2;

export interface DrawJob {
  n: number;
  samples: number;
  slots: number;
  control: SharedArrayBuffer;
  weights: SharedArrayBuffer;
  states: Uint32Array;
}

/**
 * Continuous batching for the session pool: rows from every score() call in flight wait in one
 * queue per padded width, and whenever fewer than `inFlight` batches are running the queue whose
 * oldest row is oldest is sent, as full as its width allows. While the workers are busy, rows
 * from later calls pile up behind earlier ones of the same width, so batches fill even when each
 * call brings only a few rows of each width. Which rows share a batch never changes a row's
 * shape (its width is its own), so it cannot change its score either.
 */
export interface Row<T> {
  item: T;
  width: number;
}

interface Waiting<T, R> {
  item: T;
  seq: number;
  resolve: (v: R) => void;
  reject: (e: unknown) => void;
}

/** `R` is what a row gets back: a reward (number), or a causal LM's log-probabilities (number[]). */
export interface SchedulerOptions<T, R = number> {
  /** Rows one batch of this width may hold. */
  capacity: (width: number) => number;
  /** Batches running (or queued in the pool) at once; more rows wait here and gather. */
  inFlight: number;
  /** Run one batch; one result per row, in order. */
  run: (items: T[], width: number) => Promise<R[]>;
}

export class RowScheduler<T, R = number> {
  private readonly queues = new Map<number, Waiting<T, R>[]>();
  private running = 0;
  private seq = 0;

  constructor(private readonly o: SchedulerOptions<T, R>) {}

  submit(rows: readonly Row<T>[]): Promise<R[]> {
    const done = rows.map(
      (r) =>
        new Promise<R>((resolve, reject) => {
          const q = this.queues.get(r.width) ?? [];
          q.push({ item: r.item, seq: this.seq++, resolve, reject });
          this.queues.set(r.width, q);
        }),
    );
    this.pump();
    return Promise.all(done);
  }

  /** Rows waiting, for tests and progress. */
  get waiting(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  private pump(): void {
    while (this.running < this.o.inFlight) {
      let width: number | undefined;
      let oldest = Infinity;
      for (const [w, q] of this.queues) {
        if (q[0]!.seq < oldest) [width, oldest] = [w, q[0]!.seq];
      }
      if (width === undefined) return;
      const q = this.queues.get(width)!;
      const batch = q.splice(0, Math.max(1, this.o.capacity(width)));
      if (q.length === 0) this.queues.delete(width);
      this.running++;
      this.o
        .run(
          batch.map((w) => w.item),
          width,
        )
        .then(
          (values) => batch.forEach((w, i) => w.resolve(values[i]!)),
          (err: unknown) => batch.forEach((w) => w.reject(err)),
        )
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
  }
}

import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../core/start-worker.js';
import type { Feeds, FromWorker, SessionSpec, ToWorker } from './session-protocol.js';

/**
 * A pool of worker threads, each holding one ONNX session of the same model. Batches queue and go
 * to the first idle worker; results come back in whatever order the workers finish, each matched
 * to its own promise. Idle workers are unref'd, so a pool that is never closed cannot keep the
 * process alive; `close()` ends them for good.
 */

/** The model could not be loaded (bad file, missing provider): the caller decides the exit code. */
export class SessionLoadError extends Error {
  override name = 'SessionLoadError';
}

export interface BatchResult {
  data: Float32Array;
  dims: number[];
  /** Milliseconds the batch spent in the session. */
  ms: number;
  /** Each row's token log-probabilities, rows concatenated, when the feeds asked for them (`logprobsFrom`). */
  logprobs?: Float64Array;
}

interface Job {
  id: number;
  feeds: Feeds;
  resolve: (r: BatchResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  job?: Job;
}

export class SessionPool {
  private readonly queue: Job[] = [];
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;

  private constructor(
    private readonly slots: Slot[],
    readonly inputNames: readonly string[],
  ) {
    for (const slot of slots) this.watch(slot);
  }

  /** Start `size` workers and load the model in each; rejects with SessionLoadError if any fails. */
  static async open(spec: SessionSpec, size: number): Promise<SessionPool> {
    const workers = Array.from({ length: size }, () => startWorker(import.meta.url, 'session-worker'));
    // Every worker's answer is awaited before any is ended: terminating a thread while onnxruntime
    // is still creating its session can abort the whole process (seen once in the test suite as
    // "terminate called after throwing an instance of 'Napi::Error'", exit 134).
    const answers = await Promise.allSettled(
      workers.map(async (w) => {
        w.postMessage({ type: 'init', spec } satisfies ToWorker);
        // once() rejects if the worker emits 'error' first (an uncaught exception while loading).
        const [msg] = (await once(w, 'message')) as [FromWorker];
        if (msg.type !== 'ready') throw new SessionLoadError(msg.type === 'init-error' ? msg.message : `unexpected ${msg.type} from a session worker`);
        return msg.inputNames;
      }),
    );
    const failed = answers.find((a): a is PromiseRejectedResult => a.status === 'rejected');
    if (failed === undefined)
      return new SessionPool(
        workers.map((worker) => ({ worker })),
        (answers[0] as PromiseFulfilledResult<readonly string[]>).value,
      );
    await Promise.all(workers.map((w) => w.terminate()));
    const err: unknown = failed.reason;
    throw err instanceof SessionLoadError ? err : new SessionLoadError(err instanceof Error ? err.message : String(err));
  }

  get size(): number {
    return this.slots.length;
  }

  run(feeds: Feeds): Promise<BatchResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new Error('the session pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, feeds, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      const f = job.feeds;
      const buffers = [f.input_ids.buffer, f.attention_mask.buffer, ...(f.token_type_ids ? [f.token_type_ids.buffer] : [])] as ArrayBuffer[];
      slot.worker.postMessage({ type: 'run', id: job.id, feeds: f } satisfies ToWorker, buffers);
    }
  }

  private watch(slot: Slot): void {
    slot.worker.on('message', (m: FromWorker) => {
      const job = slot.job;
      if (!job || (m.type !== 'result' && m.type !== 'run-error') || m.id !== job.id) return;
      slot.job = undefined;
      slot.worker.unref();
      if (m.type === 'result') job.resolve({ data: m.data, dims: m.dims, ms: m.ms, ...(m.logprobs && { logprobs: m.logprobs }) });
      else job.reject(new Error(m.message));
      this.dispatch();
    });
    const die = (why: string) => {
      if (this.closing) return;
      this.fail(new Error(`a session worker stopped unexpectedly (${why})`));
    };
    slot.worker.on('error', (e) => die(e.message));
    slot.worker.on('exit', (code) => die(`exit code ${code}`));
    // Adding a 'message' listener refs the worker's port again; idle workers must not hold the process.
    slot.worker.unref();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const s of this.slots) {
      s.job?.reject(err);
      s.job = undefined;
    }
    for (const j of this.queue.splice(0)) j.reject(err);
  }

  /** Stop every worker (after their current batch); queued batches are rejected. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const j of this.queue.splice(0)) j.reject(new Error('the session pool is closed'));
    await Promise.all(
      this.slots.map(async ({ worker }) => {
        const exited = once(worker, 'exit');
        worker.postMessage({ type: 'close' } satisfies ToWorker);
        const timer = setTimeout(() => void worker.terminate(), 5000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}

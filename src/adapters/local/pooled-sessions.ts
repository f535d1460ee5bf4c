import type { ModelRuntime } from '../../core/types.js';
import type { BatchResult, SessionPool } from '../../gpu/pool.js';
import { runtimeBlock, type RuntimeSetting } from '../../gpu/runtime.js';
import type { Feeds } from '../../gpu/session-protocol.js';

/**
 * A local model's session pool and what it has done, shared by the reward models
 * (local-model.ts) and the causal LMs (causal-model.ts): the pool opens on the first batch (a run
 * answered from the cache never loads the weights), and run.json's runtime block counts batches,
 * padded tokens, session time and the time any call was in flight.
 */
export class PooledSessions {
  private readonly totals = { batches: 0, items: 0, tokens: 0, padded: 0, sessionMs: 0, busyMs: 0 };
  private active = 0;
  private busySince = 0;
  private pool: Promise<SessionPool> | undefined;

  constructor(
    private readonly open: () => Promise<SessionPool>,
    private readonly setting: RuntimeSetting,
  ) {}

  /** One padded batch of `rows` rows, `cols` wide. */
  async run(feeds: Feeds, rows: number, cols: number): Promise<BatchResult> {
    const out = await (await (this.pool ??= this.open())).run(feeds);
    this.totals.batches++;
    this.totals.padded += rows * cols;
    this.totals.sessionMs += out.ms;
    return out;
  }

  /** A call of the model: busy time counts while any call is in flight; its items and real tokens count once it is done. */
  async call<T>(items: number, tokens: number, work: () => Promise<T>): Promise<T> {
    if (this.active++ === 0) this.busySince = performance.now();
    try {
      const out = await work();
      this.totals.items += items;
      this.totals.tokens += tokens;
      return out;
    } finally {
      if (--this.active === 0) this.totals.busyMs += performance.now() - this.busySince;
    }
  }

  runtime(): ModelRuntime {
    const { batches, items, tokens, padded, sessionMs, busyMs } = this.totals;
    return runtimeBlock(this.setting, { batches, items, tokens, paddedTokens: padded, sessionSeconds: sessionMs / 1000, busySeconds: busyMs / 1000 });
  }

  async dispose(): Promise<void> {
    // A pool that failed to open has nothing to close (its error was reported by the call that opened it).
    const opened = await this.pool?.catch(() => undefined);
    await opened?.close();
  }
}

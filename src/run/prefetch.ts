import { DiskStore, openStore } from '../core/cache.js';
import { Progress } from '../core/progress.js';
import { answerQueries } from '../core/scorer.js';
import type { LoadedModel } from '../core/types.js';
import type { Prefetch, RunIO, RunPlan } from './plan.js';

/**
 * Answers `prefetch` into the score cache while the model is still loaded, so that the step
 * that asks for them later finds every score there and never loads the model again (its sessions
 * and workers open on the first request the cache lacks). Nothing here reaches run.json: the
 * model's stats and runtime are taken before. A failure is a warning, not the run's: the later
 * step scores what is missing itself, and says so as it does today.
 */
export async function prefetchScores(loaded: LoadedModel, prefetch: Prefetch, plan: RunPlan, io: RunIO): Promise<void> {
  const { model } = loaded;
  // Without a disk cache each step has its own memory store, so scoring ahead would only score twice.
  if (!plan.cache.enabled || !model.score || prefetch.requests.length === 0) return;
  try {
    const store = await openStore(plan.cache, plan.cwd, model.fingerprint, io.warnCache);
    const { stats } = await answerQueries(
      model,
      store,
      prefetch.requests.map((request) => ({ kind: 'score', request })),
      {
        concurrency: plan.concurrency,
        batchSize: plan.batchSize ?? loaded.batchSize,
        describe: prefetch.describe,
        progress: (total) => new Progress({ label: `${model.id} (${prefetch.label})`, total, stream: io.stderr, mode: total > 0 ? io.progress : 'off' }),
      },
    );
    if (store instanceof DiskStore) await store.sync();
    io.log(`${model.id}: ${prefetch.label}: ${stats.requests} requests scored ahead, ${stats.cacheHits} from cache, ${stats.modelCalls} model calls`);
  } catch (err) {
    io.log(
      `${model.id}: warning: ${prefetch.label} not scored ahead (${err instanceof Error ? err.message : String(err)}); it will be scored when it is needed`,
    );
  }
}

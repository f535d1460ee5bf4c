import { DiskStore, openStore } from '../core/cache.js';
import { warnTo } from '../core/cache-dir.js';
import { createModel } from '../run/models.js';
import { Progress } from '../core/progress.js';
import type { ModelEntry } from '../core/run-schema.js';
import { answerQueries } from '../core/scorer.js';
import type { Query } from '../core/suite.js';
import type { LoadedModel, ModelSpec, ScoreRequest } from '../core/types.js';
import { toScalar } from '../metrics/to-scalar.js';
import type { ProbeSettings } from './settings.js';

/**
 * Score requests with one model through the score cache, as every probe does: load the model,
 * answer what the cache lacks, keep the cache, and describe the model for run.json. Shared by
 * the best-of-n pool scoring and the reward-distance probe, so both hit the same cache keys.
 */
export async function scoreRequests(
  spec: ModelSpec,
  id: string,
  requests: readonly ScoreRequest[],
  describe: (k: number) => string,
  s: ProbeSettings,
  check?: (loaded: LoadedModel) => void,
): Promise<{ entry: ModelEntry; scores: number[] }> {
  const loaded = await createModel({ ...spec, id }, { seed: s.seed, cwd: spec.baseDir ?? s.cwd, ...(s.device !== undefined && { device: s.device }) });
  try {
    check?.(loaded);
    const { model } = loaded;
    const queries: Query[] = requests.map((request): Query => ({ kind: 'score', request }));
    const store = await openStore(s.cache, s.cwd, model.fingerprint, warnTo(s.stderr));
    const { raw, stats } = await answerQueries(model, store, queries, {
      concurrency: s.concurrency,
      batchSize: s.batchSize ?? loaded.batchSize,
      describe,
      progress: (total) => new Progress({ label: id, total, stream: s.stderr, mode: total > 0 ? s.progress : 'off' }),
    });
    if (store instanceof DiskStore) await store.sync();
    const scores = raw.map((r, k) => toScalar(r, loaded, () => describe(k)));
    const entry: ModelEntry = {
      id,
      spec: spec.source,
      adapter: spec.adapter,
      fingerprint: model.fingerprint,
      baseline: model.baseline === true,
      options: spec.options,
      stats,
      warnings: [...(model.warnings ?? [])],
    };
    return { entry, scores };
  } finally {
    await loaded.model.dispose?.();
  }
}

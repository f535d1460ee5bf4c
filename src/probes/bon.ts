import { defaultModelId, uniqueIds } from '../core/model-spec.js';
import { ScoredTable } from '../core/scored-table.js';
import { resultRows } from '../metrics/results.js';
import type { MetricEntry, ModelEntry, ResultRow } from '../core/run-schema.js';
import type { ProbeScoreLine } from '../core/score-line.js';
import type { ModelSpec, ScoreRequest } from '../core/types.js';
import { bestOfN, bonSizes, klBestOfN } from '../metrics/bon.js';
import { fitBonGao } from '../metrics/gao-fit.js';
import { curveFitRows } from './fit-rows.js';
import type { Pool } from './pool.js';
import { scoreRequests } from './score-requests.js';
import type { ProbeSettings } from './settings.js';

/**
 * The Best-of-N probe: each proxy RM scores every sample of a pool; for n = 1, 2, 4, ... N the
 * exact expected gold (and proxy) of the sample it would pick among n drawn without
 * replacement, the oracle (best gold among n) and random curves, KL_bon(n), and Gao et al.'s
 * fit gold − gold(1) = d(α − βd) with d = √KL_bon. Rows use suite `bon` and subsets `n=<n>`.
 */

export const BON_METRICS: MetricEntry[] = [
  {
    id: 'gold',
    description: 'E[gold of the sample the proxy ranks first among n drawn without replacement] (exact; proxy ties split evenly)',
    higherIsBetter: true,
  },
  { id: 'proxy', description: 'E[proxy score of that sample]', higherIsBetter: true },
  { id: 'oracle', description: 'E[best gold among n]: what a perfect RM would pick', higherIsBetter: true },
  { id: 'random', description: 'mean gold: what n = 1, or a random pick, gets', higherIsBetter: true },
  // Per prompt, so its interval is paired: the report's verdict (better or worse than random) needs the difference's CI, not two CIs.
  { id: 'gain', description: 'gold − random per prompt: what picking by the proxy gains over a random pick', higherIsBetter: true },
];

/** The score requests of every sample, prompt by prompt, and where each comes from (for errors). */
export function poolRequests(pool: Pool): { requests: ScoreRequest[]; where: (k: number) => string } {
  const requests = pool.prompts.flatMap((p) =>
    p.samples.map((x, k) => ({ messages: p.messages, response: x.response, key: { item: p.id, candidate: `sample-${k}` } })),
  );
  const N = pool.size;
  const where = (k: number) => `prompt "${pool.prompts[Math.floor(k / N)]!.id}" sample ${k % N} (${pool.file}:${pool.prompts[Math.floor(k / N)]!.line})`;
  return { requests, where };
}

/** Proxy scores of every sample, by prompt, from the cache where possible. */
export async function scorePool(spec: ModelSpec, id: string, pool: Pool, s: ProbeSettings) {
  const { requests, where } = poolRequests(pool);
  const { entry, scores } = await scoreRequests(spec, id, requests, where, s);
  const N = pool.size;
  return { entry, proxy: pool.prompts.map((_, i) => scores.slice(i * N, (i + 1) * N)) };
}

/** Score the pool with each model and compute the curves and fits. */
export async function bonProbe(specs: readonly ModelSpec[], pool: Pool, s: ProbeSettings) {
  const ids = uniqueIds(specs.map(defaultModelId));
  const sizes = bonSizes(pool.size);
  const models: ModelEntry[] = [];
  const results: ResultRow[] = [];
  const warnings: string[] = [];
  const lines: ProbeScoreLine[] = [];
  for (const [m, spec] of specs.entries()) {
    const { entry, proxy } = await scorePool(spec, ids[m]!, pool, s);
    models.push(entry);
    const golds = pool.prompts.map((p) => p.samples.map((x) => x.gold));
    const picks = golds.map((gold, i) => sizes.map((n) => bestOfN(proxy[i]!, gold, n)));
    const perN = picks.map((row) => row.map((pick) => pick.gold));
    for (const [j, n] of sizes.entries()) {
      const items = ScoredTable.from(
        pool.prompts.map((p, i) => {
          const gold = golds[i]!;
          const random = gold.reduce((a, b) => a + b, 0) / gold.length;
          const values = {
            gold: picks[i]![j]!.gold,
            proxy: picks[i]![j]!.proxy,
            oracle: bestOfN(gold, gold, n).gold,
            random,
            gain: picks[i]![j]!.gold - random,
          };
          return { id: p.id, cluster: p.cluster, values };
        }),
      );
      for (const row of resultRows(entry.id, 'bon', BON_METRICS, items, { seed: s.seed, ...s.bootstrap })) results.push({ ...row, subset: `n=${n}` });
      const kl = klBestOfN(n);
      results.push({ model: entry.id, suite: 'bon', subset: `n=${n}`, metric: 'kl', value: kl, ci: [kl, kl], n: pool.prompts.length, higherIsBetter: false });
    }
    const d = sizes.map((n) => Math.sqrt(klBestOfN(n)));
    const fit = {
      model: entry.id,
      suite: 'bon',
      prefix: '',
      clusters: pool.prompts.map((p) => p.cluster),
      gold: perN,
      d,
      fit: fitBonGao,
      seed: s.seed,
      bootstrap: s.bootstrap,
    };
    results.push(...curveFitRows(fit, warnings));
    pool.prompts.forEach((p, i) =>
      lines.push({
        model: entry.id,
        suite: 'bon',
        item: p.id,
        key: p.id,
        cluster: p.cluster,
        scores: proxy[i]!,
        gold: Object.fromEntries(sizes.map((n, j) => [`n=${n}`, perN[i]![j]!])),
      }),
    );
  }
  return { models, results, lines, warnings, sizes };
}

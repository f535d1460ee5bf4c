import { UsageError } from '../core/errors.js';
import { defaultModelId, uniqueIds } from '../core/model-spec.js';
import { deriveSeed } from '../core/random.js';
import { newRunFile } from '../core/run-file.js';
import type { MetricEntry, ModelEntry, ResultRow, RunFile, SuiteEntry } from '../core/run-schema.js';
import type { ProbeScoreLine } from '../core/score-line.js';
import type { ModelSpec } from '../core/types.js';
import { bootstrapIntervals } from '../metrics/bootstrap.js';
import { prepareCentred, starcWeighted, type StarcAll } from '../metrics/starc/bandit.js';
import type { ProbeSettings } from './settings.js';
import type { DistanceData, DistancePrompt } from './distance-data.js';
import { scoreRequests } from './score-requests.js';

/**
 * The reward-distance probe: every model scores every (prompt, candidate) of a suite's data
 * (distance-data.ts), then each pair of models gets its STARC distances in the
 * contextual-bandit form (metrics/starc/bandit.ts) with cluster-bootstrap CIs. Rows: suite
 * `distance`, model = the first model of the pair, subset = `A|B`, pairs in model order.
 */

export const DISTANCE_SUITE = 'distance';
export const GOLD_ID = 'gold';

export const DISTANCE_METRICS: MetricEntry[] = [
  {
    id: 'starc_val_l2',
    description:
      'd = ‖s(A) − s(B)‖₂ with s(R) = c(R)/‖c(R)‖₂ globally, c(R)(x,y) = R(x,y) − E_{y′∼π(·|x)} R(x,y′), norms weighted prompt-uniform × π (uniform); in [0, 2]',
    higherIsBetter: false,
  },
  { id: 'starc_val_l1', description: '‖s(A) − s(B)‖₁ under the same weights, s as for starc_val_l2 (L2-normalised)', higherIsBetter: false },
  { id: 'starc_val_linf', description: 'max over (x, y) of |s(A) − s(B)|, s as for starc_val_l2', higherIsBetter: false },
  { id: 'epic', description: 'D_EPIC = starc_val_l2 / 2 = sqrt((1 − ρ)/2), ρ the Pearson correlation of the centred scores; in [0, 1]', higherIsBetter: false },
];
const KEYS: Record<string, keyof StarcAll> = { starc_val_l2: 'l2', starc_val_l1: 'l1', starc_val_linf: 'linf', epic: 'epic' };

export const pairLabel = (a: string, b: string): string => `${a}|${b}`;

/** Display ids: the models' own (made unique), and `gold` for the gold scorer, which no model may take. */
export function distanceIds(specs: readonly ModelSpec[], gold: ModelSpec | undefined): string[] {
  const ids = uniqueIds([...(gold ? [GOLD_ID] : []), ...specs.map(defaultModelId)]);
  return gold ? [...ids.slice(1), GOLD_ID] : ids;
}

/** STARC distances and CIs for every pair (i < j), every resample shared by all pairs and metrics. */
export function pairRows(
  ids: readonly string[],
  scores: readonly number[][][],
  prompts: readonly DistancePrompt[],
  s: Pick<ProbeSettings, 'seed' | 'bootstrap'>,
): ResultRow[] {
  const references = prompts.map((p) => p.reference);
  const centred = scores.map((sc) => prepareCentred(sc, references));
  const clusters = [...new Set(prompts.map((p) => p.cluster))].sort();
  const index = new Map(clusters.map((c, k) => [c, k]));
  const clusterOf = Uint32Array.from(prompts.map((p) => index.get(p.cluster)!));
  const promptWeights = new Float64Array(prompts.length);
  const rows: ResultRow[] = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const value = starcWeighted(centred[i]!, centred[j]!);
      // One evaluation per resample serves all four metrics (they see the same weights in turn).
      let last: StarcAll | undefined;
      const stats = DISTANCE_METRICS.map((m, k) => (w: Uint32Array) => {
        if (k === 0) {
          for (let x = 0; x < prompts.length; x++) promptWeights[x] = w[clusterOf[x]!]!;
          last = starcWeighted(centred[i]!, centred[j]!, promptWeights);
        }
        return last![KEYS[m.id]!];
      });
      const cis = bootstrapIntervals(clusters.length, stats, { ...s.bootstrap, seed: deriveSeed(s.seed, DISTANCE_SUITE) });
      DISTANCE_METRICS.forEach((m, k) =>
        rows.push({
          model: ids[i]!,
          suite: DISTANCE_SUITE,
          subset: pairLabel(ids[i]!, ids[j]!),
          metric: m.id,
          value: value[KEYS[m.id]!],
          ci: cis[k]!,
          n: prompts.length,
          higherIsBetter: false,
        }),
      );
    }
  }
  return rows;
}

export interface DistanceResult {
  run: RunFile;
  lines: ProbeScoreLine[];
  ids: string[];
}

/** Score the data with each model (and the gold scorer), then the pair rows, as a run.json. */
export async function distanceProbe(
  specs: readonly ModelSpec[],
  gold: ModelSpec | undefined,
  d: DistanceData,
  s: ProbeSettings,
  command: string[],
): Promise<DistanceResult> {
  const all = gold ? [...specs, gold] : [...specs];
  const ids = distanceIds(specs, gold);
  if (all.length < 2) throw new UsageError('a distance needs at least two models (counting --gold)');
  if (d.prompts.length === 0) throw new UsageError(`${d.data.file}: no prompt has two or more candidates, so there is nothing to compare`);
  const requests = d.prompts.flatMap((p) => p.requests);
  const owner = d.prompts.flatMap((p, i) => p.requests.map((_, k) => [i, k] as const));
  const where = (q: number) => {
    const [i, k] = owner[q]!;
    return `prompt "${d.prompts[i]!.id}" candidate "${d.prompts[i]!.candidates[k]}" (${d.prompts[i]!.where})`;
  };
  const models: ModelEntry[] = [];
  const scores: number[][][] = [];
  const lines: ProbeScoreLine[] = [];
  for (const [m, spec] of all.entries()) {
    const { entry, scores: flat } = await scoreRequests(spec, ids[m]!, requests, where, s, (loaded) => {
      if (typeof loaded.model.score !== 'function') throw new UsageError(`model "${ids[m]}" only compares responses; a reward distance needs scalar scores`);
      if (!d.data.hasText && !loaded.model.scoresByKey)
        throw new UsageError(`${d.data.file} holds scores but no response text, so only a scores: model can be used on it (model "${ids[m]}" reads text)`);
    });
    models.push(entry);
    let at = 0;
    const byPrompt = d.prompts.map((p) => flat.slice(at, (at += p.requests.length)));
    scores.push(byPrompt);
    d.prompts.forEach((p, i) =>
      lines.push({
        model: entry.id,
        suite: DISTANCE_SUITE,
        item: p.id,
        key: p.id,
        cluster: p.cluster,
        scores: Object.fromEntries(p.candidates.map((c, k) => [c, byPrompt[i]![k]!])),
      }),
    );
  }
  const results = pairRows(ids, scores, d.prompts, s);
  const suite: SuiteEntry = {
    id: DISTANCE_SUITE,
    version: '1',
    items: d.prompts.length,
    dataset: d.data.fingerprint,
    data: d.data.file,
    format: d.data.format,
    primaryMetric: 'starc_val_l2',
    metrics: DISTANCE_METRICS,
    options: { suite: d.source, reference: d.reference },
    warnings: d.warnings,
  };
  const run = newRunFile({
    seed: s.seed,
    command,
    config: {
      probe: DISTANCE_SUITE,
      suite: d.source,
      suiteOptions: d.options,
      data: d.data.file,
      models: specs.map((x) => x.source),
      ...(gold && { gold: gold.source }),
      bootstrap: s.bootstrap,
    },
    bootstrap: s.bootstrap,
    models,
    suites: [suite],
    results,
  });
  return { run, lines, ids };
}

import { DataError } from '../core/errors.js';
import { defaultModelId, uniqueIds } from '../core/model-spec.js';
import { deriveSeed, hashUniform } from '../core/random.js';
import { ScoredTable } from '../core/scored-table.js';
import { resultRows } from '../metrics/results.js';
import type { MetricEntry, ModelEntry, ResultRow } from '../core/run-schema.js';
import type { ProbeScoreLine } from '../core/score-line.js';
import type { ModelSpec } from '../core/types.js';
import { fitRlGao } from '../metrics/gao-fit.js';
import { scorePool } from './bon.js';
import type { ProbeSettings } from './settings.js';
import { featureNames, poolFeatures } from './features.js';
import { curveFitRows } from './fit-rows.js';
import type { Pool } from './pool.js';
import { logPolicy, trainPpo, type PolicyProblem, type PpoOptions } from './ppo.js';

/**
 * The PPO probe: for each proxy RM, train the restricted policy of ppo.ts on the training
 * prompts and follow the policy's exact expected gold, proxy and KL(π‖π₀) on training and
 * held-out prompts at each checkpoint, then fit Gao et al.'s RL form gold − gold(0) = d(α − β ln d)
 * with d = √KL. Rows: suite `ppo`, subsets `step=<t>`; the fits on subset `all`.
 */

const metric = (id: string, description: string, higherIsBetter = true): MetricEntry => ({ id, description, higherIsBetter });
const SPLIT_METRICS = (prefix: string, where: string): MetricEntry[] => [
  metric(`${prefix}gold`, `E_π[gold] on ${where} prompts (exact over the pool's candidates)`),
  metric(`${prefix}proxy`, `E_π[proxy score] on ${where} prompts, on the RM's own scale`),
  metric(`${prefix}kl`, `KL(π‖π₀) = Σ π log(π/π₀) on ${where} prompts`, false),
  // Per prompt, so the report's verdict (did training help?) has a paired interval.
  metric(`${prefix}gain`, `E_π[gold] − E_π₀[gold] on ${where} prompts: gold gained over the initial policy (step 0)`),
];
export const PPO_METRICS: MetricEntry[] = [...SPLIT_METRICS('', 'training'), ...SPLIT_METRICS('heldout_', 'held-out')];

export interface PpoSettings extends ProbeSettings {
  ppo: Omit<PpoOptions, 'seed'>;
  /** Share of prompt clusters held out of training. */
  heldout: number;
}

/** Prompt indices of each split: a cluster is held out when its seeded hash falls below `share`. */
export function splitPrompts(pool: Pool, share: number, seed: number): { train: number[]; heldout: number[] } {
  const train: number[] = [];
  const heldout: number[] = [];
  pool.prompts.forEach((p, i) => (hashUniform(seed, 'ppo-split', p.cluster) < share ? heldout : train).push(i));
  if (train.length === 0 || (share > 0 && heldout.length === 0)) {
    throw new DataError(
      { file: pool.file },
      `${pool.prompts.length} prompts cannot be split with --heldout ${share}: ${train.length} for training, ${heldout.length} held out`,
    );
  }
  return { train, heldout };
}

/** Initial logits: the pool's log-probabilities where a prompt has them for every sample, else uniform. */
function baseLogits(pool: Pool, warnings: string[]): Float64Array[] {
  let partial = 0;
  const base = pool.prompts.map((p) => {
    const all = p.samples.every((s) => s.logprob !== undefined);
    if (!all && p.samples.some((s) => s.logprob !== undefined)) partial++;
    return all ? Float64Array.from(p.samples, (s) => s.logprob!) : new Float64Array(p.samples.length);
  });
  if (partial > 0) warnings.push(`${partial} prompts have logprob on some samples only: their initial policy is uniform`);
  return base;
}

/** Proxy scores standardised over the pool, so that β and the step size mean the same for every RM. */
function standardise(proxy: number[][], model: string, warnings: string[]): Float64Array[] {
  const all = proxy.flat();
  const mean = all.reduce((a, b) => a + b, 0) / all.length;
  const sd = Math.sqrt(all.reduce((a, b) => a + (b - mean) ** 2, 0) / all.length);
  if (!(sd > 0)) warnings.push(`${model}: scores every sample the same, so PPO has nothing to follow`);
  return proxy.map((row) => Float64Array.from(row, (x) => (sd > 0 ? (x - mean) / sd : 0)));
}

interface Trace {
  steps: number[];
  /** [prompt][checkpoint] */
  gold: number[][];
  proxy: number[][];
  kl: number[][];
}

function trace(pool: Pool, problem: PolicyProblem, proxy: number[][], train: number[], o: PpoOptions) {
  const t: Trace = { steps: [], gold: pool.prompts.map(() => []), proxy: pool.prompts.map(() => []), kl: pool.prompts.map(() => []) };
  const theta = trainPpo(problem, train, o, (step, head, logp0) => {
    t.steps.push(step);
    pool.prompts.forEach((p, i) => {
      const logp = logPolicy(problem, i, head);
      let gold = 0;
      let score = 0;
      let kl = 0;
      logp.forEach((l, k) => {
        const q = Math.exp(l);
        gold += q * p.samples[k]!.gold;
        score += q * proxy[i]![k]!;
        if (q > 0) kl += q * (l - logp0[i]![k]!);
      });
      t.gold[i]!.push(gold);
      t.proxy[i]!.push(score);
      t.kl[i]!.push(Math.max(0, kl));
    });
  });
  return { trace: t, theta };
}

/** The head's largest weights: what the policy learned to favour (+) or avoid (−). */
export function topWeights(theta: Float64Array, count = 5): { feature: string; weight: number }[] {
  const names = featureNames();
  return [...theta]
    .map((weight, j) => ({ feature: names[j]!, weight }))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.feature.localeCompare(b.feature))
    .slice(0, count);
}

export async function ppoProbe(specs: readonly ModelSpec[], pool: Pool, s: PpoSettings) {
  const ids = uniqueIds(specs.map(defaultModelId));
  const warnings: string[] = [];
  const { train, heldout } = splitPrompts(pool, s.heldout, s.seed);
  const features = poolFeatures(pool.prompts);
  const base = baseLogits(pool, warnings);
  const options: PpoOptions = { ...s.ppo, seed: deriveSeed(s.seed, 'ppo') };
  const models: ModelEntry[] = [];
  const results: ResultRow[] = [];
  const heads: Record<string, { feature: string; weight: number }[]> = {};
  const lines: ProbeScoreLine[] = [];
  for (const [m, spec] of specs.entries()) {
    const { entry, proxy } = await scorePool(spec, ids[m]!, pool, s);
    models.push(entry);
    const problem: PolicyProblem = { features, width: featureNames().length, base, reward: standardise(proxy, entry.id, warnings) };
    const { trace: t, theta } = trace(pool, problem, proxy, train, options);
    heads[entry.id] = topWeights(theta);
    for (const [split, idx, prefix] of [
      ['train', train, ''],
      ['heldout', heldout, 'heldout_'],
    ] as const) {
      if (idx.length === 0) continue;
      const metrics = PPO_METRICS.filter((x) => x.id.startsWith('heldout_') === (prefix !== ''));
      t.steps.forEach((step, c) => {
        const items = ScoredTable.from(
          idx.map((i) => ({
            id: pool.prompts[i]!.id,
            cluster: pool.prompts[i]!.cluster,
            values: {
              [`${prefix}gold`]: t.gold[i]![c]!,
              [`${prefix}proxy`]: t.proxy[i]![c]!,
              [`${prefix}kl`]: t.kl[i]![c]!,
              [`${prefix}gain`]: t.gold[i]![c]! - t.gold[i]![0]!,
            },
          })),
        );
        for (const row of resultRows(entry.id, 'ppo', metrics, items, { seed: deriveSeed(s.seed, split), ...s.bootstrap }))
          results.push({ ...row, subset: `step=${step}` });
      });
      const fit = {
        model: entry.id,
        suite: 'ppo',
        prefix,
        clusters: idx.map((i) => pool.prompts[i]!.cluster),
        gold: idx.map((i) => t.gold[i]!),
        d: { kl: idx.map((i) => t.kl[i]!) },
        fit: fitRlGao,
        seed: s.seed,
        bootstrap: s.bootstrap,
      };
      results.push(...curveFitRows(fit, warnings));
    }
    const last = t.steps.length - 1;
    const held = new Set(heldout);
    pool.prompts.forEach((p, i) =>
      lines.push({
        model: entry.id,
        suite: 'ppo',
        item: p.id,
        key: p.id,
        cluster: p.cluster,
        split: held.has(i) ? 'heldout' : 'train',
        scores: proxy[i]!,
        gold: t.gold[i]![last]!,
        kl: t.kl[i]![last]!,
      }),
    );
  }
  return { models, results, lines, warnings, heads, steps: options.steps, split: { train: train.length, heldout: heldout.length } };
}

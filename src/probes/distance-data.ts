import { isAbsolute, join, resolve } from 'node:path';
import { suites as suiteRegistry } from '../benchmarks/index.js';
import { canonicalJson } from '../core/canonical.js';
import { resolveSuiteOptions } from '../run/load-suites.js';
import { parseSuiteSpec } from '../core/model-spec.js';
import { datasetsDir } from '../core/paths.js';
import { occurrenceIds } from '../core/item-keys.js';
import type { Item, LoadedDataset, Suite } from '../core/suite.js';
import type { ScoreRequest } from '../core/types.js';
import { loadPool } from './pool.js';

/**
 * A suite's data as contextual-bandit states for the reward-distance probe. Any suite works,
 * with no per-suite code: what a score-capable model would be asked on an item,
 * `suite.plan(item, { score: true, compare: false })`, lists (conversation, response) pairs,
 * and those pairs are the (x, y) of the bandit. Pairwise rows give chosen and rejected;
 * best-of-n all N; RewardMATH the chosen, the rejected and the restyled chosen; contrast two
 * states per item (one per instruction, each with both responses); personalized one state per
 * conditioning mode. States are keyed by the conversation, so rows that share a prompt pool
 * their candidates into one state (identical responses counted once), as the bandit's
 * state is the prompt, not the row.
 */

export interface DistancePrompt {
  /** The first item's id (`#2`, ... for its further conversations). */
  id: string;
  /** The bootstrap unit: the first item's cluster, so one item's states resample together. */
  cluster: string;
  /** `file:line` of the first item, for error messages. */
  where: string;
  candidates: string[];
  requests: ScoreRequest[];
  /** π(·|x) over the candidates; absent: uniform. */
  reference?: number[];
}

export interface DistanceData {
  /** The suite id, or `pool` for a pool of sampled responses. */
  source: string;
  options: Record<string, string>;
  data: Pick<LoadedDataset<Item>, 'file' | 'fingerprint' | 'format' | 'hasText'>;
  /** `uniform`, or `pool logprobs` where the pool gives every sample of a prompt a logprob. */
  reference: string;
  prompts: DistancePrompt[];
  warnings: string[];
}

/** Load `--suite SPEC` (with `?option=value`) from `--data FILE` or the built-in dataset. */
export async function loadDistanceData(spec: string, dataFile: string | undefined, cwd: string): Promise<DistanceData> {
  const { id, options: given } = parseSuiteSpec(spec);
  const { suite } = await suiteRegistry.load(id);
  const options = resolveSuiteOptions(suite, given);
  const file = dataFile === undefined ? join(datasetsDir, suite.defaultData) : isAbsolute(dataFile) ? dataFile : resolve(cwd, dataFile);
  const data = await suite.load(file, options);
  return { source: suite.id, options, data, reference: 'uniform', ...banditStates(suite, data, options) };
}

/**
 * A pool (probes/pool.ts) as bandit states: each prompt with its N samples, keyed as the
 * Best-of-n probe keys them, so the two share cached scores. The reference π(·|x) is the
 * pool's own sampling distribution, softmax of the logprobs, where every sample of a prompt has
 * one: the policy the samples came from, which is what STARC's π stands for. Else uniform.
 */
export async function loadPoolDistanceData(file: string): Promise<DistanceData> {
  const pool = await loadPool(file);
  let weighted = 0;
  const prompts = pool.prompts.map((p): DistancePrompt => {
    const lp = p.samples.every((x) => x.logprob !== undefined) ? p.samples.map((x) => x.logprob!) : undefined;
    if (lp) weighted++;
    const max = lp ? Math.max(...lp) : 0;
    return {
      id: p.id,
      cluster: p.cluster,
      where: `${pool.file}:${p.line}`,
      candidates: p.samples.map((_, k) => `sample-${k}`),
      requests: p.samples.map((x, k) => ({ messages: p.messages, response: x.response, key: { item: p.id, candidate: `sample-${k}` } })),
      ...(lp && { reference: lp.map((l) => Math.exp(l - max)) }),
    };
  });
  const warnings =
    weighted > 0 && weighted < prompts.length
      ? [`${prompts.length - weighted} of ${prompts.length} prompts lack a logprob on some sample: uniform reference there`]
      : [];
  const data = { file: pool.file, fingerprint: pool.fingerprint, format: pool.format, hasText: true };
  return { source: 'pool', options: { samples: String(pool.size) }, data, reference: weighted > 0 ? 'pool logprobs' : 'uniform', prompts, warnings };
}

/** Group the planned score requests into states; states with fewer than two candidates say nothing about a reward's shape and are dropped. */
export function banditStates(suite: Suite, data: LoadedDataset<Item>, options: Record<string, string>): { prompts: DistancePrompt[]; warnings: string[] } {
  const states = new Map<string, { item: Item; requests: ScoreRequest[]; seen: Set<string> }>();
  for (const item of data.items) {
    for (const q of suite.plan(item, { score: true, compare: false }, options)) {
      if (q.kind !== 'score') continue;
      const r = q.request;
      const key = canonicalJson(r.messages);
      const state = states.get(key) ?? states.set(key, { item, requests: [], seen: new Set() }).get(key)!;
      // Text-free files (published scores) have empty responses: their candidates differ by key only.
      const same = data.hasText
        ? canonicalJson([r.response, r.context ?? null])
        : canonicalJson([r.key?.item ?? item.id, r.key?.candidate ?? state.requests.length]);
      if (state.seen.has(same)) continue;
      state.seen.add(same);
      state.requests.push(r);
    }
  }
  const kept = [...states.values()].filter((s) => s.requests.length >= 2);
  const ids = occurrenceIds(kept.map((s) => s.item.id));
  const prompts = kept.map((s, i): DistancePrompt => {
    const multi = new Set(s.requests.map((r) => r.key?.item)).size > 1;
    const labels = s.requests.map((r, k) => (multi ? `${r.key?.item}:${r.key?.candidate ?? k}` : (r.key?.candidate ?? `candidate-${k}`)));
    return {
      id: ids[i]!,
      cluster: s.item.cluster,
      where: `${data.file}${s.item.line !== undefined ? `:${s.item.line}` : ''}`,
      candidates: occurrenceIds(labels),
      requests: s.requests,
    };
  });
  const warnings = [...data.warnings];
  const dropped = states.size - kept.length;
  if (dropped > 0) warnings.push(`${dropped} of ${states.size} prompts have a single candidate and were left out (centring makes them 0 for every model)`);
  return { prompts, warnings };
}

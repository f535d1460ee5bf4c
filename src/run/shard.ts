import { UsageError } from '../core/errors.js';
import { hashUniform } from '../core/random.js';

/** `--shard I/N`: this run evaluates the I-th of N disjoint parts of every suite (1-based). */
export interface Shard {
  index: number;
  count: number;
}

/** `"2/4"` → { index: 2, count: 4 }; `what` names the flag or config field in the error. */
export function parseShard(text: string, what = '--shard'): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new UsageError(`${what}: expected I/N with 1 ≤ I ≤ N (e.g. 2/4), got "${text}"`);
  }
  return { index, count };
}

/**
 * The shard (1-based) that holds a cluster. It hashes the bootstrap cluster, not the item id:
 * the CIs resample whole clusters (prompts), so `merge` can recompute them exactly only when
 * every item of a cluster was scored in the same shard and every cluster is whole in the union.
 * Hashing also keeps the assignment independent of item order and of the other items, so a
 * grown dataset moves no existing cluster between shards (for a fixed N).
 */
export function shardOf(suite: string, cluster: string, count: number): number {
  return Math.floor(hashUniform('shard', suite, cluster) * count) + 1;
}

/** The items of `suite` that belong to `shard`, in their original order. */
export function selectShard<T extends { cluster: string }>(suite: string, items: readonly T[], shard: Shard): T[] {
  return items.filter((it) => shardOf(suite, it.cluster, shard.count) === shard.index);
}

import { join } from 'node:path';
import { canonicalJson } from '../core/canonical.js';
import { DataError, UsageError } from '../core/errors.js';
import { readRunFile } from '../core/run-file.js';
import type { RunFile } from '../core/run-schema.js';
import { readScoreLines, type ScoreLine, type ScoreRecord } from '../core/score-line.js';
import { shardOf, type Shard } from './shard.js';

/** One shard's run folder as merge reads it. */
export interface ShardRun {
  dir: string;
  run: RunFile;
  shard: Shard;
  lines: ScoreLine[];
  /** The file line of each of `lines`, for messages. */
  at: number[];
}

/**
 * Config keys that may differ between shards: they change how a run was executed (where its
 * cache lives, how many batches were in flight), never a score, so CI jobs may set them freely.
 */
const EXECUTION_KEYS = ['shard', 'cache', 'concurrency', 'batchSize', 'configFile'];

const configOf = (run: RunFile): Record<string, unknown> => Object.fromEntries(Object.entries(run.config).filter(([k]) => !EXECUTION_KEYS.includes(k)));

const brief = (v: unknown): string => {
  const s = v === undefined ? 'nothing' : JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
};

function shardOfRun(dir: string, run: RunFile): Shard {
  const s = run.config.shard as Partial<Shard> | undefined;
  if (s === undefined) throw new UsageError(`${dir}: not a shard (its run.json has no config.shard; was it made with rewardgauge run --shard I/N?)`);
  if (!Number.isInteger(s.index) || !Number.isInteger(s.count) || s.count! < 1 || s.index! < 1 || s.index! > s.count!) {
    throw new UsageError(`${dir}: config.shard must be {"index": I, "count": N} with 1 ≤ I ≤ N, got ${brief(s)}`);
  }
  return { index: s.index!, count: s.count! };
}

async function readShard(dir: string): Promise<ShardRun> {
  const run = await readRunFile(dir);
  const shard = shardOfRun(dir, run);
  const file = join(dir, 'scores.jsonl');
  let records: ScoreRecord[];
  try {
    records = await readScoreLines(file);
  } catch (err) {
    if (err instanceof DataError && err.problem === 'file not found') {
      throw new DataError({ file }, "file not found; merge recomputes every result from the shards' per-item scores");
    }
    throw err;
  }
  // ScoreLineSchema lets cluster be absent (files from before it was recorded); a shard's lines need it to be placed.
  const unplaced = records.find((r) => r.value.cluster === undefined);
  if (unplaced) throw new DataError({ file, line: unplaced.line, field: 'cluster' }, "missing required field (merge checks each item's shard by its cluster)");
  return { dir, run, shard, lines: records.map((r) => r.value), at: records.map((r) => r.line) };
}

/** Shards 1..N of one N, each exactly once, sorted by index. */
function checkSet(shards: ShardRun[]): ShardRun[] {
  const name = (s: ShardRun) => `${s.dir} (${s.shard.index}/${s.shard.count})`;
  const counts = [...new Set(shards.map((s) => s.shard.count))];
  if (counts.length > 1) throw new UsageError(`the shards come from different splits: ${shards.map(name).join(', ')}`);
  const n = counts[0]!;
  const byIndex = new Map<number, ShardRun>();
  for (const s of shards) {
    const other = byIndex.get(s.shard.index);
    if (other) throw new UsageError(`shard ${s.shard.index}/${n} is given twice: ${other.dir} and ${s.dir}`);
    byIndex.set(s.shard.index, s);
  }
  const missing = Array.from({ length: n }, (_, k) => k + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    throw new UsageError(
      `shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${n}`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing (given: ${shards.map(name).join(', ')})`,
    );
  }
  return [...byIndex.values()].sort((a, b) => a.shard.index - b.shard.index);
}

/** Everything that decides a number must be the same in every shard; say what differs and where. */
function checkSameRun(shards: ShardRun[]): void {
  const [first, ...rest] = shards;
  const at = (s: ShardRun) => `shard ${s.shard.index} (${s.dir})`;
  const differs = (what: string, a: unknown, b: unknown, s: ShardRun): UsageError =>
    new UsageError(`the shards are not parts of one run: ${what} differs: ${brief(a)} in ${at(first!)}, ${brief(b)} in ${at(s)}`);
  for (const s of rest) {
    const a = first!.run;
    const b = s.run;
    if (a.tool.version !== b.tool.version) throw differs('the rewardgauge version', a.tool.version, b.tool.version, s);
    if (a.seed !== b.seed) throw differs('the seed', a.seed, b.seed, s);
    if (canonicalJson(a.statistics) !== canonicalJson(b.statistics)) throw differs('the bootstrap settings', a.statistics.bootstrap, b.statistics.bootstrap, s);
    const ca = configOf(a);
    const cb = configOf(b);
    for (const k of [...new Set([...Object.keys(ca), ...Object.keys(cb)])].sort()) {
      if (canonicalJson(ca[k] ?? null) !== canonicalJson(cb[k] ?? null)) throw differs(`config.${k}`, ca[k], cb[k], s);
    }
    const ids = (r: RunFile) => r.models.map((m) => m.id);
    if (canonicalJson(ids(a)) !== canonicalJson(ids(b))) throw differs('the list of models', ids(a), ids(b), s);
    a.models.forEach((m, k) => {
      const o = b.models[k]!;
      if (m.spec !== o.spec) throw differs(`model "${m.id}"'s spec`, m.spec, o.spec, s);
      if (m.fingerprint !== o.fingerprint) throw differs(`model "${m.id}"'s fingerprint`, m.fingerprint, o.fingerprint, s);
    });
    const sids = (r: RunFile) => r.suites.map((x) => x.id);
    if (canonicalJson(sids(a)) !== canonicalJson(sids(b))) throw differs('the list of suites', sids(a), sids(b), s);
    a.suites.forEach((x, k) => {
      const o = b.suites[k]!;
      if (x.version !== o.version) throw differs(`suite "${x.id}"'s version`, x.version, o.version, s);
      if (x.dataset !== o.dataset) throw differs(`suite "${x.id}"'s dataset (${x.data})`, x.dataset, o.dataset, s);
      if (canonicalJson(x.options) !== canonicalJson(o.options)) throw differs(`suite "${x.id}"'s options`, x.options, o.options, s);
    });
  }
}

/** Each shard's scores.jsonl is complete, holds only its own clusters, and no item is scored twice. */
function checkLines(shards: ShardRun[]): void {
  const seen = new Map<string, string>();
  for (const s of shards) {
    const file = join(s.dir, 'scores.jsonl');
    const counts = new Map<string, number>();
    const models = new Set(s.run.models.map((m) => m.id));
    const suites = new Set(s.run.suites.map((x) => x.id));
    s.lines.forEach((l, i) => {
      if (!models.has(l.model) || !suites.has(l.suite))
        throw new DataError({ file, line: s.at[i] }, `model "${l.model}" on suite "${l.suite}" is not in the shard's run.json`);
      const home = shardOf(l.suite, l.cluster!, s.shard.count);
      if (home !== s.shard.index)
        throw new DataError(
          { file, line: s.at[i], field: 'cluster' },
          `item "${l.item}" belongs to shard ${home}/${s.shard.count}, not ${s.shard.index}/${s.shard.count}`,
        );
      const key = JSON.stringify([l.model, l.suite, l.item]);
      const before = seen.get(key);
      if (before) throw new DataError({ file, line: s.at[i] }, `item "${l.item}" of suite "${l.suite}" for model "${l.model}" is also in ${before}`);
      seen.set(key, `${file}:${s.at[i]}`);
      const ms = JSON.stringify([l.model, l.suite]);
      counts.set(ms, (counts.get(ms) ?? 0) + 1);
    });
    for (const m of s.run.models) {
      for (const x of s.run.suites) {
        const got = counts.get(JSON.stringify([m.id, x.id])) ?? 0;
        if (got !== x.items)
          throw new UsageError(
            `${file} has ${got} lines for model "${m.id}" on suite "${x.id}", but its run.json says the shard has ${x.items} items: the file is incomplete or from another run`,
          );
      }
    }
  }
}

/**
 * The run folders of a sharded run, checked before merge computes anything: shards 1..N of one
 * N, each once, of one run (same config, models, suites and data), each scores.jsonl complete.
 */
export async function readShardSet(dirs: readonly string[]): Promise<ShardRun[]> {
  const shards = checkSet(await Promise.all(dirs.map(readShard)));
  checkSameRun(shards);
  checkLines(shards);
  return shards;
}

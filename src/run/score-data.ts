import { resolve } from 'node:path';
import { suites as suiteRegistry } from '../benchmarks/index.js';
import { DiskStore, openStore } from '../core/cache.js';
import { sha256 } from '../core/canonical.js';
import { openDataStream } from '../core/data-stream.js';
import { DataError, UsageError } from '../core/errors.js';
import { Progress, type ProgressMode } from '../core/progress.js';
import { ScoreTable } from '../core/score-table.js';
import { answerQueries } from '../core/scorer.js';
import type { Query, Suite } from '../core/suite.js';
import type { ModelSpec } from '../core/types.js';
import type { TextEncoding } from '../core/text-encoding.js';
import { resolveSuiteOptions } from './load-suites.js';
import { createModel } from './models.js';
import { readOutPrefix, OutWriter, type ScoreOutLine } from './score-out.js';
import { selectShard, type Shard } from './shard.js';

export interface ScoreDataPlan {
  data: string;
  suite: { id: string; options: Record<string, string> };
  model: ModelSpec;
  out: string;
  resume: boolean;
  shard?: Shard | undefined;
  cache: { dir: string; enabled: boolean };
  cwd: string;
  concurrency: number;
  batchSize?: number | undefined;
  encoding?: TextEncoding | undefined;
  seed: number;
}

export interface ScoreDataIO {
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  progress: ProgressMode;
  log: (line: string) => void;
}

export interface ScoreDataStats {
  items: number;
  lines: number;
  /** Lines already in the output from an earlier, interrupted run. */
  resumed: number;
  cacheHits: number;
  modelCalls: number;
  seconds: number;
}

/** The dataset's items in batches: record batch by record batch when the suite can parse them so, else loaded whole. */
async function* itemBatches(suite: Suite, file: string, options: Record<string, string>, encoding: TextEncoding | undefined, share: { of: () => number }) {
  if (suite.parse) {
    const stream = await openDataStream(file, { encoding });
    share.of = () => stream.readShare();
    for await (const records of stream.batches) yield suite.parse(file, records, options);
    return;
  }
  const data = await suite.load(file, options, { encoding });
  if (!data.hasText) throw new UsageError(`${file} holds scores but no response text: there is nothing to score`);
  for (let i = 0; i < data.items.length; i += 2048) {
    share.of = () => Math.min(1, (i + 2048) / data.items.length);
    yield data.items.slice(i, i + 2048);
  }
}

/** A chunk of planned queries, with the (item, candidate) each one's line names. */
interface Chunk {
  queries: Query[];
  names: { item: string; candidate: string }[];
}

/**
 * Score a dataset of any size through one model: items are read, planned, scored (cache first)
 * and written a chunk at a time, the next chunk read while the model scores this one, so memory
 * holds two chunks, not the dataset. The output is one line per (item, candidate); with
 * `resume`, the lines an interrupted run wrote are kept and their pairs not planned again.
 */
export async function scoreDataset(plan: ScoreDataPlan, io: ScoreDataIO): Promise<ScoreDataStats> {
  const started = performance.now();
  const { suite } = await suiteRegistry.load(plan.suite.id);
  const options = resolveSuiteOptions(suite, plan.suite.options);
  const file = resolve(plan.cwd, plan.data);
  const prefix = await readOutPrefix(plan.out);
  if (prefix.lines > 0 && !plan.resume) {
    throw new UsageError(`${plan.out} already holds ${prefix.lines} lines: pass --resume to continue it, or remove it`);
  }
  const loaded = await createModel(
    { ...plan.model },
    { seed: plan.seed, cwd: plan.model.baseDir ?? plan.cwd, ...(plan.encoding && { encoding: plan.encoding }) },
  );
  const { model } = loaded;
  const stats: ScoreDataStats = { items: 0, lines: 0, resumed: prefix.lines, cacheHits: 0, modelCalls: 0, seconds: 0 };
  let inFlight: Promise<void> = Promise.resolve();
  let out: OutWriter | undefined;
  try {
    if (!model.score) throw new UsageError(`model "${model.id}" compares pairs and cannot score single responses`);
    const store = await openStore(plan.cache, plan.cwd, model.fingerprint, (m) => io.log(`cache: warning: ${m}`));
    out = await OutWriter.open(plan.out, plan.resume);
    const writer = out;
    const batchSize = plan.batchSize ?? loaded.batchSize;
    // Enough queries per chunk to keep `concurrency` batches in flight for a while; small enough
    // that memory holds little and a kill loses at most this many lines (their scores stay cached).
    const chunkSize = batchSize * plan.concurrency * 4;
    const progress = new Progress({ label: model.id, total: 0, stream: io.stderr, mode: io.progress });
    const share = { of: () => 0 };
    // Ids by their SHA-256 (127 bits kept): a Set of a million id strings took 200 MB of the peak.
    const seen = new ScoreTable();
    let skip = prefix.lines;
    let pending: Chunk = { queries: [], names: [] };

    const score = async (chunk: Chunk): Promise<string> => {
      const { raw, stats: s } = await answerQueries(model, store, chunk.queries, {
        concurrency: plan.concurrency,
        batchSize,
        describe: (k) => `item "${chunk.names[k]!.item}" candidate "${chunk.names[k]!.candidate}" of ${file}`,
        progress: (total) => new Progress({ label: model.id, total, stream: io.stderr, mode: 'off' }),
      });
      stats.cacheHits += s.cacheHits;
      stats.modelCalls += s.modelCalls;
      return raw.map((score, k) => `${JSON.stringify({ ...chunk.names[k]!, score } satisfies ScoreOutLine)}\n`).join('');
    };
    // One chunk is scored while the next is read and planned; its lines are written, in order, before the next is scored.
    const flush = async (): Promise<void> => {
      const chunk = pending;
      pending = { queries: [], names: [] };
      await inFlight;
      inFlight = score(chunk).then(async (text) => {
        await writer.write(text);
        stats.lines += chunk.queries.length;
        progress.tick(chunk.queries.length);
        progress.setTotal(Math.round((stats.resumed + stats.lines) / Math.max(share.of(), 1e-9)));
      });
      // Surface a failure now rather than after the next chunk is read.
      inFlight.catch(() => {});
    };

    for await (const batch of itemBatches(suite, file, options, plan.encoding, share)) {
      for (const item of plan.shard ? selectShard(suite.id, batch, plan.shard) : batch) {
        const idHash = sha256(item.id);
        if (seen.get(idHash) !== undefined) throw new DataError({ file, line: item.line, field: 'id' }, `duplicate id "${item.id}"`);
        seen.set(idHash, 0);
        stats.items++;
        for (const q of suite.plan(item, { score: true, compare: false }, options)) {
          if (q.kind !== 'score') throw new UsageError(`suite "${suite.id}" asks for pairwise comparisons, which score does not make`);
          const name = { item: q.request.key?.item ?? item.id, candidate: q.request.key?.candidate ?? '' };
          if (skip > 0) {
            skip--;
            if (skip === 0) checkResumedAt(plan.out, prefix, name);
            continue;
          }
          pending.queries.push(q);
          pending.names.push(name);
        }
        if (pending.queries.length >= chunkSize) await flush();
      }
    }
    if (skip > 0) throw new UsageError(`${plan.out} holds ${prefix.lines} lines, more than this dataset has pairs to score: it is another dataset's output`);
    if (pending.queries.length > 0) await flush();
    await inFlight;
    await writer.close();
    out = undefined;
    if (store instanceof DiskStore) await store.sync();
    progress.finish();
  } finally {
    // On a failure, the chunk being scored finishes (its scores are cached) and what was written is kept for --resume.
    await inFlight.catch(() => {});
    await out?.close().catch(() => {});
    await model.dispose?.();
  }
  stats.seconds = (performance.now() - started) / 1000;
  return stats;
}

/** The last line kept must name the pair planned at that place, or the output belongs to other data (or another shard). */
function checkResumedAt(out: string, prefix: { lines: number; last: ScoreOutLine | undefined }, name: { item: string; candidate: string }): void {
  const last = prefix.last;
  if (!last || last.item !== name.item || last.candidate !== name.candidate) {
    throw new UsageError(
      `${out}:${prefix.lines}: expected the line of item "${name.item}" candidate "${name.candidate}" there, so it is not this dataset's output (or another --shard's); remove it or choose another --out`,
    );
  }
}

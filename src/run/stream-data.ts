import { stat } from 'node:fs/promises';
import { sha256 } from '../core/canonical.js';
import { openDataStream } from '../core/data-stream.js';
import { DataError } from '../core/errors.js';
import { ScoreTable } from '../core/score-table.js';
import type { Item, LoadedDataset, Suite } from '../core/suite.js';
import type { ReadOptions } from '../core/text-encoding.js';
import { selectShard, type Shard } from './shard.js';

/**
 * Datasets too large to hold with their text: read once to check them (before any model loads,
 * as for every run), then again per model, batch by batch. Only suites whose items are one
 * record each (`Suite.parse`) can be read so.
 */

/** Local files above this size are streamed (when the suite can parse record batches). */
export const STREAM_ABOVE_BYTES = 64 * 2 ** 20;

export interface StreamedData {
  file: string;
  read: ReadOptions;
  /** Items in the file, and in this run's shard. */
  total: number;
  items: number;
  /** `--limit`: only the first this many items (of the shard) are read. */
  limit?: number;
}

export async function shouldStream(suite: Suite, file: string, above: number): Promise<boolean> {
  if (!suite.parse) return false;
  const size = (await stat(file).catch(() => undefined))?.size;
  return size !== undefined && size >= above;
}

/** The items of a streamed dataset in batches, in file order, restricted to the shard. */
export async function* streamedItems(suite: Suite, options: Record<string, string>, data: StreamedData, shard?: Shard): AsyncGenerator<Item[]> {
  const stream = await openDataStream(data.file, data.read);
  let left = data.limit ?? Infinity;
  for await (const records of stream.batches) {
    const items = suite.parse!(data.file, records, options);
    const mine = (shard ? selectShard(suite.id, items, shard) : items).slice(0, left);
    left -= mine.length;
    yield mine;
    if (left <= 0) return;
  }
}

/**
 * The first pass: every record parsed and checked, ids unique across the file, the fingerprint;
 * what a loaded dataset says about itself, without its items. Clusters are counted by their hash.
 */
export async function checkStreamed(
  suite: Suite,
  file: string,
  options: Record<string, string>,
  read: ReadOptions,
  shard?: Shard,
): Promise<{ data: LoadedDataset<Item>; stream: StreamedData }> {
  const stream = await openDataStream(file, read);
  const ids = new Map<string, number>();
  const clusters = new ScoreTable();
  let total = 0;
  let items = 0;
  // Items of one prompt tend to be neighbours: the same cluster as the last item's needs no hash.
  let last: string | undefined;
  for await (const records of stream.batches) {
    const batch = suite.parse!(file, records, options);
    for (const it of batch) {
      const first = ids.get(it.id);
      if (first !== undefined) throw new DataError({ file, line: it.line, field: 'id' }, `duplicate id "${it.id}" (first on line ${first})`);
      ids.set(it.id, it.line ?? 0);
      if (it.cluster !== last) clusters.set(sha256((last = it.cluster)), 0);
    }
    total += batch.length;
    items += shard ? selectShard(suite.id, batch, shard).length : batch.length;
  }
  if (total === 0) throw new DataError({ file }, 'the file holds no records');
  const repeats = total - clusters.size;
  const warnings =
    repeats > 0
      ? [`${repeats} item(s) repeat an earlier prompt; each is scored as its own item (as the reference code does) and they share a bootstrap cluster`]
      : [];
  return {
    data: { file, fingerprint: stream.fingerprint(), format: suite.id, items: [], hasText: true, warnings },
    stream: { file, read, total, items },
  };
}
